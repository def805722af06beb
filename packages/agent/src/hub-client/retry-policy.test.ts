import { describe, expect, it } from 'vitest';
import { isSuccessStatus, logPushOutcome, logRetryDelayMs, shouldRetry } from './retry-policy.js';

describe('isSuccessStatus (spec §1.9)', () => {
  it.each([
    { name: 'register accepts 201', call: 'register', status: 201, ok: true },
    { name: 'register accepts 200', call: 'register', status: 200, ok: true },
    { name: 'register refuses a redirect', call: 'register', status: 302, ok: false },
    { name: 'sync accepts only 200', call: 'sync', status: 200, ok: true },
    { name: 'sync refuses 204', call: 'sync', status: 204, ok: false },
    { name: 'get-job refuses 201', call: 'get-job', status: 201, ok: false },
    { name: 'disconnect refuses 301', call: 'disconnect', status: 301, ok: false },
    { name: 'refresh refuses 500', call: 'refresh', status: 500, ok: false },
  ] as const)('$name', ({ call, status, ok }) => {
    expect(isSuccessStatus(call, status)).toBe(ok);
  });
});

describe('logPushOutcome (spec §4.3)', () => {
  it.each([
    { name: '200 advances start_from', status: 200, outcome: 'accepted' },
    { name: '401 refreshes the token', status: 401, outcome: 'refresh-token' },
    { name: '422 stops sending', status: 422, outcome: 'stop' },
    { name: '201 is resent', status: 201, outcome: 'retry' },
    { name: '413 is resent', status: 413, outcome: 'retry' },
    { name: '503 is resent', status: 503, outcome: 'retry' },
  ] as const)('$name', ({ status, outcome }) => {
    expect(logPushOutcome(status)).toBe(outcome);
  });
});

describe('retry budgets', () => {
  it.each([
    { name: 'register retries up to the 30th attempt', attempt: 29, attempts: 30, retry: true },
    { name: 'register stops after the 30th attempt', attempt: 30, attempts: 30, retry: false },
    { name: 'disconnect retries at attempt 99 of 100', attempt: 99, attempts: 100, retry: true },
  ])('$name', ({ attempt, attempts, retry }) => {
    expect(shouldRetry(attempt, attempts)).toBe(retry);
  });

  it.each([
    { name: 'first failure: the base, jitter at its middle', failures: 1, random: 0.5, delay: 500 },
    { name: 'doubles', failures: 2, random: 0.5, delay: 1000 },
    { name: 'capped', failures: 10, random: 0.5, delay: 2000 },
    { name: 'jitter low end', failures: 1, random: 0, delay: 400 },
    { name: 'jitter high end', failures: 1, random: 1, delay: 600 },
  ])('log retry delay: $name', ({ failures, random, delay }) => {
    expect(logRetryDelayMs(failures, 500, 2000, random)).toBe(delay);
  });
});
