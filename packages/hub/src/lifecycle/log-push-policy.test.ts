import { describe, expect, it } from 'vitest';
import { isLogTokenAccepted, LOG_FLUSH_WINDOW_MS, planLogPush } from './log-push-policy.js';

const NOW = 1_000_000_000;

describe('isLogTokenAccepted', () => {
  it.each([
    { name: 'a matching unexpired token of a running job', state: { tokenMatches: true, expiresAt: NOW + 1, finishedAt: null }, want: true },
    { name: 'a wrong token', state: { tokenMatches: false, expiresAt: NOW + 1, finishedAt: null }, want: false },
    { name: 'an expired token', state: { tokenMatches: true, expiresAt: NOW, finishedAt: null }, want: false },
    { name: 'no token issued', state: { tokenMatches: true, expiresAt: null, finishedAt: null }, want: false },
    { name: 'the final flush just after the end', state: { tokenMatches: true, expiresAt: NOW + 1, finishedAt: NOW - 1000 }, want: true },
    { name: 'the last moment of the window', state: { tokenMatches: true, expiresAt: NOW + 1, finishedAt: NOW - LOG_FLUSH_WINDOW_MS + 1 }, want: true },
    { name: 'after the flush window', state: { tokenMatches: true, expiresAt: NOW + 1, finishedAt: NOW - LOG_FLUSH_WINDOW_MS }, want: false },
    { name: '15 minutes after the job ended (agent removed)', state: { tokenMatches: true, expiresAt: NOW + 1, finishedAt: NOW - 15 * 60_000 }, want: false },
  ])('$name → $want', ({ state, want }) => {
    expect(isLogTokenAccepted(state, NOW)).toBe(want);
  });
});

describe('planLogPush', () => {
  it.each([
    { name: 'a running job may truncate', input: { finished: false, storedCount: 10, startFrom: 0, eventCount: 3 }, want: { skip: 0, startFrom: 0 } },
    { name: 'a finished job appends after its end', input: { finished: true, storedCount: 10, startFrom: 10, eventCount: 3 }, want: { skip: 0, startFrom: 10 } },
    { name: 'a finished job keeps only the new tail of a retried batch', input: { finished: true, storedCount: 10, startFrom: 8, eventCount: 5 }, want: { skip: 2, startFrom: 10 } },
    { name: 'a finished job ignores a rewrite from 0', input: { finished: true, storedCount: 10, startFrom: 0, eventCount: 4 }, want: { skip: 4, startFrom: 4 } },
  ])('$name', ({ input, want }) => {
    expect(planLogPush(input)).toEqual(want);
  });
});
