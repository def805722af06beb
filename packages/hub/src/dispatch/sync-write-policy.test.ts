import { describe, expect, it } from 'vitest';
import { decideSyncWrite, type IncomingSyncFacts, type StoredSyncFacts } from './sync-write-policy.js';

const stored = (overrides: Partial<StoredSyncFacts> = {}): StoredSyncFacts => ({
  state: 'waiting-for-jobs', lastSyncAt: 1_000, interruptedAt: null, longPoll: false, syncIntervalMs: 6_000, ...overrides,
});
const incoming = (overrides: Partial<IncomingSyncFacts> = {}): IncomingSyncFacts => ({
  state: 'waiting-for-jobs', interrupted: false, longPoll: false, syncIntervalMs: 6_000, ...overrides,
});

describe('decideSyncWrite', () => {
  it.each([
    { name: 'an idle sync that changes nothing waits for the flush', stored: stored(), incoming: incoming(), expected: 'write-behind' },
    { name: 'a running-job sync repeating its state waits for the flush', stored: stored({ state: 'running-job', syncIntervalMs: 3_000 }), incoming: incoming({ state: 'running-job', syncIntervalMs: 3_000 }), expected: 'write-behind' },
    { name: 'the first sync is written at once (it ends the registration retry window)', stored: stored({ state: '', lastSyncAt: null }), incoming: incoming(), expected: 'write-now' },
    { name: 'a first sync is written even when its facts match the new row', stored: stored({ lastSyncAt: null }), incoming: incoming(), expected: 'write-now' },
    { name: 'a new state is written at once (decisions and the idle clock read it)', stored: stored(), incoming: incoming({ state: 'running-job' }), expected: 'write-now' },
    { name: 'a first interruption is written at once (its grace period counts from it)', stored: stored(), incoming: incoming({ interrupted: true }), expected: 'write-now' },
    { name: 'a repeated interruption keeps the first one, so nothing changes', stored: stored({ interruptedAt: 500 }), incoming: incoming({ interrupted: true }), expected: 'write-behind' },
    { name: 'an interruption on the row with none reported changes nothing (the first one sticks)', stored: stored({ interruptedAt: 500 }), incoming: incoming(), expected: 'write-behind' },
    { name: 'starting to long-poll is written at once (liveness reads it)', stored: stored(), incoming: incoming({ longPoll: true }), expected: 'write-now' },
    { name: 'stopping to long-poll is written at once', stored: stored({ longPoll: true }), incoming: incoming(), expected: 'write-now' },
    { name: 'a new sync interval is written at once (liveness allows missed syncs of it)', stored: stored(), incoming: incoming({ syncIntervalMs: 3_000 }), expected: 'write-now' },
    { name: 'while the last flush failed an unchanged sync is written at once (a failing store refuses it)', stored: stored(), incoming: incoming(), flushing: false, expected: 'write-now' },
  ])('$name', ({ stored: row, incoming: sync, flushing, expected }) => {
    expect(decideSyncWrite(row, sync, flushing ?? true)).toBe(expected);
  });
});
