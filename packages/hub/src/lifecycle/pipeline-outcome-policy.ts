import { FAILURE_REASONS } from './job-policy.js';

/**
 * How a finished block and a finished pipeline are judged (Semaphore's plumber): pure, from the jobs' results and
 * the reasons the hub wrote on the jobs it stopped.
 */
export type Result = 'passed' | 'failed' | 'stopped' | 'canceled';
/** Why the hub stopped a pipeline's jobs (Semaphore's terminate_request_desc, as a result_reason). */
export type StopReason = 'user' | 'strategy' | 'timeout' | 'fast_failing';
export type BlockReason = 'test' | 'stuck' | 'skipped' | 'malformed' | 'internal' | StopReason;

/** The failure_reason the hub writes on a job it stops for its pipeline; read back to explain the block's result. */
export const PIPELINE_STOP_TEXT: Record<StopReason, string> = {
  user: 'stopped with its pipeline',
  strategy: 'stopped by auto_cancel: a newer pipeline started in the same queue',
  timeout: "stopped: the pipeline's execution_time_limit was reached",
  fast_failing: 'stopped by fail_fast: another job of the pipeline failed',
};

export interface FinishedJob {
  result: 'passed' | 'failed' | 'stopped';
  failureReason: string | null;
  /** Whether an agent ever started it (a job stopped before that was canceled, not stopped). */
  started: boolean;
}

/** Why a stopped job ended: the pipeline's reason the hub wrote, its own time limit, or else a person stopping it. */
export function stopReasonOf(failureReason: string | null): StopReason {
  if (failureReason === FAILURE_REASONS.timeLimit) return 'timeout';
  const entry = Object.entries(PIPELINE_STOP_TEXT).find(([, text]) => text === failureReason);
  return entry ? (entry[0] as StopReason) : 'user';
}

/**
 * A block's result once all its jobs finished: passed when all passed; failed when any failed (stuck when its agent
 * was lost); stopped when any was stopped after it started; canceled when its stopped jobs never started.
 */
export function judgeBlock(jobs: readonly FinishedJob[]): { result: Result; reason: BlockReason } {
  const failed = jobs.filter((j) => j.result === 'failed');
  if (failed.length > 0) return { result: 'failed', reason: failed.some((j) => j.failureReason === FAILURE_REASONS.agentLost) ? 'stuck' : 'test' };
  const stopped = jobs.filter((j) => j.result === 'stopped');
  const first = stopped.find((j) => j.started) ?? stopped[0];
  if (!first) return { result: 'passed', reason: 'test' };
  return { result: stopped.some((j) => j.started) ? 'stopped' : 'canceled', reason: stopReasonOf(first.failureReason) };
}

export interface DoneBlock {
  index: number;
  result: Result;
  reason: BlockReason;
  doneAt: number;
}

/**
 * A pipeline whose blocks are all done: passed when every block passed (skipped ones count as passed); otherwise the
 * chronologically first failed block decides (a failure is the cause even when fail_fast stopped others sooner),
 * else the chronologically first block that did not pass.
 */
export function judgePipeline(blocks: readonly DoneBlock[]): { result: Result; reason: BlockReason } {
  const byTime = [...blocks].sort((a, b) => a.doneAt - b.doneAt || a.index - b.index);
  const decisive = byTime.find((b) => b.result === 'failed') ?? byTime.find((b) => b.result !== 'passed');
  if (!decisive) return { result: 'passed', reason: 'test' };
  return { result: decisive.result, reason: decisive.reason === 'skipped' ? 'test' : decisive.reason };
}
