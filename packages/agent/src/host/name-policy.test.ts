import { describe, expect, it } from 'vitest';
import { agentNameLengthProblem, chooseAgentName, logNameOf, randomAgentName } from './name-policy.js';

const random = () => 'RANDOMrandom12345678';

describe('chooseAgentName (spec §5.1)', () => {
  it.each([
    { name: 'name wins', input: { name: 'my-agent-01', nameFromEnv: 'VAR', env: { VAR: 'from-env-01' } }, expected: { ok: true, name: 'my-agent-01', source: 'name' } },
    { name: 'then the variable named by name-from-env', input: { name: '', nameFromEnv: 'VAR', env: { VAR: 'from-env-01' } }, expected: { ok: true, name: 'from-env-01', source: 'name-from-env' } },
    { name: 'then a random name', input: { name: '', nameFromEnv: '', env: {} }, expected: { ok: true, name: 'RANDOMrandom12345678', source: 'random' } },
    {
      name: 'an unset name-from-env variable is an error',
      input: { name: '', nameFromEnv: 'NOPE', env: {} },
      expected: { ok: false, problem: 'name-from-env names the variable NOPE, which is empty or not set' },
    },
    { name: 'too short', input: { name: 'short', nameFromEnv: '', env: {} }, expected: { ok: false, problem: "name should have between 8 and 80 characters; 'short' has 5" } },
    {
      name: 'a pre-signed STS URL is exempt from the length check',
      input: { name: `https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Signature=${'a'.repeat(200)}`, nameFromEnv: '', env: {} },
      expected: { ok: true, source: 'name' },
    },
  ])('$name', ({ input, expected }) => {
    expect(chooseAgentName({ ...input, randomName: random })).toMatchObject(expected);
  });
});

describe('agentNameLengthProblem (spec §5.3)', () => {
  it.each([
    { name: '8 characters', value: 'abcdefgh', ok: true },
    { name: '80 characters', value: 'a'.repeat(80), ok: true },
    { name: '81 characters', value: 'a'.repeat(81), ok: false },
    { name: '7 characters', value: 'abcdefg', ok: false },
    { name: 'bytes, not characters', value: '日本語', ok: true },
    { name: 'a path counts as a URL (Go ParseRequestURI)', value: '/x', ok: true },
  ])('$name', ({ value, ok }) => {
    expect(agentNameLengthProblem(value) === null).toBe(ok);
  });
});

describe('randomAgentName (spec §5.2)', () => {
  it('is 20 URL-safe characters for 15 bytes', () => {
    const name = randomAgentName(Uint8Array.from({ length: 15 }, (_, i) => i * 17 + 250));
    expect(name).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });
});

describe('logNameOf', () => {
  it.each([
    { name: 'a plain name', value: 'my-agent-01', expected: 'my-agent-01' },
    { name: 'the host of a URL', value: 'https://sts.amazonaws.com/?Action=x', expected: 'sts.amazonaws.com' },
  ])('$name', ({ value, expected }) => {
    expect(logNameOf(value)).toBe(expected);
  });
});
