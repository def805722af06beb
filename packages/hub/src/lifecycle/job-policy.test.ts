import { describe, expect, it } from 'vitest';
import {
  canTransition,
  decideJobOfLostAgent,
  decideStop,
  FAILURE_REASONS,
  hasExceededTimeLimit,
  toPublicResult,
  toPublicState,
  type JobRowState,
} from './job-policy.js';

describe('canTransition', () => {
  it.each<{ name: string; from: JobRowState; to: JobRowState; expected: boolean }>([
    { name: 'a queued job is offered to an agent', from: 'queued', to: 'offered', expected: true },
    { name: 'a queued job stopped by a user finishes at once', from: 'queued', to: 'finished', expected: true },
    { name: 'a queued job cannot run without an offer', from: 'queued', to: 'running', expected: false },
    { name: 'an offer goes back to the queue — DESIGN §2', from: 'offered', to: 'queued', expected: true },
    { name: 'an offer is accepted by GET /jobs/:id', from: 'offered', to: 'running', expected: true },
    { name: 'a running job finishes', from: 'running', to: 'finished', expected: true },
    { name: 'a running job never goes back to the queue', from: 'running', to: 'queued', expected: false },
    { name: 'a finished job stays finished (results are recorded once)', from: 'finished', to: 'running', expected: false },
  ])('$name', ({ from, to, expected }) => {
    expect(canTransition(from, to)).toBe(expected);
  });
});

describe('toPublicState / toPublicResult', () => {
  it.each<{ name: string; state: JobRowState; expected: string }>([
    { name: 'queued is QUEUED', state: 'queued', expected: 'QUEUED' },
    { name: 'the internal offered step is still QUEUED to users', state: 'offered', expected: 'QUEUED' },
    { name: 'running is RUNNING', state: 'running', expected: 'RUNNING' },
    { name: 'finished is FINISHED', state: 'finished', expected: 'FINISHED' },
  ])('$name', ({ state, expected }) => {
    expect(toPublicState(state)).toBe(expected);
  });

  it.each([
    { name: 'passed → PASSED', result: 'passed' as const, expected: 'PASSED' },
    { name: 'failed → FAILED', result: 'failed' as const, expected: 'FAILED' },
    { name: 'stopped → STOPPED', result: 'stopped' as const, expected: 'STOPPED' },
    { name: 'no result yet → absent', result: null, expected: undefined },
  ])('$name', ({ result, expected }) => {
    expect(toPublicResult(result)).toBe(expected);
  });
});

describe('decideStop', () => {
  it.each<{ name: string; state: JobRowState; expected: ReturnType<typeof decideStop> }>([
    {
      name: 'a queued job is removed from the queue as STOPPED — control-plane §6 "stopped while still queued"',
      state: 'queued',
      expected: { kind: 'finish-now', result: 'stopped', reason: FAILURE_REASONS.stoppedWhileQueued },
    },
    { name: 'an offered job waits for its agent to run it and hear stop-job', state: 'offered', expected: { kind: 'tell-agent' } },
    { name: 'a running job: the agent is flagged and hears stop-job — control-plane §6', state: 'running', expected: { kind: 'tell-agent' } },
    { name: 'a finished job is left as it is', state: 'finished', expected: { kind: 'already-finished' } },
  ])('$name', ({ state, expected }) => {
    expect(decideStop(state)).toEqual(expected);
  });
});

describe('decideJobOfLostAgent', () => {
  it.each<{ name: string; job: { state: JobRowState; stopRequested: boolean }; expected: ReturnType<typeof decideJobOfLostAgent> }>([
    { name: 'a never-accepted offer goes back to the queue', job: { state: 'offered', stopRequested: false }, expected: { kind: 'requeue' } },
    {
      name: 'a never-accepted offer with a stop pending ends STOPPED',
      job: { state: 'offered', stopRequested: true },
      expected: { kind: 'finish', result: 'stopped', reason: FAILURE_REASONS.stoppedWhileQueued },
    },
    {
      name: 'a running job ends FAILED with reason "agent lost" — control-plane §2.2 "that job is marked failed"',
      job: { state: 'running', stopRequested: false },
      expected: { kind: 'finish', result: 'failed', reason: 'agent lost' },
    },
    { name: 'a finished job is left alone', job: { state: 'finished', stopRequested: false }, expected: { kind: 'nothing' } },
  ])('$name', ({ job, expected }) => {
    expect(decideJobOfLostAgent(job)).toEqual(expected);
  });
});

describe('hasExceededTimeLimit', () => {
  const base = { state: 'running' as JobRowState, startedAt: 1_000, timeLimitSeconds: 60, stopRequested: false };
  it.each([
    { name: 'a running job at its limit is over it', job: base, now: 61_000, expected: true },
    { name: 'a running job before its limit is fine', job: base, now: 60_999, expected: false },
    { name: 'a job without a limit never exceeds it', job: { ...base, timeLimitSeconds: null }, now: 10 ** 12, expected: false },
    { name: 'a queued job has not started its clock', job: { ...base, state: 'queued' as JobRowState, startedAt: null }, now: 10 ** 12, expected: false },
    { name: 'a job already being stopped is not stopped twice', job: { ...base, stopRequested: true }, now: 10 ** 12, expected: false },
  ])('$name', ({ job, now, expected }) => {
    expect(hasExceededTimeLimit(job, now)).toBe(expected);
  });
});
