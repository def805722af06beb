import type { JobResult, JobResultPublic, JobState } from '@outpost/protocol';

/**
 * Job states QUEUED → (offered) → RUNNING → FINISHED, and who decides the result: the agent through its finished-job
 * sync, or the hub (stop before start, agent lost, a forgotten job). Pure.
 */
export type JobRowState = 'queued' | 'offered' | 'running' | 'finished';

const TRANSITIONS: Record<JobRowState, readonly JobRowState[]> = {
  queued: ['offered', 'finished'],
  // Back to the queue (expired or returned offer), accepted, or finished (failed fetch reported, agent lost, stop).
  offered: ['queued', 'running', 'finished'],
  running: ['finished'],
  finished: [],
};

export function canTransition(from: JobRowState, to: JobRowState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Reasons shown in `status.failure_reason` where the hub, not the agent, decided how a job ended. */
export const FAILURE_REASONS = {
  agentLost: 'agent lost',
  stoppedWhileQueued: 'stopped before an agent took it',
  timeLimit: 'execution time limit exceeded',
} as const;

/** The offered step is internal: users see a job as QUEUED until an agent has fetched it. */
export function toPublicState(state: JobRowState): JobState {
  if (state === 'queued' || state === 'offered') return 'QUEUED';
  return state === 'running' ? 'RUNNING' : 'FINISHED';
}

export function toPublicResult(result: JobResult | null): JobResultPublic | undefined {
  if (result === null) return undefined;
  return result === 'passed' ? 'PASSED' : result === 'failed' ? 'FAILED' : 'STOPPED';
}

export type StopOutcome =
  | { kind: 'finish-now'; result: 'stopped'; reason: string }
  | { kind: 'tell-agent' }
  | { kind: 'already-finished' };

/** Stopping a queued job just ends it (control-plane §6); an offered or running one waits for its agent's stop-job. */
export function decideStop(state: JobRowState): StopOutcome {
  if (state === 'queued') return { kind: 'finish-now', result: 'stopped', reason: FAILURE_REASONS.stoppedWhileQueued };
  if (state === 'finished') return { kind: 'already-finished' };
  return { kind: 'tell-agent' };
}

export type LostAgentOutcome =
  | { kind: 'requeue' }
  | { kind: 'finish'; result: JobResult; reason: string }
  | { kind: 'nothing' };

/** A lost agent's job: never accepted → back to the queue (or STOPPED if a stop is pending); accepted → FAILED. */
export function decideJobOfLostAgent(job: { state: JobRowState; stopRequested: boolean }): LostAgentOutcome {
  if (job.state === 'offered') {
    return job.stopRequested ? { kind: 'finish', result: 'stopped', reason: FAILURE_REASONS.stoppedWhileQueued } : { kind: 'requeue' };
  }
  if (job.state === 'running') return { kind: 'finish', result: 'failed', reason: FAILURE_REASONS.agentLost };
  return { kind: 'nothing' };
}

/** Whether a running job has run past its execution_time_limit (seconds) and should be stopped. */
export function hasExceededTimeLimit(
  job: { state: JobRowState; startedAt: number | null; timeLimitSeconds: number | null; stopRequested: boolean },
  now: number,
): boolean {
  if (job.state !== 'running' || job.startedAt === null || job.timeLimitSeconds === null || job.stopRequested) return false;
  return now >= job.startedAt + job.timeLimitSeconds * 1000;
}
