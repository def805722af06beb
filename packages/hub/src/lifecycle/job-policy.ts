import type { JobResult, JobResultPublic, JobState } from '@outpost/protocol';
import type { JobRowResult, JobRowState, JobStateGuard } from '../store/schema.js';

/**
 * The job state machine, QUEUED → (offered) → RUNNING → FINISHED, as one table: which event may move a job from
 * which state (and stop flag) to which state, and how the hub records the end. Every store write on a job follows
 * it: its conditional UPDATE finds the states `guardFor`/`decideJobEvent` derive from these rows. Pure.
 */
export type JobEvent =
  /** A sync claims the queued job for its agent (the run-job answer). */
  | 'offer'
  /** The agent fetches GET /jobs/:id: the first fetch starts the job, a later one re-issues its log token. */
  | 'accept'
  /** POST /refresh: a new log token for the agent's job. */
  | 'refresh-log-token'
  /** The agent came back without taking the offer, or the offer lapsed (DESIGN §2). */
  | 'return-offer'
  /** The agent's finished-job sync reports the result. */
  | 'report-result'
  /** The agent reports no job, or another one, while this one ran. */
  | 'drop'
  /** A person asks to stop the job (POST /jobs/:id/stop). */
  | 'request-stop'
  /** The job ran past its execution_time_limit. */
  | 'exceed-time-limit'
  /** The job's agent stopped syncing or went away. */
  | 'lose-agent';

// Records keyed by the unions, so a new event or state that is not listed here fails to compile (and the tests cover it).
const EVENTS: Record<JobEvent, true> = {
  offer: true, accept: true, 'refresh-log-token': true, 'return-offer': true, 'report-result': true, drop: true,
  'request-stop': true, 'exceed-time-limit': true, 'lose-agent': true,
};
const STATES: Record<JobRowState, true> = { queued: true, offered: true, running: true, finished: true };
export const JOB_EVENTS = Object.keys(EVENTS) as JobEvent[];
export const JOB_STATES = Object.keys(STATES) as JobRowState[];

/** An event with what only its sender knows: the agent's result, the reason the hub failed a dropped job. */
export type JobEventInput =
  | { event: 'report-result'; result: JobRowResult }
  | { event: 'drop'; reason: string }
  /** `reason` (e.g. a pipeline's fail_fast) replaces the table's own as the job's failure reason. */
  | { event: 'request-stop'; reason?: string | null }
  | { event: Exclude<JobEvent, 'report-result' | 'drop' | 'request-stop'> };

/** Reasons shown in `status.failure_reason` where the hub, not the agent, decided how a job ended. */
export const FAILURE_REASONS = {
  agentLost: 'agent lost',
  stoppedWhileQueued: 'stopped before an agent took it',
  timeLimit: 'execution time limit exceeded',
} as const;

interface JobRule {
  event: JobEvent;
  from: JobRowState;
  /** The rule holds only while the stop flag is set (true) or clear (false); absent: either way. */
  stopRequested?: boolean;
  to: JobRowState;
  /** How the job ended, when `to` is finished: a fixed result, or the one the agent reported. */
  result?: JobRowResult | 'as-reported';
  /** failure_reason to write: a fixed text, or the event's own (`reasonFromEvent`); neither keeps the row's. */
  reason?: string;
  reasonFromEvent?: true;
  /** Sets the stop flag: the agent hears stop-job on its next running-job sync. */
  flagStop?: true;
}

/** The one place that decides a returned offer's fate: back to the queue, or STOPPED if a stop came meanwhile. */
function returnedOffer(event: JobEvent): JobRule[] {
  return [
    { event, from: 'offered', stopRequested: false, to: 'queued' },
    { event, from: 'offered', stopRequested: true, to: 'finished', result: 'stopped', reason: FAILURE_REASONS.stoppedWhileQueued },
  ];
}

const JOB_RULES: readonly JobRule[] = [
  { event: 'offer', from: 'queued', to: 'offered' },
  { event: 'accept', from: 'offered', to: 'running' },
  { event: 'accept', from: 'running', to: 'running' },
  { event: 'refresh-log-token', from: 'offered', to: 'offered' },
  { event: 'refresh-log-token', from: 'running', to: 'running' },
  ...returnedOffer('return-offer'),
  // A failed fetch is reported as a finished job the agent never ran, so an offer can end here too.
  { event: 'report-result', from: 'offered', to: 'finished', result: 'as-reported' },
  { event: 'report-result', from: 'running', to: 'finished', result: 'as-reported' },
  { event: 'drop', from: 'running', to: 'finished', result: 'failed', reasonFromEvent: true },
  // Stopping a queued job just ends it (control-plane §6); an offered or running one waits for its agent's stop-job.
  { event: 'request-stop', from: 'queued', to: 'finished', result: 'stopped', reason: FAILURE_REASONS.stoppedWhileQueued },
  { event: 'request-stop', from: 'offered', stopRequested: false, to: 'offered', flagStop: true },
  { event: 'request-stop', from: 'running', stopRequested: false, to: 'running', flagStop: true },
  { event: 'exceed-time-limit', from: 'running', stopRequested: false, to: 'running', flagStop: true, reason: FAILURE_REASONS.timeLimit },
  // Never accepted: as a returned offer. Accepted: FAILED "agent lost" (control-plane §2.2).
  ...returnedOffer('lose-agent'),
  { event: 'lose-agent', from: 'running', to: 'finished', result: 'failed', reason: FAILURE_REASONS.agentLost },
];

/** One applicable row of the table, resolved for one job. */
export interface JobTransition {
  event: JobEvent;
  from: JobRowState;
  to: JobRowState;
  /** Set when the job ends. */
  result: JobRowResult | null;
  /** failure_reason to write; null keeps the row's. */
  reason: string | null;
  flagStop: boolean;
  /** The write's WHERE clause: this row's state and stop flag, so a job that moved on meanwhile is left alone. */
  guard: JobStateGuard;
}

export interface JobFacts {
  state: JobRowState;
  stopRequested: boolean;
}

/** What `input` does to a job in this state, or null when the table has no row for it (nothing changes). */
export function decideJobEvent(input: JobEventInput, job: JobFacts): JobTransition | null {
  const rule = JOB_RULES.find(
    (r) => r.event === input.event && r.from === job.state && (r.stopRequested === undefined || r.stopRequested === job.stopRequested),
  );
  if (!rule) return null;
  return {
    event: rule.event,
    from: rule.from,
    to: rule.to,
    result: resultOf(rule, input),
    reason: reasonOf(rule, input),
    flagStop: rule.flagStop === true,
    guard: rule.stopRequested === undefined ? { states: [rule.from] } : { states: [rule.from], stopRequested: rule.stopRequested },
  };
}

function resultOf(rule: JobRule, input: JobEventInput): JobRowResult | null {
  if (rule.result !== 'as-reported') return rule.result ?? null;
  return input.event === 'report-result' ? input.result : null;
}

function reasonOf(rule: JobRule, input: JobEventInput): string | null {
  if (rule.reasonFromEvent) return input.event === 'drop' ? input.reason : null;
  if (input.event === 'request-stop' && input.reason) return input.reason;
  return rule.reason ?? null;
}

/** Rows of an event: all of them, only those that change the state, or only those that keep it. */
export type RuleSelection = 'any' | 'moving' | 'staying';

/** The states an event applies in (reads that look for candidates use these). */
export function statesAllowing(event: JobEvent, which: RuleSelection = 'any'): JobRowState[] {
  return [...new Set(rulesOf(event, which).map((r) => r.from))];
}

/**
 * The guard of a write made without reading the job first (a claim, an accept): every selected row of the event
 * must lead to the same write, so their states together are its WHERE; a stop flag shared by all of them joins it.
 */
export function guardFor(event: JobEvent, which: RuleSelection = 'any'): JobStateGuard {
  const rules = rulesOf(event, which);
  if (rules.length === 0) throw new Error(`the job state machine has no ${which} rule for ${event}`);
  const flags = new Set(rules.map((r) => r.stopRequested));
  const [flag] = [...flags];
  const states = statesAllowing(event, which);
  return flags.size === 1 && flag !== undefined ? { states, stopRequested: flag } : { states };
}

function rulesOf(event: JobEvent, which: RuleSelection): JobRule[] {
  return JOB_RULES.filter((r) => r.event === event && (which === 'any' || (which === 'moving') === (r.from !== r.to)));
}

export type AssignedJobState = Extract<JobRowState, 'offered' | 'running'>;

/** A job is its agent's (offered or running) exactly while losing that agent would change it. */
export function isAssignedState(state: JobRowState): state is AssignedJobState {
  return statesAllowing('lose-agent').includes(state);
}

/** The offered step is internal: users see a job as QUEUED until an agent has fetched it. */
export function toPublicState(state: JobRowState): JobState {
  if (state === 'queued' || state === 'offered') return 'QUEUED';
  return state === 'running' ? 'RUNNING' : 'FINISHED';
}

export function toPublicResult(result: JobResult | null): JobResultPublic | undefined {
  if (result === null) return undefined;
  return result === 'passed' ? 'PASSED' : result === 'failed' ? 'FAILED' : 'STOPPED';
}

/** Whether a started job has run past its execution_time_limit (seconds); the table says whether it may be stopped. */
export function hasExceededTimeLimit(job: { startedAt: number | null; timeLimitSeconds: number | null }, now: number): boolean {
  if (job.startedAt === null || job.timeLimitSeconds === null) return false;
  return now >= job.startedAt + job.timeLimitSeconds * 1000;
}
