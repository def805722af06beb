import type { JobRequest, SyncRequest, SyncResponse } from '@outpost/protocol';
import { HubError } from '../errors.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { recordSync, findRegisteredAgent, type AgentRow } from '../store/agent-sync.js';
import { acceptOffer, claimJobById, claimNextJob, clearStaleAssignment, findAssignedJob, replaceLogToken } from '../store/jobs.js';
import { finishAssignedJob, returnOffer, type JobDeps } from '../lifecycle/jobs.js';
import { longPollHoldCapMs } from '../lifecycle/liveness-policy.js';
import { decideSync, nextSyncAfterMs, SYNC_INTERVAL_BUSY_FACTOR, type AssignedJobFacts, type FinalAnswer, type JobEffect, type SyncAnswer } from './sync-policy.js';
import { offerExpiresAt } from './offer-policy.js';
import { buildJobRequest, type JobSpec } from './job-payload.js';
import type { LongPoll } from './long-poll.js';
import { SYNC_INTERVAL_IDLE_MAX_MS, LOG_PUSH_PATH } from '@outpost/protocol';
import type { JobSecrets } from '../secrets/job-secrets.js';

export interface DispatcherDeps extends JobDeps {
  longPoll: LongPoll;
  config: { lostAgentAfterMs: number; logTokenTtlMs: number };
  /** For next_sync_after jitter; Math.random unless a test pins it. */
  random?: () => number;
  /** Adds a job's imported secrets to the payload the agent fetches (secrets/job-secrets.ts). */
  jobSecrets: Pick<JobSecrets, 'specForAgent'>;
}

export interface SyncCall {
  /** SHA-256 of the `Authorization: Token` value; an unknown one is answered 401. */
  accessTokenHash: string;
  request: SyncRequest;
  /** What X-Outpost-Wait asked for, in ms (0 = answer at once). */
  requestedWaitMs: number;
  /** Aborts when the agent hangs up. */
  signal: AbortSignal;
}

export interface Dispatcher {
  /** POST /sync: record it, decide (spec §2.4), apply, and for a long-polling agent hold a `continue` until woken. */
  sync(call: SyncCall): Promise<SyncResponse>;
  /** GET /jobs/:id: accept the offer and answer the job payload; 404 when the job is not this agent's. */
  acceptJob(agent: AgentRow, jobId: string, hubUrl: string): Promise<JobRequest>;
  /** POST /refresh: a new log token for the agent's job. */
  refreshLogToken(agent: AgentRow): Promise<string>;
}

const BUSY_STATES = new Set(['starting-job', 'running-job', 'stopping-job']);

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const random = deps.random ?? Math.random;
  const log = deps.log.child({ component: 'dispatch' });

  async function sync(call: SyncCall): Promise<SyncResponse> {
    const { request } = call;
    const holdMs = longPollHoldCapMs(call.requestedWaitMs, deps.config.lostAgentAfterMs);
    const now = deps.now();
    const recorded = await recordSync(deps.store.db, {
      accessTokenHash: call.accessTokenHash,
      state: request.state,
      now,
      interruptedAtMs: request.interrupted_at > 0 ? now : null,
      longPoll: holdMs > 0,
      syncIntervalMs: BUSY_STATES.has(request.state) ? SYNC_INTERVAL_IDLE_MAX_MS * SYNC_INTERVAL_BUSY_FACTOR : SYNC_INTERVAL_IDLE_MAX_MS,
    });
    if (!recorded) throw new HubError('INVALID_AGENT_TOKEN');
    const waiter = holdMs > 0 ? deps.longPoll.register(recorded.id, recorded.agent_type_id) : null;
    const holdUntil = Date.now() + holdMs;
    try {
      let agent = recorded;
      for (;;) {
        const answer = await decideAndApply(agent, request);
        const remainingMs = holdUntil - Date.now();
        if (answer.action !== 'continue' || !answer.hold || !waiter || remainingMs <= 0) return respond(request, answer);
        const untilRecheck = answer.recheckAt === null ? remainingMs : Math.max(0, answer.recheckAt - deps.now());
        const outcome = await waiter.wait(Math.min(remainingMs, untilRecheck), call.signal);
        if (outcome === 'aborted' || outcome === 'closed') return respond(request, answer);
        const fresh = await findRegisteredAgent(deps.store.db, agent.id);
        if (!fresh) return respond(request, answer);
        agent = fresh;
      }
    } finally {
      waiter?.dispose();
    }
  }

  async function decideAndApply(agent: AgentRow, request: SyncRequest): Promise<FinalAnswer | { action: 'run-job'; jobId: string }> {
    const assigned = await loadAssignment(agent);
    const decision = decideSync({
      state: request.state,
      reportedJobId: request.job_id,
      reportedResult: request.job_result,
      agent: {
        disabled: agent.disabled_at !== null,
        interruptedAtMs: agent.interrupted_at,
        gracePeriodMs: agent.interruption_grace_period_s * 1000,
        singleJob: agent.single_job === 1,
        idleTimeoutMs: agent.idle_timeout_s * 1000,
        lastStateChangeAtMs: agent.last_state_change_at,
        requestedJobId: agent.requested_job_id,
      },
      assigned,
      now: deps.now(),
    });
    await applyEffect(agent, decision.effect);
    return applyAnswer(agent, decision.answer);
  }

  /** The job the agent holds, as the policy sees it; a pointer to a job that ended or moved on is cleared. */
  async function loadAssignment(agent: AgentRow): Promise<AssignedJobFacts | null> {
    if (agent.job_id === null) return null;
    const job = await findAssignedJob(deps.store.db, agent.id, agent.job_id);
    if (!job || (job.state !== 'offered' && job.state !== 'running')) {
      await clearStaleAssignment(deps.store.db, agent.id, agent.job_id);
      return null;
    }
    return { id: job.id, state: job.state, stopRequested: job.stop_requested_at !== null };
  }

  async function applyEffect(agent: AgentRow, effect: JobEffect): Promise<void> {
    if (effect.kind === 'record-result') {
      await finishAssignedJob(deps, { jobId: effect.jobId, agentId: agent.id, result: effect.result, reason: null });
    } else if (effect.kind === 'return-offer') {
      await returnOffer(deps, { jobId: effect.jobId, agentId: agent.id, why: 'the agent synced without taking it' });
    } else if (effect.kind === 'fail-job') {
      await finishAssignedJob(deps, { jobId: effect.jobId, agentId: agent.id, result: 'failed', reason: effect.reason });
    }
  }

  async function applyAnswer(agent: AgentRow, answer: SyncAnswer): Promise<FinalAnswer | { action: 'run-job'; jobId: string }> {
    if (answer.action !== 'claim') return answer;
    const now = deps.now();
    const claim = { agentId: agent.id, agentName: agent.name, agentTypeId: agent.agent_type_id, now, offerExpiresAt: offerExpiresAt(now) };
    const job = answer.requestedJobId === null
      ? await claimNextJob(deps.store, claim)
      : await claimJobById(deps.store, answer.requestedJobId, claim);
    if (!job) return answer.otherwise;
    log.info({ jobId: job.id, agentId: agent.id, agentName: agent.name, waitedMs: now - job.created_at }, 'job offered');
    return { action: 'run-job', jobId: job.id };
  }

  function respond(request: SyncRequest, answer: FinalAnswer | { action: 'run-job'; jobId: string }): SyncResponse {
    deps.metrics.syncs.inc({ state: request.state, action: answer.action });
    return {
      action: answer.action,
      job_id: answer.action === 'run-job' || answer.action === 'stop-job' ? answer.jobId : '',
      shutdown_reason: answer.action === 'shutdown' ? answer.reason : '',
      next_sync_after: nextSyncAfterMs(request.state, answer.action, random),
    };
  }

  async function acceptJob(agent: AgentRow, jobId: string, hubUrl: string): Promise<JobRequest> {
    const now = deps.now();
    const token = generateToken();
    const job = await acceptOffer(deps.store.db, {
      jobId, agentId: agent.id, now, logTokenHash: hashToken(token), logTokenExpiresAt: now + deps.config.logTokenTtlMs,
    });
    if (!job) throw new HubError('JOB_NOT_ASSIGNED', { jobId });
    if (job.started_at === now) {
      const pickupMs = now - job.created_at;
      deps.metrics.pickupSeconds.observe({ mode: agent.long_poll === 1 ? 'long-poll' : 'polling' }, pickupMs / 1000);
      log.info({ jobId, agentId: agent.id, agentName: agent.name, pickupMs }, 'job started');
      deps.wakeups.notify(`job:${jobId}`);
    }
    return buildJobRequest({
      jobId: job.id,
      jobName: job.name,
      createdAtMs: job.created_at,
      spec: await deps.jobSecrets.specForAgent(job.id, JSON.parse(job.spec) as JobSpec),
      logUrl: `${hubUrl}${LOG_PUSH_PATH(job.id)}`,
      logToken: token,
      hubUrl,
    });
  }

  async function refreshLogToken(agent: AgentRow): Promise<string> {
    if (agent.job_id === null) throw new HubError('NO_JOB_ASSIGNED');
    const token = generateToken();
    const replaced = await replaceLogToken(deps.store.db, {
      jobId: agent.job_id, agentId: agent.id, logTokenHash: hashToken(token), logTokenExpiresAt: deps.now() + deps.config.logTokenTtlMs,
    });
    if (!replaced) throw new HubError('NO_JOB_ASSIGNED');
    return token;
  }

  return { sync, acceptJob, refreshLogToken };
}
