import { UNABLE_TO_SYNC_SHUTDOWN_MS } from '@outpost/protocol';

/**
 * Who may push to a job's log, and what a push may change (spec §4.4). Pure: the job's token state in, a verdict out.
 */

/**
 * How long after a job finished its log token still works: the agent's final flush. The official agent flushes for
 * at most 60 s after the job; an agent that cannot reach the hub gives up after 10 minutes without a sync (spec
 * §2.6), and Outpost's agent keeps retrying that long too, so a later push has no agent behind it.
 */
export const LOG_FLUSH_WINDOW_MS = UNABLE_TO_SYNC_SHUTDOWN_MS;

export interface LogTokenState {
  /** Whether the Bearer token hashes to the job's stored log token hash. */
  tokenMatches: boolean;
  expiresAt: number | null;
  finishedAt: number | null;
}

/** The token must match, be unexpired, and — once the job finished — be used within the flush window. */
export function isLogTokenAccepted(state: LogTokenState, now: number): boolean {
  if (!state.tokenMatches || (state.expiresAt ?? 0) <= now) return false;
  return state.finishedAt === null || now < state.finishedAt + LOG_FLUSH_WINDOW_MS;
}

/**
 * A finished job's log only grows: events below what is stored are dropped from the push (a retried final batch
 * re-sends them), so `start_from=0` cannot rewrite it. A running job's log is truncate-then-append as the spec says.
 */
export function planLogPush(input: { finished: boolean; storedCount: number; startFrom: number; eventCount: number }): { skip: number; startFrom: number } {
  if (!input.finished || input.startFrom >= input.storedCount) return { skip: 0, startFrom: input.startFrom };
  const skip = Math.min(input.eventCount, input.storedCount - input.startFrom);
  return { skip, startFrom: input.startFrom + skip };
}
