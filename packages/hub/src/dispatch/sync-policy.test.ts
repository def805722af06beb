import { describe, expect, it } from 'vitest';
import {
  decideSync,
  JOB_DROPPED_REASON,
  JOB_MISMATCH_REASON,
  nextDeadlineAt,
  type AssignedJobFacts,
  type FinalAnswer,
  type SyncAgentFacts,
  type SyncDecision,
  type SyncInput,
} from './sync-policy.js';

const NOW = 1_000_000;

function agent(overrides: Partial<SyncAgentFacts> = {}): SyncAgentFacts {
  return {
    disabled: false,
    interruptedAtMs: null,
    gracePeriodMs: 0,
    singleJob: false,
    idleTimeoutMs: 0,
    lastStateChangeAtMs: NOW - 1_000,
    requestedJobId: '',
    ...overrides,
  };
}

const offered: AssignedJobFacts = { id: 'j1', state: 'offered', stopRequested: false, timeLimitEndsAtMs: null };
const running: AssignedJobFacts = { id: 'j1', state: 'running', stopRequested: false, timeLimitEndsAtMs: null };
const stopRequested: AssignedJobFacts = { id: 'j1', state: 'running', stopRequested: true, timeLimitEndsAtMs: null };
const limitedTo = (timeLimitEndsAtMs: number): AssignedJobFacts => ({ ...running, timeLimitEndsAtMs });

function input(overrides: Partial<SyncInput>): SyncInput {
  return { state: 'waiting-for-jobs', reportedJobId: '', reportedResult: '', agent: agent(), assigned: null, now: NOW, ...overrides };
}

const none = { kind: 'none' } as const;
const idleContinue = { action: 'continue', hold: true, recheckAt: null } as const;
const claimNext = (otherwise: FinalAnswer = idleContinue): SyncDecision['answer'] => ({ action: 'claim', requestedJobId: null, otherwise });

describe('decideSync', () => {
  it.each<{ name: string; input: SyncInput; expected: Omit<SyncDecision, 'deadlineAt'> & { deadlineAt?: number } }>([
    // waiting-for-jobs (§2.4 row 1)
    {
      name: 'a waiting agent with nothing special claims the next queued job, else continues — §2.4 waiting-for-jobs',
      input: input({}),
      expected: { effect: none, answer: claimNext() },
    },
    {
      name: 'a disabled waiting agent is shut down with reason requested — §2.4 "agent disabled/removed → shutdown requested"',
      input: input({ agent: agent({ disabled: true }) }),
      expected: { effect: none, answer: { action: 'shutdown', reason: 'requested' } },
    },
    {
      name: 'an interrupted waiting agent is shut down with reason interrupted — §2.4 "interrupted_at > 0 → shutdown interrupted"',
      input: input({ agent: agent({ interruptedAtMs: NOW - 10 }) }),
      expected: { effect: none, answer: { action: 'shutdown', reason: 'interrupted' } },
    },
    {
      name: 'disabled wins over interrupted — §2.4 order of the waiting-for-jobs row',
      input: input({ agent: agent({ disabled: true, interruptedAtMs: NOW }) }),
      expected: { effect: none, answer: { action: 'shutdown', reason: 'requested' } },
    },
    {
      name: 'a single-job agent claims the job it asked for at registration — §2.4 "job assigned at registration → run-job"',
      input: input({ agent: agent({ singleJob: true, requestedJobId: 'wanted' }) }),
      expected: {
        effect: none,
        answer: { action: 'claim', requestedJobId: 'wanted', otherwise: { action: 'shutdown', reason: 'job-finished' } },
      },
    },
    {
      name: 'idle timeout not reached: claim first, else continue until the idle deadline — control-plane §6 "after checking for a queued job"',
      input: input({ agent: agent({ idleTimeoutMs: 5_000, lastStateChangeAtMs: NOW - 1_000 }) }),
      expected: { effect: none, answer: claimNext({ action: 'continue', hold: true, recheckAt: NOW + 4_000 }), deadlineAt: NOW + 4_000 },
    },
    {
      name: 'idle timeout reached: claim first, else shutdown idle — §2.4 "idle_timeout > 0 and time since waiting ≥ idle_timeout"',
      input: input({ agent: agent({ idleTimeoutMs: 5_000, lastStateChangeAtMs: NOW - 5_000 }) }),
      expected: { effect: none, answer: claimNext({ action: 'shutdown', reason: 'idle' }), deadlineAt: NOW },
    },
    {
      name: 'an offer whose agent syncs waiting-for-jobs again goes back to the queue — DESIGN §2 offer → accept',
      input: input({ assigned: offered }),
      expected: { effect: { kind: 'return-offer', jobId: 'j1' }, answer: claimNext() },
    },
    {
      name: 'a running job whose agent reports waiting-for-jobs is failed, the agent dropped it',
      input: input({ assigned: running }),
      expected: { effect: { kind: 'fail-job', jobId: 'j1', reason: JOB_DROPPED_REASON }, answer: claimNext() },
    },
    {
      name: 'a disabled agent coming back from an offer returns it and shuts down',
      input: input({ assigned: offered, agent: agent({ disabled: true }) }),
      expected: { effect: { kind: 'return-offer', jobId: 'j1' }, answer: { action: 'shutdown', reason: 'requested' } },
    },
    // starting-job (§2.4 row 2)
    {
      name: 'starting-job always continues — §2.4 "never stop-job here"',
      input: input({ state: 'starting-job', reportedJobId: 'j1', assigned: offered }),
      expected: { effect: none, answer: { action: 'continue', hold: false, recheckAt: null } },
    },
    {
      name: 'starting-job with a stop requested still continues; the stop waits for running-job — §2.12',
      input: input({ state: 'starting-job', reportedJobId: 'j1', assigned: stopRequested, agent: agent({ disabled: true }) }),
      expected: { effect: none, answer: { action: 'continue', hold: false, recheckAt: null } },
    },
    // running-job (§2.4 row 3)
    {
      name: 'a running job with nothing to say continues — §2.4 running-job "else continue"',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: running }),
      expected: { effect: none, answer: idleContinue },
    },
    {
      name: 'a stop requested for the running job → stop-job with the assigned id — §2.4 "stop requested for the job"',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: stopRequested }),
      expected: { effect: none, answer: { action: 'stop-job', jobId: 'j1' } },
    },
    {
      name: 'a disabled busy agent is told stop-job first — control-plane §2.3 "a busy agent is first told stop-job"',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: running, agent: agent({ disabled: true }) }),
      expected: { effect: none, answer: { action: 'stop-job', jobId: 'j1' } },
    },
    {
      name: 'interrupted with no grace period → stop-job at once — §2.8 "grace 0 → stop-job immediately"',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: running, agent: agent({ interruptedAtMs: NOW }) }),
      expected: { effect: none, answer: { action: 'stop-job', jobId: 'j1' }, deadlineAt: NOW },
    },
    {
      name: 'interrupted within the grace period → continue until it ends — §2.4 "now - interrupted_at ≥ grace → stop-job"',
      input: input({
        state: 'running-job',
        reportedJobId: 'j1',
        assigned: running,
        agent: agent({ interruptedAtMs: NOW - 1_000, gracePeriodMs: 30_000 }),
      }),
      expected: { effect: none, answer: { action: 'continue', hold: true, recheckAt: NOW + 29_000 }, deadlineAt: NOW + 29_000 },
    },
    {
      name: 'interrupted and the grace period is over → stop-job',
      input: input({
        state: 'running-job',
        reportedJobId: 'j1',
        assigned: running,
        agent: agent({ interruptedAtMs: NOW - 30_000, gracePeriodMs: 30_000 }),
      }),
      expected: { effect: none, answer: { action: 'stop-job', jobId: 'j1' }, deadlineAt: NOW },
    },
    {
      name: 'a job within its execution time limit continues until the limit',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: limitedTo(NOW + 60_000) }),
      expected: { effect: none, answer: { action: 'continue', hold: true, recheckAt: NOW + 60_000 }, deadlineAt: NOW + 60_000 },
    },
    {
      name: 'a job past its execution time limit is flagged and stopped at this sync, not at the next sweep',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: limitedTo(NOW) }),
      expected: { effect: { kind: 'exceed-time-limit', jobId: 'j1' }, answer: { action: 'stop-job', jobId: 'j1' }, deadlineAt: NOW },
    },
    {
      name: 'a job already stopped for its time limit is stopped again without a second flag',
      input: input({ state: 'running-job', reportedJobId: 'j1', assigned: { ...stopRequested, timeLimitEndsAtMs: NOW - 1 } }),
      expected: { effect: none, answer: { action: 'stop-job', jobId: 'j1' }, deadlineAt: NOW - 1 },
    },
    {
      name: 'running a job the hub does not assign to it (requeued, taken elsewhere) → stop-job for that job',
      input: input({ state: 'running-job', reportedJobId: 'other', assigned: null }),
      expected: { effect: none, answer: { action: 'stop-job', jobId: 'other' } },
    },
    // stopping-job (§2.4 row 4)
    {
      name: 'stopping-job continues — §2.4 stopping-job',
      input: input({ state: 'stopping-job', reportedJobId: 'j1', assigned: stopRequested }),
      expected: { effect: none, answer: idleContinue },
    },
    // finished-job (§2.4 row 5)
    {
      name: 'finished-job records the result and answers wait-for-jobs — §2.4 finished-job "else wait-for-jobs"',
      input: input({ state: 'finished-job', reportedJobId: 'j1', reportedResult: 'passed', assigned: running }),
      expected: { effect: { kind: 'record-result', jobId: 'j1', result: 'passed' }, answer: { action: 'wait-for-jobs' } },
    },
    {
      name: 'a repeated finished-job after the result was recorded changes nothing — §2.2 "treat repeated reports idempotently"',
      input: input({ state: 'finished-job', reportedJobId: 'j1', reportedResult: 'passed', assigned: null }),
      expected: { effect: none, answer: { action: 'wait-for-jobs' } },
    },
    {
      name: 'finished-job on a single-job agent → shutdown job-finished — §2.4 "single_job → shutdown job-finished"',
      input: input({ state: 'finished-job', reportedJobId: 'j1', reportedResult: 'failed', assigned: running, agent: agent({ singleJob: true }) }),
      expected: { effect: { kind: 'record-result', jobId: 'j1', result: 'failed' }, answer: { action: 'shutdown', reason: 'job-finished' } },
    },
    {
      name: 'finished-job on a disabled agent → shutdown requested — §2.4 "disabled → shutdown requested"',
      input: input({ state: 'finished-job', reportedJobId: 'j1', reportedResult: 'stopped', assigned: running, agent: agent({ disabled: true, singleJob: true }) }),
      expected: { effect: { kind: 'record-result', jobId: 'j1', result: 'stopped' }, answer: { action: 'shutdown', reason: 'requested' } },
    },
    {
      name: 'finished-job on an interrupted agent → shutdown interrupted — §2.8 "job completes → shutdown interrupted"',
      input: input({ state: 'finished-job', reportedJobId: 'j1', reportedResult: 'passed', assigned: running, agent: agent({ interruptedAtMs: NOW }) }),
      expected: { effect: { kind: 'record-result', jobId: 'j1', result: 'passed' }, answer: { action: 'shutdown', reason: 'interrupted' } },
    },
    {
      name: 'a failed job fetch is reported against the offer and recorded as failed — §2.3 run-job "on any failure → finished-job failed"',
      input: input({ state: 'finished-job', reportedJobId: 'j1', reportedResult: 'failed', assigned: offered }),
      expected: { effect: { kind: 'record-result', jobId: 'j1', result: 'failed' }, answer: { action: 'wait-for-jobs' } },
    },
    {
      name: 'finished-job for a different job fails the assigned running one (the agent lost track of it)',
      input: input({ state: 'finished-job', reportedJobId: 'other', reportedResult: 'passed', assigned: running }),
      expected: { effect: { kind: 'fail-job', jobId: 'j1', reason: JOB_MISMATCH_REASON }, answer: { action: 'wait-for-jobs' } },
    },
    {
      name: 'finished-job for a different job returns an unfetched offer to the queue',
      input: input({ state: 'finished-job', reportedJobId: 'other', reportedResult: 'passed', assigned: offered }),
      expected: { effect: { kind: 'return-offer', jobId: 'j1' }, answer: { action: 'wait-for-jobs' } },
    },
  ])('$name', ({ input: given, expected }) => {
    expect(decideSync(given)).toEqual({ deadlineAt: null, ...expected });
  });

  it.each(['waiting-for-jobs', 'starting-job', 'stopping-job', 'finished-job'] as const)(
    'never answers stop-job to an agent in %s — §2.12 "never send stop-job unless the last state was running-job (or stopping-job)"',
    (state) => {
      const decision = decideSync(input({ state, reportedJobId: 'j1', assigned: stopRequested, agent: agent({ disabled: true, interruptedAtMs: 0 }) }));
      const answers = decision.answer.action === 'claim' ? [decision.answer, decision.answer.otherwise] : [decision.answer];
      expect(answers.map((a) => a.action)).not.toContain('stop-job');
    },
  );

  it.each(['starting-job', 'running-job', 'stopping-job', 'finished-job'] as const)(
    'never claims a job for an agent in %s — §2.12 "never send run-job unless the agent reported waiting-for-jobs"',
    (state) => {
      expect(decideSync(input({ state, reportedJobId: 'j1', assigned: running })).answer.action).not.toBe('claim');
    },
  );
});

describe('nextDeadlineAt', () => {
  const grace = agent({ interruptedAtMs: NOW - 2_000, gracePeriodMs: 10_000 });
  it.each<{ name: string; input: SyncInput; expected: number | null }>([
    { name: 'a waiting agent without an idle timeout has none', input: input({}), expected: null },
    { name: 'a waiting agent: the idle timeout, counted from its last state change', input: input({ agent: agent({ idleTimeoutMs: 15_000 }) }), expected: NOW - 1_000 + 15_000 },
    { name: 'a disabled waiting agent is shut down now, no deadline', input: input({ agent: agent({ idleTimeoutMs: 15_000, disabled: true }) }), expected: null },
    { name: 'an interrupted waiting agent is shut down now, no deadline', input: input({ agent: agent({ idleTimeoutMs: 15_000, interruptedAtMs: NOW }) }), expected: null },
    {
      name: 'a single-job agent waiting for the job it asked for: claimed or shut down now, no idle deadline',
      input: input({ agent: agent({ idleTimeoutMs: 15_000, singleJob: true, requestedJobId: 'wanted' }) }),
      expected: null,
    },
    { name: 'a running agent that was interrupted: the end of its grace period', input: input({ state: 'running-job', reportedJobId: 'j1', assigned: running, agent: grace }), expected: NOW + 8_000 },
    { name: 'a starting agent that was interrupted: the end of its grace period', input: input({ state: 'starting-job', reportedJobId: 'j1', assigned: offered, agent: grace }), expected: NOW + 8_000 },
    { name: 'a running job: its execution time limit', input: input({ state: 'running-job', reportedJobId: 'j1', assigned: limitedTo(NOW + 3_000) }), expected: NOW + 3_000 },
    { name: 'grace end and time limit: the earlier', input: input({ state: 'running-job', reportedJobId: 'j1', assigned: limitedTo(NOW + 30_000), agent: grace }), expected: NOW + 8_000 },
    { name: 'a running agent with neither has none (a stop is an event: the running interval carries it)', input: input({ state: 'running-job', reportedJobId: 'j1', assigned: running }), expected: null },
    { name: 'a stopping agent forces a sync when its job ends: none', input: input({ state: 'stopping-job', reportedJobId: 'j1', assigned: stopRequested, agent: grace }), expected: null },
    { name: 'a single-job agent that finished hears shutdown at once: none', input: input({ state: 'finished-job', reportedJobId: 'j1', agent: agent({ singleJob: true, idleTimeoutMs: 5_000 }) }), expected: null },
  ])('$name', ({ input: given, expected }) => {
    expect(nextDeadlineAt(given)).toBe(expected);
  });
});
