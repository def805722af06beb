import { describe, expect, it } from 'vitest';
import { classifyRequestedName, decideDisconnect, decideNameClaim, REGISTRATION_RETRY_WINDOW_MS, stsAssignedNameProblem, type NameHolder } from './name-policy.js';

const STS_URL = 'https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Signature=abc';

describe('classifyRequestedName', () => {
  it.each([
    { name: 'a random 20-character name from the official agent (spec §5.2)', input: 'b4xjgN1rzk4O7spj7FVc', origin: 'assignment_origin_agent', expected: { ok: true, kind: 'plain', name: 'b4xjgN1rzk4O7spj7FVc' } },
    { name: 'exactly 8 characters', input: 'abcdefgh', origin: 'assignment_origin_agent', expected: { ok: true, kind: 'plain', name: 'abcdefgh' } },
    { name: 'exactly 80 characters', input: 'a'.repeat(80), origin: 'assignment_origin_agent', expected: { ok: true, kind: 'plain', name: 'a'.repeat(80) } },
    { name: 'the characters - _ + inside', input: 'runner_1-a+b', origin: 'assignment_origin_agent', expected: { ok: true, kind: 'plain', name: 'runner_1-a+b' } },
    { name: 'an https URL on an agent-origin type', input: STS_URL, origin: 'assignment_origin_agent', expected: { ok: false, code: 'AGENT_NAME_URL_NOT_ALLOWED' } },
    { name: 'an absolute path counts as a URL, as in Go url.ParseRequestURI', input: '/some/path/name', origin: 'assignment_origin_agent', expected: { ok: false, code: 'AGENT_NAME_URL_NOT_ALLOWED' } },
    { name: 'a plain name on an STS-origin type', input: 'my-agent-01', origin: 'assignment_origin_aws_sts', expected: { ok: false, code: 'AGENT_NAME_STS_REQUIRED' } },
    { name: 'a URL on an STS-origin type goes to the verifier', input: STS_URL, origin: 'assignment_origin_aws_sts', expected: { ok: true, kind: 'sts-url', url: STS_URL } },
  ] as const)('$name', ({ input, origin, expected }) => {
    expect(classifyRequestedName(input, origin)).toEqual(expected);
  });

  it.each([
    { name: '7 characters is too short', input: 'abcdefg', reason: 'it must have between 8 and 80 characters' },
    { name: '81 characters is too long', input: 'a'.repeat(81), reason: 'it must have between 8 and 80 characters' },
    { name: 'the empty name', input: '', reason: 'is 0 characters long' },
    { name: 'a space', input: 'my agent 1', reason: 'may only contain letters, digits and the characters - _ / +' },
    { name: 'a dot', input: 'agent.example', reason: 'may only contain' },
    { name: 'a non-ASCII letter', input: 'agentéééé', reason: 'may only contain' },
  ])('refuses a plain name: $name', ({ input, reason }) => {
    const result = classifyRequestedName(input, 'assignment_origin_agent');
    expect(result).toMatchObject({ ok: false, code: 'AGENT_NAME_INVALID' });
    expect(result.ok === false && 'detail' in result ? result.detail : '').toContain(reason);
  });
});

describe('stsAssignedNameProblem', () => {
  it.each([
    { name: 'an EC2 instance id', input: 'i-0123456789abcdef0', expected: null },
    { name: 'empty', input: '', expected: 'AWS STS returned an empty role session name' },
    { name: '81 characters', input: 'x'.repeat(81), expected: 'the role session name from AWS STS is 81 characters long; agent names have at most 80' },
  ])('$name', ({ input, expected }) => {
    expect(stsAssignedNameProblem(input)).toBe(expected);
  });
});

const NOW = 1_000_000_000;
function holder(overrides: Partial<NameHolder> = {}): NameHolder {
  return { agentTypeId: 'type-a', status: 'registered', lastSyncAt: null, connectedAt: NOW - 10_000, releaseAt: null, ...overrides };
}

describe('decideNameClaim', () => {
  it.each([
    { name: 'a never-synced registration of the same type 10 s ago is a retry (spec §1.2)', holder: holder(), claimant: 'type-a', expected: 'retry' },
    { name: 'a retry just inside the 5-minute window', holder: holder({ connectedAt: NOW - REGISTRATION_RETRY_WINDOW_MS + 1 }), claimant: 'type-a', expected: 'retry' },
    { name: 'a repeat 5 minutes after registering is taken', holder: holder({ connectedAt: NOW - REGISTRATION_RETRY_WINDOW_MS }), claimant: 'type-a', expected: 'taken' },
    { name: 'an agent that has synced holds its name', holder: holder({ lastSyncAt: NOW - 1000 }), claimant: 'type-a', expected: 'taken' },
    { name: 'the same name from another type is taken (names are unique in the organization)', holder: holder(), claimant: 'type-b', expected: 'taken' },
    { name: 'a reserved name before its release time is taken', holder: holder({ status: 'disconnected', releaseAt: NOW + 1 }), claimant: 'type-a', expected: 'taken' },
    { name: 'a reserved name at its release time is released', holder: holder({ status: 'disconnected', releaseAt: NOW }), claimant: 'type-b', expected: 'released' },
    { name: 'a reserved name past its release time is released', holder: holder({ status: 'disconnected', releaseAt: NOW - 5000 }), claimant: 'type-a', expected: 'released' },
    { name: 'a disconnected row without a release time stays taken', holder: holder({ status: 'disconnected', releaseAt: null }), claimant: 'type-a', expected: 'taken' },
  ] as const)('$name', ({ holder: h, claimant, expected }) => {
    expect(decideNameClaim(h, { agentTypeId: claimant }, NOW)).toBe(expected);
  });
});

describe('decideDisconnect', () => {
  it.each([
    { name: 'release_after 0 frees the name at once', releaseAfter: 0, expected: { kind: 'free-now' } },
    { name: 'release_after 60 holds it for 60 s', releaseAfter: 60, expected: { kind: 'hold', releaseAt: NOW + 60_000 } },
    { name: 'release_after 3600 holds it for an hour', releaseAfter: 3600, expected: { kind: 'hold', releaseAt: NOW + 3_600_000 } },
  ])('$name', ({ releaseAfter, expected }) => {
    expect(decideDisconnect(releaseAfter, NOW)).toEqual(expected);
  });
});
