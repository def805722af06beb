import type { JobInput } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { Principal } from '../store/principals.js';
import { findAgentTypeIdByName } from '../store/agent-types.js';
import { enqueueJob, findJobById, findJobInOrg, flagStop, recordJobResult, requeueOffer, type JobResultRecord, type JobRow } from '../store/jobs.js';
import type { PendingSync } from '../store/agent-sync.js';
import { checkJobInput } from './job-input-policy.js';
import { decideJobEvent, toPublicResult, type JobEventInput, type JobTransition } from './job-policy.js';
import { newTimeOrderedId } from '../ids/time-ordered-id.js';
import type { LifecycleDeps } from './lifecycle-deps.js';

/** What job lifecycle changes need: the store, the clock, wake-ups for whoever waits, a log and metrics. */
export type JobDeps = Pick<LifecycleDeps, 'store' | 'log' | 'now' | 'wakeups' | 'metrics'> & {
  /** Runs after a job's result is recorded (post-commit): the pipeline runtime advances the job's pipeline. */
  afterJobFinished?: (job: JobRow) => void;
};

/** POST /api/v1alpha/jobs: checks the job, finds its agent type, queues it and wakes one waiting agent of the type. */
export async function submitJob(deps: JobDeps, principal: Principal, body: JobInput): Promise<JobRow> {
  const check = checkJobInput(body);
  if (!check.ok) throw new HubError('VALIDATION', { detail: check.problem }, { field: check.field });
  const { input } = check;
  const typeName = input.spec.agent.machine.type;
  const type = await findAgentTypeIdByName(deps.store.db, principal.orgId, typeName);
  if (!type) {
    throw new HubError(
      'VALIDATION',
      { detail: `agent type '${typeName}' does not exist in this organization; create it first or pick an existing one` },
      { field: 'spec.agent.machine.type' },
    );
  }
  const now = deps.now();
  const job = await enqueueJob(deps.store.db, {
    id: newTimeOrderedId(now),
    orgId: principal.orgId,
    agentTypeId: type.id,
    name: input.metadata.name,
    spec: JSON.stringify(input.spec),
    priority: input.spec.priority ?? 50,
    executionTimeLimitS: input.spec.execution_time_limit ?? null,
    createdBy: principal.userId,
    now,
  });
  deps.log.info({ jobId: job.id, agentType: type.name, priority: job.priority }, 'job queued');
  deps.wakeups.notify(`agent-type:${type.id}`);
  return job;
}

/**
 * POST /api/v1alpha/jobs/:id/stop: a queued job ends STOPPED now; an offered or running one hears stop-job (asking
 * again while it stops changes nothing); a finished job has nothing to stop, which the caller hears as a conflict.
 */
export async function stopJob(deps: JobDeps, orgId: string, jobId: string): Promise<JobRow> {
  const outcome = await requestJobStop(deps, orgId, jobId, null);
  if (!outcome.changed && outcome.job.state === 'finished') {
    throw new HubError('JOB_ALREADY_FINISHED', { jobId, result: toPublicResult(outcome.job.result) ?? 'no result' });
  }
  return outcome.job;
}

/** Stops a job for the hub's own reason (a pipeline's fail_fast or stop); a job that already ended is left as it is. */
export async function requestJobStop(deps: JobDeps, orgId: string, jobId: string, reason: string | null): Promise<{ job: JobRow; changed: boolean }> {
  const job = await findJobInOrg(deps.store.db, orgId, jobId);
  if (!job) throw new HubError('NOT_FOUND', { what: `job '${jobId}'` });
  const outcome = await applyJobEvent(deps, job, { event: 'request-stop', reason }, { agentId: null });
  if (!outcome.job) throw new HubError('NOT_FOUND', { what: `job '${jobId}'` });
  return { job: outcome.job, changed: outcome.changed };
}

/** Who an event comes from: the agent whose assignment it concerns (null for a person or the hub), and why, for the log. */
export interface JobEventSource {
  agentId: string | null;
  why?: string;
  /** The agent's sync that carries the event, when its record is still to be written: a result's commit carries it. */
  sync?: PendingSync;
}

/** The job as it is after an event, and whether this call changed it (false: the table had no row, or others won). */
export interface JobEventOutcome {
  job: JobRow | undefined;
  changed: boolean;
}

// A guarded write can lose to another sync, sweep or replica between the read and the write; re-read and decide again.
const EVENT_ROUNDS = 3;

/**
 * Applies an event to a job read from the store: the state machine decides, and one write guarded by the deciding
 * row's own state and stop flag applies it. An event from an agent concerns only a job that agent still holds.
 */
export async function applyJobEvent(deps: JobDeps, job: JobRow, input: JobEventInput, source: JobEventSource): Promise<JobEventOutcome> {
  let current: JobRow | undefined = job;
  for (let round = 0; round < EVENT_ROUNDS && current; round++) {
    if (source.agentId !== null && current.agent_id !== source.agentId) break;
    const transition = decideJobEvent(input, { state: current.state, stopRequested: current.stop_requested_at !== null });
    if (!transition) break;
    const written = await writeTransition(deps, current, transition, source);
    if (written) return { job: written, changed: true };
    current = await findJobById(deps.store.db, current.id);
  }
  return { job: current, changed: false };
}

/** The write for one row of the table; offers, accepts and token refreshes are written where they happen (dispatch). */
async function writeTransition(deps: JobDeps, job: JobRow, transition: JobTransition, source: JobEventSource): Promise<JobRow | undefined> {
  const { guard } = transition;
  const now = deps.now();
  if (transition.to === 'finished' && transition.result !== null) {
    return finishJob(deps, { jobId: job.id, agentId: source.agentId, guard, result: transition.result, failureReason: transition.reason, now, agentSync: source.sync });
  }
  if (transition.to === 'queued' && source.agentId !== null) {
    const requeued = await requeueOffer(deps.store.db, { jobId: job.id, agentId: source.agentId, guard, now });
    if (requeued) deps.log.info({ jobId: job.id, agentId: source.agentId, why: source.why }, 'offer returned to the queue');
    if (requeued) deps.wakeups.notify(`agent-type:${requeued.agent_type_id}`);
    return requeued;
  }
  if (transition.flagStop) {
    const flagged = await flagStop(deps.store.db, { jobId: job.id, guard, reason: transition.reason, now });
    if (flagged) deps.log.info({ jobId: job.id, agentId: flagged.agent_id, reason: transition.reason ?? undefined }, 'job stop requested');
    if (flagged?.agent_id) deps.wakeups.notify(`agent:${flagged.agent_id}`);
    return flagged;
  }
  throw new Error(`job ${job.id}: ${transition.event} from ${transition.from} is not written by applyJobEvent`);
}

/**
 * Every end of a job passes here: its result is recorded once (store `recordJobResult`), then the hub logs, counts
 * and wakes whoever follows the job.
 */
async function finishJob(deps: JobDeps, record: JobResultRecord): Promise<JobRow | undefined> {
  const job = await recordJobResult(deps.store.db, record);
  if (!job) return undefined;
  deps.log.info({ jobId: job.id, agentId: job.agent_id, result: job.result, reason: job.failure_reason ?? undefined }, 'job finished');
  if (job.result) deps.metrics.jobsFinished.inc({ result: job.result });
  deps.wakeups.notify(`job:${job.id}`);
  deps.afterJobFinished?.(job);
  return job;
}
