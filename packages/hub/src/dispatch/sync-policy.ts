import {
  SYNC_INTERVAL_IDLE_MAX_MS,
  SYNC_INTERVAL_IDLE_MIN_MS,
  type AgentState,
  type JobResult,
  type ShutdownReason,
} from '@outpost/protocol';
import type { AssignedJobState } from '../lifecycle/job-policy.js';

/**
 * The sync decision table (agent-protocol §2.4, §2.12; control-plane §2.3, §6) as data in, data out. The dispatcher
 * gathers the facts, calls decideSync, applies the job effect, then turns the answer into a SyncResponse (claiming a
 * job from the queue where the answer says so).
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
  | { kind: 'fail-job'; jobId: string; reason: string };

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
}

export const JOB_DROPPED_REASON = 'the agent reported no job while it was running this one';
export const JOB_MISMATCH_REASON = 'the agent reported finishing a different job';

export function decideSync(input: SyncInput): SyncDecision {
  switch (input.state) {
    case 'waiting-for-jobs':
      return { effect: effectWhenWaiting(input.assigned), answer: answerWhenWaiting(input) };
    case 'starting-job':
      // Never stop-job here: the official agent has no job object yet and crashes (§2.3); a stop waits for running-job.
      return { effect: { kind: 'none' }, answer: { action: 'continue', hold: false, recheckAt: null } };
    case 'running-job':
      return { effect: { kind: 'none' }, answer: answerWhenRunning(input) };
    case 'stopping-job':
      return { effect: { kind: 'none' }, answer: { action: 'continue', hold: true, recheckAt: null } };
    case 'finished-job':
      return { effect: effectWhenFinished(input), answer: answerWhenFinished(input.agent) };
  }
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

function answerWhenRunning(input: SyncInput): FinalAnswer {
  const { agent, assigned, now, reportedJobId } = input;
  // A job the hub no longer assigns to this agent (requeued, finished elsewhere) must not keep running.
  if (!assigned || assigned.id !== reportedJobId) return { action: 'stop-job', jobId: reportedJobId };
  if (assigned.stopRequested || agent.disabled) return { action: 'stop-job', jobId: assigned.id };
  if (agent.interruptedAtMs !== null) {
    const graceEndsAt = agent.interruptedAtMs + agent.gracePeriodMs;
    if (now >= graceEndsAt) return { action: 'stop-job', jobId: assigned.id };
    return { action: 'continue', hold: true, recheckAt: graceEndsAt };
  }
  return { action: 'continue', hold: true, recheckAt: null };
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

/** Doubled while a job runs, like production (§2.1): running agents have less to hear. */
export const SYNC_INTERVAL_BUSY_FACTOR = 2;

/** The states in which the agent has a job in hand (spec §2.2). */
export function isBusyState(state: AgentState): boolean {
  return state === 'starting-job' || state === 'running-job' || state === 'stopping-job';
}

/** `next_sync_after` in ms: 4000–5999 idle (spec §2.1), twice that for a `continue` to a busy agent. */
export function nextSyncAfterMs(state: AgentState, action: string, random: () => number): number {
  const idle = SYNC_INTERVAL_IDLE_MIN_MS + Math.floor(random() * (SYNC_INTERVAL_IDLE_MAX_MS - SYNC_INTERVAL_IDLE_MIN_MS));
  return action === 'continue' && isBusyState(state) ? idle * SYNC_INTERVAL_BUSY_FACTOR : idle;
}

/**
 * The longest `next_sync_after` the hub may hand an agent in this state, recorded with each sync so the liveness
 * policy can tell a lost agent from one that was told to wait long.
 */
export function longestSyncIntervalMs(state: AgentState): number {
  return isBusyState(state) ? SYNC_INTERVAL_IDLE_MAX_MS * SYNC_INTERVAL_BUSY_FACTOR : SYNC_INTERVAL_IDLE_MAX_MS;
}
