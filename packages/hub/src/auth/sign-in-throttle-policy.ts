/**
 * Sign-in throttling (pure; the clock is a parameter). Each attempt counts as a failure until it succeeds, so
 * parallel guesses cannot all slip through before the first one is judged. After `free` failures in a row the next
 * attempt waits `baseDelayMs`, doubling with each further failure up to `maxDelayMs`; a quiet `forgetAfterMs`
 * resets the count. Both the account and the source address keep a record: many passwords against one account
 * (from any number of clients) and many accounts from one address both slow down.
 */
export interface ThrottleRule {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export interface FailureRecord {
  failures: number;
  lastAt: number;
}

/** Per account: five tries, then 1 s, 2 s, 4 s … up to 5 min (a locked-out owner waits at most that long). */
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, forgetAfterMs: 60 * 60_000 };
/** Per address: room for an office behind one NAT mistyping, then the same growth. */
export const ADDRESS_RULE: ThrottleRule = { free: 20, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, forgetAfterMs: 60 * 60_000 };

/** How long after its last failure a record holds the next attempt back (0 while failures are free). */
export function throttleDelayMs(record: FailureRecord, rule: ThrottleRule): number {
  if (record.failures < rule.free) return 0;
  const doublings = Math.min(record.failures - rule.free, 30);
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings);
}

export type AttemptVerdict = { allowed: true; record: FailureRecord } | { allowed: false; retryAfterMs: number };

/** Whether an attempt may go ahead now; when it may, the record that counts it (as a failure until it succeeds). */
export function decideAttempt(record: FailureRecord | undefined, now: number, rule: ThrottleRule): AttemptVerdict {
  const current = record && now - record.lastAt < rule.forgetAfterMs ? record : { failures: 0, lastAt: now };
  const waitUntil = current.lastAt + throttleDelayMs(current, rule);
  if (current.failures > 0 && now < waitUntil) return { allowed: false, retryAfterMs: waitUntil - now };
  return { allowed: true, record: { failures: current.failures + 1, lastAt: now } };
}
