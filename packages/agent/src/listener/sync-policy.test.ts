import { describe, expect, it } from 'vitest';
import { longPollWaitSeconds, nextSyncDelayMs, planAction, syncRequestOf } from './sync-policy.js';

const answer = (action: string, jobId = '', shutdownReason = '') => ({ action, jobId, shutdownReason });

describe('planAction (spec §2.3)', () => {
  it.each([
    { name: 'continue does nothing', answer: answer('continue'), state: 'waiting-for-jobs', plan: { kind: 'continue' } },
    { name: 'an unknown action is ignored like continue', answer: answer('dance'), state: 'running-job', plan: { kind: 'continue' } },
    { name: 'run-job while waiting', answer: answer('run-job', 'j1'), state: 'waiting-for-jobs', plan: { kind: 'run-job', jobId: 'j1' } },
    { name: 'run-job after finished-job (no wait-for-jobs round trip)', answer: answer('run-job', 'j2'), state: 'finished-job', plan: { kind: 'run-job', jobId: 'j2' } },
    { name: 'run-job while busy is ignored: one job at a time', answer: answer('run-job', 'j2'), state: 'running-job', plan: { kind: 'ignore', why: 'run-job while running-job; one job at a time' } },
    { name: 'run-job without an id is ignored', answer: answer('run-job'), state: 'waiting-for-jobs', plan: { kind: 'ignore', why: 'run-job without a job_id' } },
    { name: 'stop-job while running', answer: answer('stop-job', 'j1'), state: 'running-job', plan: { kind: 'stop-job', jobId: 'j1' } },
    { name: 'stop-job while starting (the official agent crashes)', answer: answer('stop-job', 'j1'), state: 'starting-job', plan: { kind: 'stop-job', jobId: 'j1' } },
    { name: 'stop-job while waiting is ignored (the official agent crashes)', answer: answer('stop-job', 'j1'), state: 'waiting-for-jobs', plan: { kind: 'ignore', why: 'stop-job while no job runs' } },
    { name: 'stop-job after the job finished is ignored', answer: answer('stop-job', 'j1'), state: 'finished-job', plan: { kind: 'ignore', why: 'stop-job after the job finished; its result is reported anyway' } },
    { name: 'wait-for-jobs after a job', answer: answer('wait-for-jobs'), state: 'finished-job', plan: { kind: 'wait-for-jobs', abandon: false } },
    { name: 'wait-for-jobs during a job drops it', answer: answer('wait-for-jobs'), state: 'running-job', plan: { kind: 'wait-for-jobs', abandon: true } },
    { name: 'shutdown in any state', answer: answer('shutdown', '', 'idle'), state: 'running-job', plan: { kind: 'shutdown', reason: 'idle' } },
  ] as const)('$name', ({ answer, state, plan }) => {
    expect(planAction(answer, state)).toEqual(plan);
  });
});

describe('nextSyncDelayMs (spec §2.1)', () => {
  const timings = { syncIntervalMinMs: 3000, syncIntervalMaxMs: 6000 };
  const polled = (action: string, next: number) => ({ action, nextSyncAfterMs: next, longPoll: false });
  const longPolled = (action: string, next: number) => ({ action, nextSyncAfterMs: next, longPoll: true });
  it.each([
    { name: 'next_sync_after when the hub gives it', answer: polled('continue', 4500), elapsedMs: 5, random: 0.5, delay: 4500 },
    { name: 'random 3000–5999 ms without it (low end)', answer: polled('continue', 0), elapsedMs: 5, random: 0, delay: 3000 },
    { name: 'random 3000–5999 ms without it (high end)', answer: polled('continue', 0), elapsedMs: 5, random: 0.9999, delay: 5999 },
    { name: 'always random after an error', answer: undefined, elapsedMs: 5, random: 0.5, delay: 4500 },
    { name: 'long-poll: at once after a held answer', answer: longPolled('continue', 5000), elapsedMs: 20_000, random: 0.5, delay: 0 },
    { name: 'long-poll: at once after an action', answer: longPolled('run-job', 5000), elapsedMs: 3, random: 0.5, delay: 0 },
    { name: 'long-poll: within a second after a quick continue', answer: longPolled('continue', 5000), elapsedMs: 3, random: 0.5, delay: 1000 },
    { name: 'long-poll: sooner when the hub asks', answer: longPolled('continue', 200), elapsedMs: 3, random: 0.5, delay: 200 },
  ])('$name', ({ answer, elapsedMs, random, delay }) => {
    expect(nextSyncDelayMs({ answer, elapsedMs, random, timings })).toBe(delay);
  });
});

describe('longPollWaitSeconds (X-Outpost-Wait)', () => {
  it.each([
    { name: 'the configured wait when the HTTP timeout leaves room', longPollSeconds: 25, httpTimeoutMs: 60_000, seconds: 25 },
    { name: '5 s under the HTTP timeout when that is shorter', longPollSeconds: 25, httpTimeoutMs: 20_000, seconds: 15 },
    { name: 'whole seconds only', longPollSeconds: 25, httpTimeoutMs: 12_900, seconds: 7 },
    { name: 'never less than 1 s', longPollSeconds: 25, httpTimeoutMs: 3_000, seconds: 1 },
  ])('$name', ({ longPollSeconds, httpTimeoutMs, seconds }) => {
    expect(longPollWaitSeconds({ longPollSeconds, httpTimeoutMs })).toBe(seconds);
  });
});

describe('syncRequestOf (spec §1.3)', () => {
  it('always sends all four keys', () => {
    expect(syncRequestOf({ state: 'finished-job', jobId: 'j', jobResult: 'passed' }, 1700000000)).toEqual({
      state: 'finished-job',
      job_id: 'j',
      job_result: 'passed',
      interrupted_at: 1700000000,
    });
  });
});
