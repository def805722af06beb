/**
 * Which answers count as success and what to do after a failure, per call (spec §1.9). Pure: the listener and
 * the log shipper apply it (the Buildkite api/retryable.go idea).
 */
export type HubCall = 'register' | 'sync' | 'get-job' | 'refresh' | 'disconnect' | 'log-push';

/** Only 200 counts, except register where any 2xx does; a redirect is never followed, so it is a failure. */
export function isSuccessStatus(call: HubCall, status: number): boolean {
  if (call === 'register') return status >= 200 && status < 300;
  return status === 200;
}

export type LogPushOutcome = 'accepted' | 'refresh-token' | 'stop' | 'retry';

/** 200 advances start_from; 401 asks /refresh for a new token; 422 means the log is full; all else is resent. */
export function logPushOutcome(status: number): LogPushOutcome {
  if (status === 200) return 'accepted';
  if (status === 401) return 'refresh-token';
  if (status === 422) return 'stop';
  return 'retry';
}

/**
 * Every register, get-job and disconnect failure is retried at a constant pace, 4xx included, exactly like the
 * official agent (register 30 × 1 s, get-job 10 × 3 s, disconnect 100 × 1 s); there is nothing better to do.
 */
export function shouldRetry(attempt: number, attempts: number): boolean {
  return attempt < attempts;
}

/** Log pushes that fail back off from `baseMs`, doubling to `capMs`, with ±20 % jitter so agents spread out. */
export function logRetryDelayMs(failures: number, baseMs: number, capMs: number, random: number): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.8 + 0.4 * random));
}
