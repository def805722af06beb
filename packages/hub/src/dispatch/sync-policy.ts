import type { AgentState, JobResult, ShutdownReason } from '@outpost/protocol';
import type { AssignedJobState } from '../lifecycle/job-policy.js';

/**
 * The sync decision table (agent-protocol §2.4, §2.12; control-plane §2.3, §6) as data in, data out. The dispatcher
 * gathers the facts, calls decideSync, applies the job effect, then turns the answer into a SyncResponse (claiming a
 * job from the queue where the answer says so). With every answer comes the agent's next deadline, at which time alone
 * changes the answer, so a polling agent can be told to sync right after it (sync-interval-policy.ts).
 */

/** What the hub knows about the agent, times in hub milliseconds. */
export interface SyncAgentFacts {
  disabled: boolean;
  /** When the hub first saw the agent's interruption; null when it was never interrupted. */
  interruptedAtMs: number | null;
  gracePeriodMs: number;
  singleJob: boolean;
  /** 0 means never. */
  idleTimeoutMs: number;
  /** When the reported state last differed from the one before. */
  lastStateChangeAtMs: number;
  /** `job_id` given at registration (single-job agents); '' when none. */
  requestedJobId: string;
}

/** The job the hub has assigned to the agent (an offer not yet fetched, or a running job). */
export interface AssignedJobFacts {
  id: string;
  state: AssignedJobState;
  stopRequested: boolean;
  /** started_at + execution_time_limit; null when the job has no limit or has not started. */
  timeLimitEndsAtMs: number | null;
}

export interface SyncInput {
  state: AgentState;
  reportedJobId: string;
  reportedResult: JobResult | '';
  agent: SyncAgentFacts;
  assigned: AssignedJobFacts | null;
  now: number;
}

/** What happens to the assigned job before the answer. */
export type JobEffect =
  | { kind: 'none' }
  | { kind: 'record-result'; jobId: string; result: JobResult }
  | { kind: 'return-offer'; jobId: string }
  | { kind: 'fail-job'; jobId: string; reason: string }
  /** The job ran past its execution time limit: flag the stop (the sweep would, a moment later). */
  | { kind: 'exceed-time-limit'; jobId: string };

export type FinalAnswer =
  /** `hold`: a long-polling agent may be kept waiting; `recheckAt`: when time alone changes the answer. */
  | { action: 'continue'; hold: boolean; recheckAt: number | null }
  | { action: 'stop-job'; jobId: string }
  | { action: 'wait-for-jobs' }
  | { action: 'shutdown'; reason: ShutdownReason };

/** Claim the requested job (or the next queued one) and answer run-job; when there is none, answer `otherwise`. */
export type ClaimAnswer = { action: 'claim'; requestedJobId: string | null; otherwise: FinalAnswer };

export type SyncAnswer = FinalAnswer | ClaimAnswer;

export interface SyncDecision {
  effect: JobEffect;
  answer: SyncAnswer;
  /** The next moment time alone changes the answer (hub ms); null when only an event can. */
  deadlineAt: number | null;
}

export const JOB_DROPPED_REASON = 'the agent reported no job while it was running this one';
export const JOB_MISMATCH_REASON = 'the agent reported finishing a different job';

export function decideSync(input: SyncInput): SyncDecision {
  return { ...decideAnswer(input), deadlineAt: nextDeadlineAt(input) };
}

function decideAnswer(input: SyncInput): Omit<SyncDecision, 'deadlineAt'> {
  switch (input.state) {
    case 'waiting-for-jobs':
      return { effect: effectWhenWaiting(input.assigned), answer: answerWhenWaiting(input) };
    case 'starting-job':
      // Never stop-job here: the official agent has no job object yet and crashes (§2.3); a stop waits for running-job.
      return { effect: { kind: 'none' }, answer: { action: 'continue', hold: false, recheckAt: null } };
    case 'running-job':
      return decideWhenRunning(input);
    case 'stopping-job':
      return { effect: { kind: 'none' }, answer: { action: 'continue', hold: true, recheckAt: null } };
    case 'finished-job':
      return { effect: effectWhenFinished(input), answer: answerWhenFinished(input.agent) };
  }
}

/**
 * The deadlines that end a `continue`: the interruption grace period's end (a busy agent), the idle timeout (a
 * waiting one) and the job's execution time limit. A single-job shutdown has none: the agent forces a sync when its
 * job finishes and hears it then. Computed from stored facts only, so any hub sharing the database agrees.
 */
export function nextDeadlineAt(input: SyncInput): number | null {
  const { agent, assigned, state } = input;
  if (state === 'waiting-for-jobs') {
    if (agent.disabled || agent.interruptedAtMs !== null || agent.idleTimeoutMs <= 0) return null;
    if (agent.singleJob && agent.requestedJobId !== '') return null;
    return agent.lastStateChangeAtMs + agent.idleTimeoutMs;
  }
  if (state !== 'starting-job' && state !== 'running-job') return null;
  return earliest(graceEndsAt(agent), assigned?.timeLimitEndsAtMs ?? null);
}

function graceEndsAt(agent: SyncAgentFacts): number | null {
  return agent.interruptedAtMs === null ? null : agent.interruptedAtMs + agent.gracePeriodMs;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

/** An offer the agent comes back from goes back to the queue; a running job it forgot is failed. */
function effectWhenWaiting(assigned: AssignedJobFacts | null): JobEffect {
  if (!assigned) return { kind: 'none' };
  if (assigned.state === 'offered') return { kind: 'return-offer', jobId: assigned.id };
  return { kind: 'fail-job', jobId: assigned.id, reason: JOB_DROPPED_REASON };
}

function answerWhenWaiting(input: SyncInput): SyncAnswer {
  const { agent, now } = input;
  if (agent.disabled) return { action: 'shutdown', reason: 'requested' };
  if (agent.interruptedAtMs !== null) return { action: 'shutdown', reason: 'interrupted' };
  if (agent.singleJob && agent.requestedJobId !== '') {
    // The job asked for at registration, or nothing: a single-job agent whose job went elsewhere has nothing to do.
    return { action: 'claim', requestedJobId: agent.requestedJobId, otherwise: { action: 'shutdown', reason: 'job-finished' } };
  }
  return { action: 'claim', requestedJobId: null, otherwise: idleAnswer(agent, now) };
}

/** Idle timeout is checked only after the queue (control-plane §6): a queued job beats a shutdown. */
function idleAnswer(agent: SyncAgentFacts, now: number): FinalAnswer {
  if (agent.idleTimeoutMs <= 0) return { action: 'continue', hold: true, recheckAt: null };
  const idleUntil = agent.lastStateChangeAtMs + agent.idleTimeoutMs;
  if (now >= idleUntil) return { action: 'shutdown', reason: 'idle' };
  return { action: 'continue', hold: true, recheckAt: idleUntil };
}

function decideWhenRunning(input: SyncInput): Omit<SyncDecision, 'deadlineAt'> {
  const { agent, assigned, now, reportedJobId } = input;
  const none = { kind: 'none' } as const;
  // A job the hub no longer assigns to this agent (requeued, finished elsewhere) must not keep running.
  if (!assigned || assigned.id !== reportedJobId) return { effect: none, answer: { action: 'stop-job', jobId: reportedJobId } };
  const stop = { action: 'stop-job', jobId: assigned.id } as const;
  if (assigned.stopRequested || agent.disabled) return { effect: none, answer: stop };
  const timeLimitEndsAt = assigned.timeLimitEndsAtMs;
  if (timeLimitEndsAt !== null && now >= timeLimitEndsAt) return { effect: { kind: 'exceed-time-limit', jobId: assigned.id }, answer: stop };
  const graceEnd = graceEndsAt(agent);
  if (graceEnd !== null && now >= graceEnd) return { effect: none, answer: stop };
  return { effect: none, answer: { action: 'continue', hold: true, recheckAt: earliest(graceEnd, timeLimitEndsAt) } };
}

function effectWhenFinished(input: SyncInput): JobEffect {
  const { assigned, reportedJobId, reportedResult } = input;
  if (!assigned) return { kind: 'none' };
  if (assigned.id === reportedJobId) {
    return { kind: 'record-result', jobId: assigned.id, result: reportedResult === '' ? 'failed' : reportedResult };
  }
  if (assigned.state === 'offered') return { kind: 'return-offer', jobId: assigned.id };
  return { kind: 'fail-job', jobId: assigned.id, reason: JOB_MISMATCH_REASON };
}

function answerWhenFinished(agent: SyncAgentFacts): FinalAnswer {
  if (agent.disabled) return { action: 'shutdown', reason: 'requested' };
  if (agent.singleJob) return { action: 'shutdown', reason: 'job-finished' };
  if (agent.interruptedAtMs !== null) return { action: 'shutdown', reason: 'interrupted' };
  return { action: 'wait-for-jobs' };
}
