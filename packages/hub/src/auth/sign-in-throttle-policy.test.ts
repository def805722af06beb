import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, decideAttempt, throttleDelayMs, type ThrottleRule } from './sign-in-throttle-policy.js';

const RULE: ThrottleRule = { free: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };
const NOW = 1_000_000;

describe('throttleDelayMs', () => {
  it.each([
    { failures: 0, want: 0 },
    { failures: 2, want: 0 },
    { failures: 3, want: 1000 },
    { failures: 4, want: 2000 },
    { failures: 5, want: 4000 },
    { failures: 6, want: 8000 },
    { failures: 50, want: 8000 },
  ])('$failures failures → wait $want ms', ({ failures, want }) => {
    expect(throttleDelayMs({ failures, lastAt: NOW }, RULE)).toBe(want);
  });

  it('never waits more than 5 minutes for an account', () => {
    expect(throttleDelayMs({ failures: 1000, lastAt: NOW }, ACCOUNT_RULE)).toBe(5 * 60_000);
  });
});

describe('decideAttempt', () => {
  it.each([
    { name: 'a first attempt', record: undefined, now: NOW, want: { allowed: true, record: { failures: 1, lastAt: NOW } } },
    { name: 'a free retry at once', record: { failures: 2, lastAt: NOW }, now: NOW, want: { allowed: true, record: { failures: 3, lastAt: NOW } } },
    { name: 'held back after the free tries', record: { failures: 3, lastAt: NOW }, now: NOW + 400, want: { allowed: false, retryAfterMs: 600 } },
    { name: 'allowed once the delay passed', record: { failures: 3, lastAt: NOW }, now: NOW + 1000, want: { allowed: true, record: { failures: 4, lastAt: NOW + 1000 } } },
    { name: 'the delay grows', record: { failures: 5, lastAt: NOW }, now: NOW + 3000, want: { allowed: false, retryAfterMs: 1000 } },
    { name: 'a quiet hour forgets', record: { failures: 9, lastAt: NOW }, now: NOW + 60_000, want: { allowed: true, record: { failures: 1, lastAt: NOW + 60_000 } } },
  ])('$name', ({ record, now, want }) => {
    expect(decideAttempt(record, now, RULE)).toEqual(want);
  });
});
