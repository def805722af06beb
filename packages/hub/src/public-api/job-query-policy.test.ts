import { describe, expect, it } from 'vitest';
import { parseStateFilter } from './job-query-policy.js';

describe('parseStateFilter', () => {
  it.each([
    { name: 'no filter lists every state', raw: undefined, expected: { ok: true, states: undefined } },
    { name: 'QUEUED includes the internal offered step', raw: 'QUEUED', expected: { ok: true, states: ['queued', 'offered'] } },
    { name: 'case does not matter', raw: 'running', expected: { ok: true, states: ['running'] } },
    { name: 'a comma list combines states', raw: 'RUNNING,FINISHED', expected: { ok: true, states: ['running', 'finished'] } },
    { name: 'a repeated parameter combines states (the Kubernetes controller sends states=PENDING&states=QUEUED)', raw: ['PENDING', 'QUEUED'], expected: { ok: true, states: ['queued', 'offered'] } },
    { name: 'PENDING alone matches nothing', raw: 'PENDING', expected: { ok: true, states: [] } },
  ])('$name', ({ raw, expected }) => {
    expect(parseStateFilter(raw)).toEqual(expected);
  });

  it('refuses an unknown state with the states it knows', () => {
    expect(parseStateFilter('DONE')).toEqual({ ok: false, problem: "state 'DONE' is not one of QUEUED, RUNNING, FINISHED" });
  });
});
