import { describe, expect, it } from 'vitest';
import { UNABLE_TO_SYNC, shutdownOf, unableToSync } from './shutdown-policy.js';

describe('shutdownOf (spec §2.7)', () => {
  it.each([
    { apiReason: 'idle', reason: 'IDLE' },
    { apiReason: 'job-finished', reason: 'JOB_FINISHED' },
    { apiReason: 'requested', reason: 'REQUESTED' },
    { apiReason: 'interrupted', reason: 'INTERRUPTED' },
    { apiReason: '', reason: 'UNKNOWN' },
    { apiReason: 'bored', reason: 'UNKNOWN' },
  ])("'$apiReason' → $reason, exit 0", ({ apiReason, reason }) => {
    expect(shutdownOf(apiReason)).toEqual({ reason, exitCode: 0 });
  });

  it('unable to sync exits 1', () => {
    expect(UNABLE_TO_SYNC).toEqual({ reason: 'UNABLE_TO_SYNC', exitCode: 1 });
  });
});

describe('unableToSync (spec §2.6)', () => {
  it.each([
    { name: 'exactly 10 minutes is still fine', last: 0, now: 600_000, expected: false },
    { name: 'more than 10 minutes gives up', last: 0, now: 600_001, expected: true },
  ])('$name', ({ last, now, expected }) => {
    expect(unableToSync(last, now, 600_000)).toBe(expected);
  });
});
