import type { JobRequest, SyncRequest, SyncResponse } from '@outpost/protocol';
import type { Logger } from 'pino';
import { HubError } from '../errors.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import type { AgentRow } from '../store/schema.js';
import { recordSync, findRegisteredAgent, withSyncRecorded, type PendingSync, type SyncRecord } from '../store/agent-sync.js';
import { findConnectedAgentByTokenHash } from '../store/agent-tokens.js';
import { acceptOffer, claimJobById, claimNextJob, clearStaleAssignment, findAssignedJob, replaceLogToken, type JobRow } from '../store/jobs.js';
import { applyJobEvent, type JobDeps } from '../lifecycle/jobs.js';
import { guardFor, isAssignedState } from '../lifecycle/job-policy.js';
import { longPollHoldCapMs } from '../lifecycle/liveness-policy.js';
import { decideSyncWrite } from './sync-write-policy.js';
import type { LastSyncBuffer } from './last-sync-buffer.js';
import { decideSync, type AssignedJobFacts, type FinalAnswer, type JobEffect, type SyncAnswer } from './sync-policy.js';
import { longestSyncIntervalMs, nextSyncAfterMs } from './sync-interval-policy.js';
import { offerExpiresAt } from './offer-policy.js';
import { buildJobRequest, type JobSpec } from './job-payload.js';
import type { LongPoll, Waiter } from './long-poll.js';
import { LOG_PUSH_PATH } from '@outpost/protocol';
import type { JobSecrets } from '../secrets/job-secrets.js';

export interface DispatcherDeps extends JobDeps {
  longPoll: LongPoll;
  config: { lostAgentAfterMs: number; logTokenTtlMs: number; runningSyncIntervalMs: number };
  /** For next_sync_after jitter; Math.random unless a test pins it. */
  random?: () => number;
  /** Adds a job's imported secrets to the payload the agent fetches (secrets/job-secrets.ts). */
  jobSecrets: Pick<JobSecrets, 'specForAgent'>;
  /** Where the time of a sync that changed nothing waits for its flush. */
  lastSyncs: Pick<LastSyncBuffer, 'note' | 'flushing'>;
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

// The writes a sync or a fetch makes without reading the job first, guarded by the state machine's rows.
const OFFERABLE = guardFor('offer');
const ACCEPTABLE = { start: guardFor('accept', 'moving'), refetch: guardFor('accept', 'staying') };
const REFRESHABLE = guardFor('refresh-log-token');

/** What every step of the dispatcher shares: its dependencies, its logger and the jitter source. */
interface DispatchContext {
  deps: DispatcherDeps;
  log: Logger;
  random: () => number;
}

/** An answer after the claim: run-job with the job the agent was offered, or the policy's own answer. */
type DispatchAnswer = FinalAnswer | { action: 'run-job'; jobId: string };

/** The answer with the agent's next deadline (sync decision), which aims a polling agent's next sync. */
interface AimedAnswer {
  answer: DispatchAnswer;
  deadlineAt: number | null;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const ctx: DispatchContext = { deps, log: deps.log.child({ component: 'dispatch' }), random: deps.random ?? Math.random };
  return {
    sync: (call) => syncAgent(ctx, call),
    acceptJob: (agent, jobId, hubUrl) => acceptJob(ctx, agent, jobId, hubUrl),
    refreshLogToken: (agent) => refreshLogToken(ctx, agent),
  };
}

/** POST /sync: the waiter is registered before the first decision, so a wake-up that comes while it decides is kept. */
async function syncAgent(ctx: DispatchContext, call: SyncCall): Promise<SyncResponse> {
  const holdMs = longPollHoldCapMs(call.requestedWaitMs, ctx.deps.config.lostAgentAfterMs);
  const { agent, sync } = await admitSync(ctx, call, holdMs > 0);
  const waiter = holdMs > 0 ? ctx.deps.longPoll.register(agent.id, agent.agent_type_id) : null;
  try {
    const aimed = await answerSync(ctx, { agent, sync }, call, { waiter, holdUntil: ctx.deps.now() + holdMs });
    return respond(ctx, call.request, aimed, waiter === null);
  } finally {
    waiter?.dispose();
  }
}

/** The agent as its sync leaves it, and the sync's record while it still waits to be written. */
interface AdmittedSync {
  agent: AgentRow;
  sync: PendingSync;
}

/**
 * Authenticates the sync (an unknown token is 401) and decides when it is written (sync-write-policy.ts): a sync that
 * changes nothing goes to the write-behind buffer; one that does is written by the first write of this request.
 */
async function admitSync(ctx: DispatchContext, call: SyncCall, longPoll: boolean): Promise<AdmittedSync> {
  const { request } = call;
  const stored = await findConnectedAgentByTokenHash(ctx.deps.store.db, call.accessTokenHash);
  if (!stored) throw new HubError('INVALID_AGENT_TOKEN');
  const now = ctx.deps.now();
  const record: SyncRecord = {
    state: request.state,
    now,
    interruptedAtMs: request.interrupted_at > 0 ? now : null,
    longPoll,
    syncIntervalMs: longestSyncIntervalMs(request.state, ctx.deps.config.runningSyncIntervalMs),
  };
  const write = decideSyncWrite(
    { state: stored.state, lastSyncAt: stored.last_sync_at, interruptedAt: stored.interrupted_at, longPoll: stored.long_poll === 1, syncIntervalMs: stored.sync_interval_ms },
    { state: record.state, interrupted: record.interruptedAtMs !== null, longPoll, syncIntervalMs: record.syncIntervalMs },
    ctx.deps.lastSyncs.flushing(),
  );
  if (write === 'write-behind') ctx.deps.lastSyncs.note(stored.id, now);
  return { agent: withSyncRecorded(stored, record), sync: { record, written: write === 'write-behind' } };
}

/** Writes the sync's record if no other write of this request carried it. */
async function writePendingSync(ctx: DispatchContext, agentId: string, sync: PendingSync): Promise<void> {
  if (sync.written) return;
  await recordSync(ctx.deps.store.db, agentId, sync.record);
  sync.written = true;
}

/**
 * Decides and applies; a long-polling agent's `continue` is held until a wake-up, a re-check time or the hold's end.
 * The sync is on the row before any hold, so liveness sees it while the agent waits.
 */
async function answerSync(ctx: DispatchContext, admitted: AdmittedSync, call: SyncCall, hold: { waiter: Waiter | null; holdUntil: number }): Promise<AimedAnswer> {
  let agent = admitted.agent;
  for (;;) {
    const aimed = await decideAndApply(ctx, agent, call.request, admitted.sync);
    await writePendingSync(ctx, agent.id, admitted.sync);
    const { answer } = aimed;
    const remainingMs = hold.holdUntil - ctx.deps.now();
    if (answer.action !== 'continue' || !answer.hold || !hold.waiter || remainingMs <= 0) return aimed;
    const untilRecheck = answer.recheckAt === null ? remainingMs : Math.max(0, answer.recheckAt - ctx.deps.now());
    const outcome = await hold.waiter.wait(Math.min(remainingMs, untilRecheck), call.signal);
    if (outcome === 'aborted' || outcome === 'closed') return aimed;
    const fresh = await findRegisteredAgent(ctx.deps.store.db, agent.id);
    if (!fresh) return aimed;
    agent = fresh;
  }
}

async function decideAndApply(ctx: DispatchContext, agent: AgentRow, request: SyncRequest, sync: PendingSync): Promise<AimedAnswer> {
  const assignment = await loadAssignment(ctx, agent);
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
    assigned: assignment?.facts ?? null,
    now: ctx.deps.now(),
  });
  if (assignment) await applyEffect(ctx, agent, assignment.job, decision.effect, sync);
  return { answer: await claimIfAnswered(ctx, agent, decision.answer, sync), deadlineAt: decision.deadlineAt };
}

/** The job the agent holds, as the policy sees it; a pointer to a job that ended or moved on is cleared. */
async function loadAssignment(ctx: DispatchContext, agent: AgentRow): Promise<{ job: JobRow; facts: AssignedJobFacts } | null> {
  if (agent.job_id === null) return null;
  const job = await findAssignedJob(ctx.deps.store.db, agent.id, agent.job_id);
  if (!job || !isAssignedState(job.state)) {
    await clearStaleAssignment(ctx.deps.store.db, agent.id, agent.job_id);
    return null;
  }
  const timeLimitEndsAtMs = job.started_at === null || job.execution_time_limit_s === null ? null : job.started_at + job.execution_time_limit_s * 1000;
  return { job, facts: { id: job.id, state: job.state, stopRequested: job.stop_requested_at !== null, timeLimitEndsAtMs } };
}

/** The policy's effect on the agent's job, as an event of the job state machine. */
async function applyEffect(ctx: DispatchContext, agent: AgentRow, job: JobRow, effect: JobEffect, sync: PendingSync): Promise<void> {
  if (effect.kind === 'record-result') {
    await applyJobEvent(ctx.deps, job, { event: 'report-result', result: effect.result }, { agentId: agent.id, sync });
  } else if (effect.kind === 'return-offer') {
    await applyJobEvent(ctx.deps, job, { event: 'return-offer' }, { agentId: agent.id, why: 'the agent synced without taking it' });
  } else if (effect.kind === 'fail-job') {
    await applyJobEvent(ctx.deps, job, { event: 'drop', reason: effect.reason }, { agentId: agent.id });
  } else if (effect.kind === 'exceed-time-limit') {
    await applyJobEvent(ctx.deps, job, { event: 'exceed-time-limit' }, { agentId: agent.id });
  }
}

/** A claim answer offers the requested (or next queued) job and answers run-job; without one, the policy's fallback. */
async function claimIfAnswered(ctx: DispatchContext, agent: AgentRow, answer: SyncAnswer, sync: PendingSync): Promise<DispatchAnswer> {
  if (answer.action !== 'claim') return answer;
  const now = ctx.deps.now();
  const claim = {
    agentId: agent.id, agentName: agent.name, agentIp: agent.ip_address, agentTypeId: agent.agent_type_id, now, offerExpiresAt: offerExpiresAt(now), guard: OFFERABLE,
    agentSync: sync,
  };
  const job = answer.requestedJobId === null
    ? await claimNextJob(ctx.deps.store, claim)
    : await claimJobById(ctx.deps.store, answer.requestedJobId, claim);
  if (!job) return answer.otherwise;
  ctx.log.info({ jobId: job.id, agentId: agent.id, agentName: agent.name, waitedMs: now - job.created_at }, 'job offered');
  return { action: 'run-job', jobId: job.id };
}

/** `polling`: the agent did not long-poll, so its next sync is aimed at its next deadline. */
function respond(ctx: DispatchContext, request: SyncRequest, { answer, deadlineAt }: AimedAnswer, polling: boolean): SyncResponse {
  ctx.deps.metrics.syncs.inc({ state: request.state, action: answer.action });
  const nextSyncAfter = nextSyncAfterMs({
    state: request.state,
    action: answer.action,
    polling,
    deadlineInMs: deadlineAt === null ? null : deadlineAt - ctx.deps.now(),
    runningIntervalMs: ctx.deps.config.runningSyncIntervalMs,
    random: ctx.random,
  });
  return {
    action: answer.action,
    job_id: answer.action === 'run-job' || answer.action === 'stop-job' ? answer.jobId : '',
    shutdown_reason: answer.action === 'shutdown' ? answer.reason : '',
    next_sync_after: nextSyncAfter,
  };
}

/** GET /jobs/:id: the first fetch starts the job (counted once as a pickup); any fetch gets a fresh log token. */
async function acceptJob(ctx: DispatchContext, agent: AgentRow, jobId: string, hubUrl: string): Promise<JobRequest> {
  const { deps } = ctx;
  const now = deps.now();
  const token = generateToken();
  const accepted = await acceptOffer(deps.store.db, {
    jobId, agentId: agent.id, now, logTokenHash: hashToken(token), logTokenExpiresAt: now + deps.config.logTokenTtlMs, guards: ACCEPTABLE,
  });
  if (!accepted) throw new HubError('JOB_NOT_ASSIGNED', { jobId });
  const { job } = accepted;
  if (accepted.firstAcceptance) announceStart(ctx, agent, job, now);
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

function announceStart(ctx: DispatchContext, agent: AgentRow, job: JobRow, now: number): void {
  const pickupMs = now - job.created_at;
  ctx.deps.metrics.pickupSeconds.observe({ mode: agent.long_poll === 1 ? 'long-poll' : 'polling' }, pickupMs / 1000);
  ctx.log.info({ jobId: job.id, agentId: agent.id, agentName: agent.name, pickupMs }, 'job started');
  ctx.deps.wakeups.notify(`job:${job.id}`);
}

/** POST /refresh: a new log token for the agent's job. */
async function refreshLogToken(ctx: DispatchContext, agent: AgentRow): Promise<string> {
  if (agent.job_id === null) throw new HubError('NO_JOB_ASSIGNED');
  const token = generateToken();
  const replaced = await replaceLogToken(ctx.deps.store.db, {
    jobId: agent.job_id,
    agentId: agent.id,
    logTokenHash: hashToken(token),
    logTokenExpiresAt: ctx.deps.now() + ctx.deps.config.logTokenTtlMs,
    guard: REFRESHABLE,
  });
  if (!replaced) throw new HubError('NO_JOB_ASSIGNED');
  return token;
}
