import { describe, expect, it } from 'vitest';
import { toUserState } from './agent-policy.js';

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
