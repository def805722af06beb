import {
  AGENT_HTTP_TIMEOUT_MS,
  DISCONNECT_ATTEMPTS,
  DISCONNECT_RETRY_DELAY_MS,
  GET_JOB_ATTEMPTS,
  GET_JOB_RETRY_DELAY_MS,
  LOG_FLUSH_TIMEOUT_MS,
  REGISTER_ATTEMPTS,
  REGISTER_RETRY_DELAY_MS,
  UNABLE_TO_SYNC_SHUTDOWN_MS,
} from '@outpost/protocol';

/**
 * Every retry budget and interval of the agent, with the official agent's values as defaults (spec §7). Each can be
 * shortened through `OUTPOST_AGENT_<NAME>` (e.g. OUTPOST_AGENT_REGISTER_RETRY_DELAY_MS) so tests never sleep.
 */
export interface AgentTimings {
  registerAttempts: number;
  registerRetryDelayMs: number;
  getJobAttempts: number;
  getJobRetryDelayMs: number;
  disconnectAttempts: number;
  disconnectRetryDelayMs: number;
  /** The official agent's own interval when the hub gives no next_sync_after: uniform in [min, max). */
  syncIntervalMinMs: number;
  syncIntervalMaxMs: number;
  unableToSyncMs: number;
  httpTimeoutMs: number;
  /** How long a long-poll sync asks the hub to hold (X-Outpost-Wait); well under httpTimeoutMs. */
  longPollSeconds: number;
  /** Log pushes while the job runs: at most this far apart when there is something to send. */
  logPushIntervalMs: number;
  /** Retry pace while flushing at the end of a job (the official agent: 250–499 ms). */
  logFlushRetryMs: number;
  logFlushTimeoutMs: number;
  /** After SIGTERM to a stopped job's processes, SIGKILL follows this much later. */
  stopGraceMs: number;
}

export const DEFAULT_TIMINGS: AgentTimings = {
  registerAttempts: REGISTER_ATTEMPTS,
  registerRetryDelayMs: REGISTER_RETRY_DELAY_MS,
  getJobAttempts: GET_JOB_ATTEMPTS,
  getJobRetryDelayMs: GET_JOB_RETRY_DELAY_MS,
  disconnectAttempts: DISCONNECT_ATTEMPTS,
  disconnectRetryDelayMs: DISCONNECT_RETRY_DELAY_MS,
  syncIntervalMinMs: 3_000,
  syncIntervalMaxMs: 6_000,
  unableToSyncMs: UNABLE_TO_SYNC_SHUTDOWN_MS,
  httpTimeoutMs: AGENT_HTTP_TIMEOUT_MS,
  longPollSeconds: 20,
  logPushIntervalMs: 500,
  logFlushRetryMs: 250,
  logFlushTimeoutMs: LOG_FLUSH_TIMEOUT_MS,
  stopGraceMs: 3_000,
};

export function timingEnvName(key: keyof AgentTimings): string {
  return `OUTPOST_AGENT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Defaults overridden by OUTPOST_AGENT_* variables; a value that is not a number ≥ 0 is a problem. */
export function resolveTimings(env: Record<string, string | undefined>): { timings: AgentTimings; problems: string[] } {
  const timings = { ...DEFAULT_TIMINGS };
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_TIMINGS) as (keyof AgentTimings)[]) {
    const raw = env[timingEnvName(key)];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) problems.push(`${timingEnvName(key)} must be a number ≥ 0; got '${raw}'`);
    else timings[key] = value;
  }
  return { timings, problems };
}
