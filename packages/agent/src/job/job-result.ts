import type { JobResult } from '@outpost/protocol';

/**
 * How a job's result follows from what happened (spec §3.3, the official pkg/jobs/job.go), pure.
 */
export type RegularOutcome = { kind: 'result'; result: JobResult } | { kind: 'check-job-result' };

/** After the regular commands: a stop wins; 130 means the job stopped itself and SEMAPHORE_JOB_RESULT decides. */
export function resultOfRegularCommands(input: { stopped: boolean; exitCode: number }): RegularOutcome {
  if (input.stopped) return { kind: 'result', result: 'stopped' };
  if (input.exitCode === 130) return { kind: 'check-job-result' };
  return { kind: 'result', result: input.exitCode === 0 ? 'passed' : 'failed' };
}

/** The `Checking job result` step: the value of SEMAPHORE_JOB_RESULT in the session, and the line it logs. */
export function resultOfJobResultVariable(value: string): { result: JobResult; message: string } {
  if (value === 'passed') return { result: 'passed', message: 'SEMAPHORE_JOB_RESULT=passed - stopping job and marking it as passed' };
  if (value === 'failed') return { result: 'failed', message: 'SEMAPHORE_JOB_RESULT=failed - stopping job and marking it as failed' };
  return { result: 'stopped', message: `SEMAPHORE_JOB_RESULT is set to '${value}' - stopping job and marking it as stopped` };
}

/** A stop that arrives while the epilogues run turns any result into `stopped`. */
export function finalResult(input: { result: JobResult; epiloguesRan: boolean; stopped: boolean }): JobResult {
  return input.epiloguesRan && input.stopped ? 'stopped' : input.result;
}
