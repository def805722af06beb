import { describe, expect, it } from 'vitest';
import { parseFlag, toUserState } from './agent-policy.js';

describe('toUserState', () => {
  it.each([
    { name: 'no sync yet', state: '', expected: 'waiting_for_job' },
    { name: 'waiting-for-jobs', state: 'waiting-for-jobs', expected: 'waiting_for_job' },
    { name: 'starting-job', state: 'starting-job', expected: 'running_job' },
    { name: 'running-job', state: 'running-job', expected: 'running_job' },
    { name: 'stopping-job', state: 'stopping-job', expected: 'running_job' },
    { name: 'finished-job (production maps every job state to running, control-plane §2.2)', state: 'finished-job', expected: 'running_job' },
  ])('$name → $expected', ({ state, expected }) => {
    expect(toUserState(state)).toBe(expected);
  });
});

describe('parseFlag', () => {
  it.each([
    { name: 'absent → the default', value: undefined, fallback: true, expected: { ok: true, value: true } },
    { name: 'null → the default', value: null, fallback: false, expected: { ok: true, value: false } },
    { name: 'empty form field → the default', value: '', fallback: true, expected: { ok: true, value: true } },
    { name: 'JSON false', value: false, fallback: true, expected: { ok: true, value: false } },
    { name: 'JSON true', value: true, fallback: false, expected: { ok: true, value: true } },
    { name: "form 'false' (the docs' curl -d 'only_idle=false')", value: 'false', fallback: true, expected: { ok: true, value: false } },
    { name: "form 'true'", value: 'true', fallback: false, expected: { ok: true, value: true } },
    { name: "form '0'", value: '0', fallback: true, expected: { ok: true, value: false } },
    { name: "form '1'", value: '1', fallback: false, expected: { ok: true, value: true } },
    { name: 'a word', value: 'maybe', fallback: true, expected: { ok: false, problem: 'only_idle must be true or false; got "maybe"' } },
    { name: 'a number', value: 2, fallback: true, expected: { ok: false, problem: 'only_idle must be true or false; got 2' } },
    { name: 'an object', value: {}, fallback: true, expected: { ok: false, problem: 'only_idle must be true or false; got {}' } },
  ])('$name', ({ value, fallback, expected }) => {
    expect(parseFlag(value, 'only_idle', fallback)).toEqual(expected);
  });
});
