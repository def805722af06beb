import { describe, expect, it } from 'vitest';
import { AIMED_SYNC_FLOOR_MS, isBusyState, longestSyncIntervalMs, nextSyncAfterMs, type SyncIntervalInput } from './sync-interval-policy.js';

const RUNNING = 1_500;

function interval(overrides: Partial<Omit<SyncIntervalInput, 'random'>> & { random?: number }): number {
  const { random = 0, ...rest } = overrides;
  return nextSyncAfterMs({ state: 'waiting-for-jobs', action: 'continue', polling: true, deadlineInMs: null, runningIntervalMs: RUNNING, ...rest, random: () => random });
}

describe('nextSyncAfterMs', () => {
  it.each<{ name: string; given: Parameters<typeof interval>[0]; expected: number }>([
    { name: 'idle answers lie in 4000–5999 ms (low end) — §2.1 production interval', given: { random: 0 }, expected: 4_000 },
    { name: 'idle answers lie in 4000–5999 ms (high end)', given: { random: 0.9999 }, expected: 5_999 },
    { name: 'wait-for-jobs after a finished job is the idle interval', given: { state: 'finished-job', action: 'wait-for-jobs', random: 0.5 }, expected: 5_000 },
    { name: 'stop-job to a running agent: the idle interval (it forces a sync when the job ends)', given: { state: 'running-job', action: 'stop-job' }, expected: 4_000 },
    // A polling agent with a job in hand syncs within the running interval, so a stop reaches it.
    { name: 'a running polling agent: the running interval (high end)', given: { state: 'running-job', random: 0 }, expected: RUNNING },
    { name: 'a running polling agent: jittered down by at most a quarter', given: { state: 'running-job', random: 0.9999 }, expected: 1_125 },
    { name: 'a starting polling agent: the running interval', given: { state: 'starting-job' }, expected: RUNNING },
    { name: 'run-job to a polling agent: it will be running, the running interval', given: { action: 'run-job' }, expected: RUNNING },
    { name: 'a stopping polling agent keeps the doubled interval (it forces a sync when the job ends)', given: { state: 'stopping-job' }, expected: 8_000 },
    // Long-polling agents keep the production intervals: the hub wakes them.
    { name: 'long-poll: continue to a running agent is doubled — §2.1 "8–12 s for continue while running-job"', given: { state: 'running-job', polling: false }, expected: 8_000 },
    { name: 'long-poll: run-job is the idle interval', given: { action: 'run-job', polling: false }, expected: 4_000 },
    { name: 'long-poll: a deadline does not aim the sync (the held answer is released at it)', given: { polling: false, deadlineInMs: 1_000 }, expected: 4_000 },
    // Aimed: capped to land just after the next deadline, never below the floor.
    { name: 'an idle deadline 2.5 s away: the sync comes 50 ms after it', given: { deadlineInMs: 2_500 }, expected: 2_550 },
    { name: 'an idle deadline beyond the interval does not lengthen it', given: { deadlineInMs: 60_000 }, expected: 4_000 },
    { name: 'a grace period ending in 700 ms while running: 750 ms', given: { state: 'running-job', deadlineInMs: 700 }, expected: 750 },
    { name: 'a deadline 10 ms away: the floor', given: { deadlineInMs: 10 }, expected: AIMED_SYNC_FLOOR_MS },
    { name: 'a deadline already past (a clock step): the floor, never a busy loop', given: { deadlineInMs: -5_000 }, expected: AIMED_SYNC_FLOOR_MS },
    { name: 'a deadline does not aim an answer that is not continue', given: { action: 'wait-for-jobs', state: 'finished-job', deadlineInMs: 100 }, expected: 4_000 },
    { name: 'a configured running interval longer than the deadline: the deadline wins', given: { state: 'running-job', runningIntervalMs: 20_000, deadlineInMs: 3_000 }, expected: 3_050 },
  ])('$name', ({ given, expected }) => {
    expect(interval(given)).toBe(expected);
  });
});

describe('isBusyState / longestSyncIntervalMs', () => {
  it.each([
    { name: 'an agent waiting for jobs is idle; it may be told to wait up to 6 s — §2.1', state: 'waiting-for-jobs', busy: false, longest: 6_000 },
    { name: 'an agent starting a job is busy; a continue may be doubled to 12 s', state: 'starting-job', busy: true, longest: 12_000 },
    { name: 'an agent running a job is busy', state: 'running-job', busy: true, longest: 12_000 },
    { name: 'an agent stopping a job is busy', state: 'stopping-job', busy: true, longest: 12_000 },
    { name: 'an agent that finished a job is idle again (it hears wait-for-jobs or shutdown)', state: 'finished-job', busy: false, longest: 6_000 },
  ] as const)('$name', ({ state, busy, longest }) => {
    expect(isBusyState(state)).toBe(busy);
    expect(longestSyncIntervalMs(state, RUNNING)).toBe(longest);
  });

  it('a configured running interval longer than the production ones is the longest', () => {
    expect(longestSyncIntervalMs('waiting-for-jobs', 20_000)).toBe(20_000);
  });
});
