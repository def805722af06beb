import type { AgentState, JobResult, SyncRequest } from '@outpost/protocol';

/**
 * What the agent reports in a sync and what a hub's answer means in the agent's current state (spec §2.2–2.3),
 * pure. Where the official agent misbehaves (stop-job without a job crashes it, run-job while busy starts a
 * second job) the Outpost agent ignores the answer instead.
 */
export interface AgentStatus {
  state: AgentState;
  jobId: string;
  jobResult: JobResult | '';
}

export const WAITING: AgentStatus = { state: 'waiting-for-jobs', jobId: '', jobResult: '' };

export function syncRequestOf(status: AgentStatus, interruptedAtSeconds: number): SyncRequest {
  return { state: status.state, job_id: status.jobId, job_result: status.jobResult, interrupted_at: interruptedAtSeconds };
}

export type ActionPlan =
  | { kind: 'continue' }
  | { kind: 'run-job'; jobId: string }
  | { kind: 'stop-job'; jobId: string }
  /** `abandon`: a job is still active and is dropped without a report, as the hub asked. */
  | { kind: 'wait-for-jobs'; abandon: boolean }
  | { kind: 'shutdown'; reason: string }
  | { kind: 'ignore'; why: string };

const BUSY: readonly AgentState[] = ['starting-job', 'running-job', 'stopping-job'];

export function planAction(answer: { action: string; jobId: string; shutdownReason: string }, state: AgentState): ActionPlan {
  switch (answer.action) {
    case 'run-job':
      if (answer.jobId === '') return { kind: 'ignore', why: 'run-job without a job_id' };
      if (BUSY.includes(state)) return { kind: 'ignore', why: `run-job while ${state}; one job at a time` };
      return { kind: 'run-job', jobId: answer.jobId };
    case 'stop-job':
      if (state === 'finished-job') return { kind: 'ignore', why: 'stop-job after the job finished; its result is reported anyway' };
      if (state === 'waiting-for-jobs') return { kind: 'ignore', why: 'stop-job while no job runs' };
      return { kind: 'stop-job', jobId: answer.jobId };
    case 'wait-for-jobs':
      return { kind: 'wait-for-jobs', abandon: BUSY.includes(state) };
    case 'shutdown':
      return { kind: 'shutdown', reason: answer.shutdownReason };
    default:
      // `continue`, and any action this agent does not know, which the official agent ignores too.
      return { kind: 'continue' };
  }
}

export interface DelayInput {
  /** Undefined after a failed sync. */
  answer?: { action: string; nextSyncAfterMs: number; longPoll: boolean };
  /** How long the hub took to answer. */
  elapsedMs: number;
  random: number;
  timings: { syncIntervalMinMs: number; syncIntervalMaxMs: number };
}

/** A long-poll answer released early is re-sent within at most this long, so pickup never waits on a poll interval. */
export const LONG_POLL_MAX_GAP_MS = 1_000;
/** An answer that took at least this long was held by the hub, which answers at once when anything happens. */
export const LONG_POLL_HELD_MS = 1_000;

/**
 * When to sync next: `next_sync_after` when given, else the official random 3000–5999 ms (always that after an
 * error). A long-polling agent syncs again at once after a held answer or an action, and within a second otherwise.
 */
export function nextSyncDelayMs(input: DelayInput): number {
  const official = input.timings.syncIntervalMinMs + Math.floor(input.random * (input.timings.syncIntervalMaxMs - input.timings.syncIntervalMinMs));
  const answer = input.answer;
  if (!answer) return official;
  if (!answer.longPoll) return answer.nextSyncAfterMs > 0 ? answer.nextSyncAfterMs : official;
  if (answer.action !== 'continue' || input.elapsedMs >= LONG_POLL_HELD_MS) return 0;
  return Math.min(LONG_POLL_MAX_GAP_MS, answer.nextSyncAfterMs > 0 ? answer.nextSyncAfterMs : LONG_POLL_MAX_GAP_MS);
}

/** A held sync must be answered before the agent's own HTTP timeout: ask for at most that minus 5 s, at least 1 s. */
export function longPollWaitSeconds(timings: { longPollSeconds: number; httpTimeoutMs: number }): number {
  return Math.max(1, Math.min(timings.longPollSeconds, Math.floor(timings.httpTimeoutMs / 1000) - 5));
}
