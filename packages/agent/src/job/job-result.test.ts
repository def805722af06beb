import { describe, expect, it } from 'vitest';
import { finalResult, resultOfJobResultVariable, resultOfRegularCommands } from './job-result.js';

describe('resultOfRegularCommands (spec §3.3 step 6)', () => {
  it.each([
    { name: 'exit 0 passes', input: { stopped: false, exitCode: 0 }, expected: { kind: 'result', result: 'passed' } },
    { name: 'exit 1 fails', input: { stopped: false, exitCode: 1 }, expected: { kind: 'result', result: 'failed' } },
    { name: 'exit 127 fails', input: { stopped: false, exitCode: 127 }, expected: { kind: 'result', result: 'failed' } },
    { name: 'exit 130 asks SEMAPHORE_JOB_RESULT', input: { stopped: false, exitCode: 130 }, expected: { kind: 'check-job-result' } },
    { name: 'a stop wins over any exit code', input: { stopped: true, exitCode: 130 }, expected: { kind: 'result', result: 'stopped' } },
  ])('$name', ({ input, expected }) => {
    expect(resultOfRegularCommands(input)).toEqual(expected);
  });
});

describe('resultOfJobResultVariable', () => {
  it.each([
    { value: 'passed', result: 'passed', message: 'SEMAPHORE_JOB_RESULT=passed - stopping job and marking it as passed' },
    { value: 'failed', result: 'failed', message: 'SEMAPHORE_JOB_RESULT=failed - stopping job and marking it as failed' },
    { value: '', result: 'stopped', message: "SEMAPHORE_JOB_RESULT is set to '' - stopping job and marking it as stopped" },
    { value: 'weird', result: 'stopped', message: "SEMAPHORE_JOB_RESULT is set to 'weird' - stopping job and marking it as stopped" },
  ])('$value', ({ value, result, message }) => {
    expect(resultOfJobResultVariable(value)).toEqual({ result, message });
  });
});

describe('finalResult', () => {
  it.each([
    { name: 'a stop during the epilogues makes it stopped', input: { result: 'passed', epiloguesRan: true, stopped: true }, expected: 'stopped' },
    { name: 'otherwise the result stands', input: { result: 'failed', epiloguesRan: true, stopped: false }, expected: 'failed' },
    { name: 'a self-stop (130) keeps its result', input: { result: 'passed', epiloguesRan: false, stopped: true }, expected: 'passed' },
  ] as const)('$name', ({ input, expected }) => {
    expect(finalResult(input)).toBe(expected);
  });
});
