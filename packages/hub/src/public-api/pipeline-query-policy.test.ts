import { describe, expect, it } from 'vitest';
import { isRunId, parsePipelineResults, parsePipelineStates } from './pipeline-query-policy.js';

describe('parsePipelineStates / parsePipelineResults', () => {
  it.each([
    { name: 'absent means every state', raw: undefined, expected: { ok: true, values: undefined } },
    { name: 'names in any case, comma-separated', raw: 'running, Done', expected: { ok: true, values: ['running', 'done'] } },
    { name: 'PENDING is Semaphore’s and matches nothing here', raw: 'pending', expected: { ok: true, values: [] } },
    { name: 'an unknown state names the choices', raw: 'finished', expected: { ok: false, problem: "state 'FINISHED' is not one of INITIALIZING, PENDING, QUEUING, RUNNING, STOPPING, DONE" } },
  ])('states: $name', ({ raw, expected }) => {
    expect(parsePipelineStates(raw)).toEqual(expected);
  });

  it.each([
    { name: 'results in any case', raw: 'failed,STOPPED', expected: { ok: true, values: ['failed', 'stopped'] } },
    { name: 'an unknown result names the choices', raw: 'ok', expected: { ok: false, problem: "result 'OK' is not one of PASSED, FAILED, STOPPED, CANCELED" } },
  ])('results: $name', ({ raw, expected }) => {
    expect(parsePipelineResults(raw)).toEqual(expected);
  });
});

describe('isRunId', () => {
  it.each([
    { name: 'a UUID', raw: '0190f2c4-8a4b-7c3e-9d2a-0123456789ab', expected: true },
    { name: 'a NUL byte never reaches PostgreSQL', raw: 'abc\u0000', expected: false },
    { name: 'a path-like id', raw: '../x', expected: false },
    { name: 'too long', raw: 'a'.repeat(65), expected: false },
  ])('$name', ({ raw, expected }) => {
    expect(isRunId(raw)).toBe(expected);
  });
});
