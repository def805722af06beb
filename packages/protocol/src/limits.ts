/** Sizes and durations both sides agree on; the unit is in each name. */

/**
 * The largest whole number a request may carry where the hub stores it in an INTEGER column (PostgreSQL's is 32-bit):
 * pid, idle_timeout, interruption_grace_period, execution_time_limit, release_after. The hub's validator applies it
 * to every integer field that declares no maximum of its own.
 */
export const INT32_MAX = 2_147_483_647;

/** The official agent sends at most this many events per log push (spec §4.3). */
export const LOG_EVENTS_PER_PUSH_MAX = 2000;
/** Default per-job log budget; past it the hub answers 422 and marks the log trimmed. */
export const LOG_BUDGET_DEFAULT_BYTES = 100 * 1024 * 1024;
/** The agent's HTTP timeout for every call (spec §7); a long-poll must answer well within it. */
export const AGENT_HTTP_TIMEOUT_MS = 30_000;
/** Registration retries of the official agent (spec §1.9). */
export const REGISTER_ATTEMPTS = 30;
export const REGISTER_RETRY_DELAY_MS = 1_000;
export const GET_JOB_ATTEMPTS = 10;
export const GET_JOB_RETRY_DELAY_MS = 3_000;
export const DISCONNECT_ATTEMPTS = 100;
export const DISCONNECT_RETRY_DELAY_MS = 1_000;
/** The agent gives up after this long without a successful sync (spec §2.6). */
export const UNABLE_TO_SYNC_SHUTDOWN_MS = 10 * 60_000;
/** Idle sync interval the hub hands out (production: 4000–5999 ms, spec §2.1). */
export const SYNC_INTERVAL_IDLE_MIN_MS = 4_000;
export const SYNC_INTERVAL_IDLE_MAX_MS = 6_000;
/** Log flush budget at the end of a job (spec §4.3). */
export const LOG_FLUSH_TIMEOUT_MS = 60_000;
/** A random agent name: 15 random bytes in URL-safe base64 → 20 characters (spec §5.2). */
export const RANDOM_AGENT_NAME_BYTES = 15;
