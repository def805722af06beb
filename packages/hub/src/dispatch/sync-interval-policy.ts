import { SYNC_INTERVAL_IDLE_MAX_MS, SYNC_INTERVAL_IDLE_MIN_MS, type AgentState } from '@outpost/protocol';

/**
 * When a polling agent syncs next (`next_sync_after`), as data in, data out. A polling agent only hears the hub when
 * it syncs, so the hub aims that sync: right after the agent's next deadline, and often enough while a job runs that a
 * stop reaches it quickly. Long-polling agents (x-outpost-long-poll) are woken by the hub instead and keep the
 * production intervals.
 */

/** Doubled while a job runs, like production (§2.1): a long-polling running agent has less to hear. */
export const SYNC_INTERVAL_BUSY_FACTOR = 2;
/** Default OUTPOST_RUNNING_SYNC_INTERVAL_MS: a stop reaches a running polling agent within this long. */
export const RUNNING_SYNC_INTERVAL_DEFAULT_MS = 1_500;
/** A running agent's interval is jittered down to this share of the configured one, so a fleet spreads out. */
export const RUNNING_SYNC_JITTER_SHARE = 0.25;
/** Past a deadline by this much when the agent comes back, so `now >= deadline` holds when the hub decides. */
export const AIMED_SYNC_MARGIN_MS = 50;
/** An aimed sync never comes sooner than this: deadlines cannot drive a fleet into a busy loop. */
export const AIMED_SYNC_FLOOR_MS = 500;

/** The states in which the agent has a job in hand (spec §2.2). */
export function isBusyState(state: AgentState): boolean {
  return state === 'starting-job' || state === 'running-job' || state === 'stopping-job';
}

export interface SyncIntervalInput {
  state: AgentState;
  action: string;
  /** False for an agent that long-polls (its answers were held; the hub wakes it). */
  polling: boolean;
  /** Milliseconds from now to the agent's next deadline (sync decision), null when it has none. */
  deadlineInMs: number | null;
  /** OUTPOST_RUNNING_SYNC_INTERVAL_MS. */
  runningIntervalMs: number;
  random: () => number;
}

/** `next_sync_after` in ms: the base interval for the state and answer, capped to land just after the next deadline. */
export function nextSyncAfterMs(input: SyncIntervalInput): number {
  const base = baseIntervalMs(input);
  if (!input.polling || input.action !== 'continue' || input.deadlineInMs === null) return base;
  return Math.min(base, Math.max(AIMED_SYNC_FLOOR_MS, input.deadlineInMs + AIMED_SYNC_MARGIN_MS));
}

/**
 * 4000–5999 ms idle (spec §2.1). A polling agent that is starting or running a job (or was just handed one) syncs
 * within the running interval, so a stop reaches it; a long-polling one keeps the doubled production interval.
 */
function baseIntervalMs(input: SyncIntervalInput): number {
  const idle = SYNC_INTERVAL_IDLE_MIN_MS + Math.floor(input.random() * (SYNC_INTERVAL_IDLE_MAX_MS - SYNC_INTERVAL_IDLE_MIN_MS));
  if (input.polling && runsJobAfter(input.state, input.action)) {
    return Math.floor(input.runningIntervalMs * (1 - RUNNING_SYNC_JITTER_SHARE * input.random()));
  }
  return input.action === 'continue' && isBusyState(input.state) ? idle * SYNC_INTERVAL_BUSY_FACTOR : idle;
}

/** Whether the agent will be running a job until its next sync: it was handed one, or it is starting or running one. */
function runsJobAfter(state: AgentState, action: string): boolean {
  if (action === 'run-job') return true;
  return action === 'continue' && (state === 'starting-job' || state === 'running-job');
}

/**
 * The longest `next_sync_after` the hub may hand an agent in this state, recorded with each sync so the liveness
 * policy can tell a lost agent from one that was told to wait long.
 */
export function longestSyncIntervalMs(state: AgentState, runningIntervalMs: number): number {
  const longest = isBusyState(state) ? SYNC_INTERVAL_IDLE_MAX_MS * SYNC_INTERVAL_BUSY_FACTOR : SYNC_INTERVAL_IDLE_MAX_MS;
  return Math.max(longest, runningIntervalMs);
}
