import type { Logger } from 'pino';
import { HubError } from '../errors.js';
import type { Store } from '../store/database.js';
import type { Wakeups } from '../dispatch/wakeups.js';
import type { HubMetrics } from '../metrics/hub-metrics.js';
import type { Principal } from '../store/principals.js';
import type { JobRowResult } from '../store/schema.js';
import { findAgentTypeByName } from '../store/agent-types.js';
import { enqueueJob, findJobInOrg, finishJob, flagStop, requeueOffer, type JobRow } from '../store/jobs.js';
import { checkJobInput } from './job-input-policy.js';
import { decideJobOfLostAgent, decideStop, FAILURE_REASONS } from './job-policy.js';
import { newJobId } from './job-ids.js';

/** What job lifecycle changes need: the store, the clock, wake-ups for whoever waits, a log and metrics. */
export interface JobDeps {
  store: Store;
  log: Logger;
  now: () => number;
  wakeups: Wakeups;
  metrics: HubMetrics;
  /** Runs after a job's result is recorded (post-commit): the pipeline runtime advances the job's pipeline. */
  afterJobFinished?: (job: JobRow) => void;
}

/** POST /api/v1alpha/jobs: checks the job, finds its agent type, queues it and wakes one waiting agent of the type. */
export async function submitJob(deps: JobDeps, principal: Principal, body: unknown): Promise<JobRow> {
  const check = checkJobInput(body);
  if (!check.ok) throw new HubError('VALIDATION', { detail: check.problem }, { field: check.field });
  const { input } = check;
  const typeName = input.spec.agent.machine.type;
  const type = await findAgentTypeByName(deps.store.db, principal.orgId, typeName);
  if (!type) {
    throw new HubError(
      'VALIDATION',
      { detail: `agent type '${typeName}' does not exist in this organization; create it first or pick an existing one` },
      { field: 'spec.agent.machine.type' },
    );
  }
  const now = deps.now();
  const job = await enqueueJob(deps.store.db, {
    id: newJobId(now),
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

// The job's state can change between the read and the conditional write (an agent takes it); re-read and decide again.
const STOP_ROUNDS = 3;

/** POST /api/v1alpha/jobs/:id/stop: a queued job ends STOPPED now; an offered or running one hears stop-job. */
export async function stopJob(deps: JobDeps, orgId: string, jobId: string, reason: string | null = null): Promise<JobRow> {
  for (let round = 0; round < STOP_ROUNDS; round++) {
    const job = await findJobInOrg(deps.store.db, orgId, jobId);
    if (!job) throw new HubError('NOT_FOUND', { what: `job '${jobId}'` });
    const outcome = decideStop(job.state);
    if (outcome.kind === 'already-finished' || (outcome.kind === 'tell-agent' && job.stop_requested_at !== null)) return job;
    if (outcome.kind === 'finish-now') {
      const finished = await finishJob(deps.store.db, {
        jobId, agentId: null, from: ['queued'], result: outcome.result, failureReason: reason ?? outcome.reason, now: deps.now(),
      });
      if (finished) return announceFinished(deps, finished);
      continue;
    }
    const flagged = await flagStop(deps.store.db, jobId, deps.now(), reason);
    if (flagged) {
      deps.log.info({ jobId, agentId: flagged.agent_id, reason }, 'job stop requested');
      if (flagged.agent_id) deps.wakeups.notify(`agent:${flagged.agent_id}`);
      return flagged;
    }
  }
  const job = await findJobInOrg(deps.store.db, orgId, jobId);
  if (!job) throw new HubError('NOT_FOUND', { what: `job '${jobId}'` });
  return job;
}

/** Logs, counts and wakes log followers once a job has ended. */
export function announceFinished(deps: JobDeps, job: JobRow): JobRow {
  deps.log.info({ jobId: job.id, agentId: job.agent_id, result: job.result, reason: job.failure_reason ?? undefined }, 'job finished');
  if (job.result) deps.metrics.jobsFinished.inc({ result: job.result });
  deps.wakeups.notify(`job:${job.id}`);
  deps.afterJobFinished?.(job);
  return job;
}

/** Ends the job an agent holds with the given result (reported by the agent, or decided by the hub). */
export async function finishAssignedJob(
  deps: JobDeps,
  change: { jobId: string; agentId: string; result: JobRowResult; reason: string | null },
): Promise<JobRow | undefined> {
  const finished = await finishJob(deps.store.db, {
    jobId: change.jobId, agentId: change.agentId, from: ['offered', 'running'], result: change.result, failureReason: change.reason, now: deps.now(),
  });
  return finished ? announceFinished(deps, finished) : undefined;
}

/** An offer the agent did not take goes back to the queue (waking another agent), or ends STOPPED if stopped meanwhile. */
export async function returnOffer(deps: JobDeps, change: { jobId: string; agentId: string; why: string }): Promise<void> {
  const requeued = await requeueOffer(deps.store.db, { ...change, now: deps.now() });
  if (requeued) {
    deps.log.info({ jobId: change.jobId, agentId: change.agentId, why: change.why }, 'offer returned to the queue');
    deps.wakeups.notify(`agent-type:${requeued.agent_type_id}`);
    return;
  }
  const stopped = await finishJob(deps.store.db, {
    jobId: change.jobId, agentId: change.agentId, from: ['offered'], result: 'stopped', failureReason: FAILURE_REASONS.stoppedWhileQueued, now: deps.now(),
  });
  if (stopped) announceFinished(deps, stopped);
}

/** The job of an agent that stopped syncing: back to the queue if never accepted, else FAILED "agent lost". */
export async function releaseJobOfLostAgent(deps: JobDeps, job: JobRow, agentId: string): Promise<void> {
  const outcome = decideJobOfLostAgent({ state: job.state, stopRequested: job.stop_requested_at !== null });
  if (outcome.kind === 'requeue') return returnOffer(deps, { jobId: job.id, agentId, why: 'agent lost' });
  if (outcome.kind === 'finish') await finishAssignedJob(deps, { jobId: job.id, agentId, result: outcome.result, reason: outcome.reason });
}
