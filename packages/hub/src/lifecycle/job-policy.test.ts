import { describe, expect, it } from 'vitest';
import type { JobRowState } from '../store/schema.js';
import {
  decideJobEvent,
  FAILURE_REASONS,
  guardFor,
  hasExceededTimeLimit,
  isAssignedState,
  JOB_EVENTS,
  JOB_STATES,
  statesAllowing,
  toPublicResult,
  toPublicState,
  type JobEvent,
  type JobEventInput,
  type JobTransition,
  type RuleSelection,
} from './job-policy.js';

/** One line per outcome: `→ state`, then `result "reason"` when it ends, `+stop` when it flags a stop; `-` for none. */
function summary(transition: JobTransition | null): string {
  if (!transition) return '-';
  const parts = [`→ ${transition.to}`];
  if (transition.result) parts.push(transition.result);
  if (transition.reason) parts.push(`"${transition.reason}"`);
  if (transition.flagStop) parts.push('+stop');
  return parts.join(' ');
}

function inputOf(event: JobEvent): JobEventInput {
  if (event === 'report-result') return { event, result: 'passed' };
  if (event === 'drop') return { event, reason: 'the agent reported no job' };
  return { event };
}

const LOST = `"${FAILURE_REASONS.agentLost}"`;
const STOPPED_QUEUED = `"${FAILURE_REASONS.stoppedWhileQueued}"`;
const TIME_LIMIT = `"${FAILURE_REASONS.timeLimit}"`;

// Every event × every state, with the stop flag clear and set. Rows say what the hub does (or that nothing changes).
const TABLE: { name: string; event: JobEvent; state: JobRowState; clear: string; stopped: string }[] = [
  { name: 'a sync claims a queued job for its agent', event: 'offer', state: 'queued', clear: '→ offered', stopped: '→ offered' },
  { name: 'an offered job is not offered twice', event: 'offer', state: 'offered', clear: '-', stopped: '-' },
  { name: 'a running job is not offered', event: 'offer', state: 'running', clear: '-', stopped: '-' },
  { name: 'a finished job is not offered', event: 'offer', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job cannot be fetched without an offer', event: 'accept', state: 'queued', clear: '-', stopped: '-' },
  { name: 'GET /jobs/:id accepts the offer — DESIGN §2', event: 'accept', state: 'offered', clear: '→ running', stopped: '→ running' },
  { name: 'a running job may be fetched again (a new log token)', event: 'accept', state: 'running', clear: '→ running', stopped: '→ running' },
  { name: 'a finished job cannot be fetched', event: 'accept', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job has no log token to refresh', event: 'refresh-log-token', state: 'queued', clear: '-', stopped: '-' },
  { name: 'an offered job\'s token may be refreshed', event: 'refresh-log-token', state: 'offered', clear: '→ offered', stopped: '→ offered' },
  { name: 'a running job\'s token may be refreshed — spec §1.5', event: 'refresh-log-token', state: 'running', clear: '→ running', stopped: '→ running' },
  { name: 'a finished job\'s token is not refreshed', event: 'refresh-log-token', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job has no offer to return', event: 'return-offer', state: 'queued', clear: '-', stopped: '-' },
  {
    name: 'a returned offer goes back to the queue, or ends STOPPED when a stop came meanwhile',
    event: 'return-offer', state: 'offered', clear: '→ queued', stopped: `→ finished stopped ${STOPPED_QUEUED}`,
  },
  { name: 'an accepted job is no offer to return', event: 'return-offer', state: 'running', clear: '-', stopped: '-' },
  { name: 'a finished job is no offer to return', event: 'return-offer', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job has no agent to report it', event: 'report-result', state: 'queued', clear: '-', stopped: '-' },
  { name: 'an agent that failed to fetch its offer reports it finished', event: 'report-result', state: 'offered', clear: '→ finished passed', stopped: '→ finished passed' },
  { name: 'the agent\'s finished-job sync records its result — spec §2.4', event: 'report-result', state: 'running', clear: '→ finished passed', stopped: '→ finished passed' },
  { name: 'a result is recorded once', event: 'report-result', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job cannot be dropped', event: 'drop', state: 'queued', clear: '-', stopped: '-' },
  { name: 'an offer the agent forgot is returned, not failed', event: 'drop', state: 'offered', clear: '-', stopped: '-' },
  {
    name: 'a running job the agent forgot ends FAILED with the hub\'s reason',
    event: 'drop', state: 'running', clear: '→ finished failed "the agent reported no job"', stopped: '→ finished failed "the agent reported no job"',
  },
  { name: 'a finished job cannot be dropped', event: 'drop', state: 'finished', clear: '-', stopped: '-' },
  {
    name: 'a stopped queued job ends STOPPED at once — control-plane §6',
    event: 'request-stop', state: 'queued', clear: `→ finished stopped ${STOPPED_QUEUED}`, stopped: `→ finished stopped ${STOPPED_QUEUED}`,
  },
  { name: 'a stopped offer waits for its agent; a second stop changes nothing', event: 'request-stop', state: 'offered', clear: '→ offered +stop', stopped: '-' },
  { name: 'a stopped running job hears stop-job — control-plane §6; once', event: 'request-stop', state: 'running', clear: '→ running +stop', stopped: '-' },
  { name: 'a finished job has nothing to stop', event: 'request-stop', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job has no clock to exceed', event: 'exceed-time-limit', state: 'queued', clear: '-', stopped: '-' },
  { name: 'an offered job has no clock to exceed', event: 'exceed-time-limit', state: 'offered', clear: '-', stopped: '-' },
  {
    name: 'a running job over its limit is stopped with the reason, once',
    event: 'exceed-time-limit', state: 'running', clear: `→ running ${TIME_LIMIT} +stop`, stopped: '-',
  },
  { name: 'a finished job is over no limit', event: 'exceed-time-limit', state: 'finished', clear: '-', stopped: '-' },
  { name: 'a queued job has no agent to lose', event: 'lose-agent', state: 'queued', clear: '-', stopped: '-' },
  {
    name: 'a lost agent\'s offer is returned like any other',
    event: 'lose-agent', state: 'offered', clear: '→ queued', stopped: `→ finished stopped ${STOPPED_QUEUED}`,
  },
  {
    name: 'a lost agent\'s running job ends FAILED "agent lost" — control-plane §2.2',
    event: 'lose-agent', state: 'running', clear: `→ finished failed ${LOST}`, stopped: `→ finished failed ${LOST}`,
  },
  { name: 'a finished job does not care that its agent is gone', event: 'lose-agent', state: 'finished', clear: '-', stopped: '-' },
];

describe('decideJobEvent', () => {
  it('has a row for every event in every state', () => {
    const covered = new Set(TABLE.map((row) => `${row.event}/${row.state}`));
    expect(covered.size).toBe(TABLE.length);
    expect(covered.size).toBe(JOB_EVENTS.length * JOB_STATES.length);
  });

  it.each(TABLE)('$name ($event, $state)', ({ event, state, clear, stopped }) => {
    expect(summary(decideJobEvent(inputOf(event), { state, stopRequested: false }))).toBe(clear);
    expect(summary(decideJobEvent(inputOf(event), { state, stopRequested: true }))).toBe(stopped);
  });

  it.each([
    { name: 'a plain rule finds only its state', event: 'lose-agent' as const, state: 'running' as const, stopRequested: true, expected: { states: ['running'] } },
    { name: 'a rule on a clear stop flag finds it clear', event: 'return-offer' as const, state: 'offered' as const, stopRequested: false, expected: { states: ['offered'], stopRequested: false } },
    { name: 'a rule on a set stop flag finds it set', event: 'return-offer' as const, state: 'offered' as const, stopRequested: true, expected: { states: ['offered'], stopRequested: true } },
  ])('guards its write: $name', ({ event, state, stopRequested, expected }) => {
    expect(decideJobEvent({ event }, { state, stopRequested })?.guard).toEqual(expected);
  });
});

describe('statesAllowing / guardFor', () => {
  it.each<{ name: string; event: JobEvent; which: RuleSelection; states: JobRowState[]; guard: object }>([
    { name: 'a claim takes only queued jobs', event: 'offer', which: 'any', states: ['queued'], guard: { states: ['queued'] } },
    { name: 'the first fetch starts an offered job', event: 'accept', which: 'moving', states: ['offered'], guard: { states: ['offered'] } },
    { name: 'a later fetch re-reads a running job', event: 'accept', which: 'staying', states: ['running'], guard: { states: ['running'] } },
    { name: 'a log token is refreshed for an offered or running job', event: 'refresh-log-token', which: 'any', states: ['offered', 'running'], guard: { states: ['offered', 'running'] } },
    { name: 'expired offers are looked for among offered jobs', event: 'return-offer', which: 'any', states: ['offered'], guard: { states: ['offered'] } },
    { name: 'time limits are checked on running jobs not yet stopped', event: 'exceed-time-limit', which: 'any', states: ['running'], guard: { states: ['running'], stopRequested: false } },
    { name: 'orphans are offered or running jobs', event: 'lose-agent', which: 'any', states: ['offered', 'running'], guard: { states: ['offered', 'running'] } },
  ])('$name', ({ event, which, states, guard }) => {
    expect(statesAllowing(event, which)).toEqual(states);
    expect(guardFor(event, which)).toEqual(guard);
  });

  it('refuses a guard for rows the table does not have', () => {
    expect(() => guardFor('offer', 'staying')).toThrow(/no staying rule for offer/);
  });
});

describe('isAssignedState', () => {
  it.each<{ name: string; state: JobRowState; expected: boolean }>([
    { name: 'a queued job has no agent', state: 'queued', expected: false },
    { name: 'an offered job is its agent\'s', state: 'offered', expected: true },
    { name: 'a running job is its agent\'s', state: 'running', expected: true },
    { name: 'a finished job is no longer its agent\'s', state: 'finished', expected: false },
  ])('$name', ({ state, expected }) => {
    expect(isAssignedState(state)).toBe(expected);
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

describe('hasExceededTimeLimit', () => {
  const base = { startedAt: 1_000, timeLimitSeconds: 60 };
  it.each([
    { name: 'a job at its limit is over it', job: base, now: 61_000, expected: true },
    { name: 'a job before its limit is fine', job: base, now: 60_999, expected: false },
    { name: 'a job without a limit never exceeds it', job: { ...base, timeLimitSeconds: null }, now: 10 ** 12, expected: false },
    { name: 'a job that never started has not started its clock', job: { ...base, startedAt: null }, now: 10 ** 12, expected: false },
  ])('$name', ({ job, now, expected }) => {
    expect(hasExceededTimeLimit(job, now)).toBe(expected);
  });
});
