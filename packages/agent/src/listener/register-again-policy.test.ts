import { describe, expect, it } from 'vitest';
import { mustRegisterAgain, nameAfterRefusal } from './register-again-policy.js';

describe('mustRegisterAgain', () => {
  it.each([
    { name: '401 INVALID_AGENT_TOKEN: the hub no longer knows the agent', failure: { status: 401, hubCode: 'INVALID_AGENT_TOKEN' }, expected: true },
    { name: '401 from another hub, without a code', failure: { status: 401, hubCode: undefined }, expected: true },
    { name: '503 while the hub’s store fails: retry the sync', failure: { status: 503, hubCode: 'STORE_UNAVAILABLE' }, expected: false },
    { name: '500: retry the sync', failure: { status: 500, hubCode: 'INTERNAL' }, expected: false },
    { name: 'the hub unreachable: retry the sync', failure: { status: undefined, hubCode: undefined }, expected: false },
    { name: '429 rate limited: retry the sync', failure: { status: 429, hubCode: 'RATE_LIMITED' }, expected: false },
    { name: 'a single-job agent: its one job is gone with it; no new registration', failure: { status: 401, hubCode: 'INVALID_AGENT_TOKEN' }, singleJob: true, expected: false },
  ])('$name', ({ failure, singleJob, expected }) => {
    expect(mustRegisterAgain(failure, { singleJob: singleJob ?? false })).toBe(expected);
  });
});

describe('nameAfterRefusal', () => {
  it.each([
    { name: 'the name is still held for the lost row: take a new one', failure: { status: 400, hubCode: 'AGENT_NAME_TAKEN' }, current: 'keep' as const, expected: 'new-random' },
    { name: 'the hub is down: keep trying with the same name', failure: { status: undefined, hubCode: undefined }, current: 'keep' as const, expected: 'keep' },
    { name: 'a 503: keep the name', failure: { status: 503, hubCode: 'STORE_UNAVAILABLE' }, current: 'keep' as const, expected: 'keep' },
    { name: 'another 400 (an invalid name) is no reason to rename', failure: { status: 400, hubCode: 'AGENT_NAME_INVALID' }, current: 'keep' as const, expected: 'keep' },
    { name: 'once renamed, stays renamed', failure: { status: undefined, hubCode: undefined }, current: 'new-random' as const, expected: 'new-random' },
  ])('$name', ({ failure, current, expected }) => {
    expect(nameAfterRefusal(failure, current)).toBe(expected);
  });
});
