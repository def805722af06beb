import type { ExpressionBuilder, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database, JobRowResult, JobRowState, JobsTable } from './schema.js';

export type JobRow = Selectable<JobsTable>;
export interface NewJob {
  id: string;
  orgId: string;
  agentTypeId: string;
  name: string;
  /** JSON of the public JobInput spec. */
  spec: string;
  priority: number;
  executionTimeLimitS: number | null;
  createdBy: string | null;
  /** Imported secrets, encrypted for this job (secrets/job-secrets.ts): stored in job_secrets, never in `spec`. */
  secretMaterial?: string | null;
  now: number;
}

/** A job enters the queue with no agent, no result and an empty log. */
export async function enqueueJob(db: Kysely<Database>, job: NewJob): Promise<JobRow> {
  const row: Insertable<JobsTable> = {
    id: job.id,
    org_id: job.orgId,
    agent_type_id: job.agentTypeId,
    name: job.name,
    spec: job.spec,
    priority: job.priority,
    state: 'queued',
    result: null,
    failure_reason: null,
    agent_id: null,
    agent_name: null,
    execution_time_limit_s: job.executionTimeLimitS,
    created_at: job.now,
    updated_at: job.now,
    offered_at: null,
    offer_expires_at: null,
    started_at: null,
    finished_at: null,
    stop_requested_at: null,
    log_token_hash: null,
    log_token_expires_at: null,
    log_event_count: 0,
    log_bytes: 0,
    log_trimmed: 0,
    created_by: job.createdBy,
  };
  const inserted = await db.insertInto('jobs').values(row).returningAll().executeTakeFirstOrThrow();
  if (job.secretMaterial) await db.insertInto('job_secrets').values({ job_id: job.id, material: job.secretMaterial, created_at: job.now }).execute();
  return inserted;
}

export async function findJobById(db: Kysely<Database>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findJobInOrg(db: Kysely<Database>, orgId: string, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export interface ClaimRequest {
  agentId: string;
  agentName: string;
  agentTypeId: string;
  now: number;
  offerExpiresAt: number;
}

/**
 * Offers the next queued job of the agent's type (priority, then first-in first-out) to the agent, exactly once
 * under concurrent syncs: the agent row is locked and must have no job, the job is taken by one conditional UPDATE
 * whose subquery skips rows other claims hold (PostgreSQL); SQLite runs the transaction alone.
 */
export async function claimNextJob(store: Store, claim: ClaimRequest): Promise<JobRow | undefined> {
  // A read without locks first: an idle agent's sync then costs no write transaction when the queue is empty.
  const any = await store.db
    .selectFrom('jobs')
    .select('id')
    .where('agent_type_id', '=', claim.agentTypeId)
    .where('state', '=', 'queued')
    .where((eb) => eb.not(eb.exists(requestedBySomeAgent(eb))))
    .limit(1)
    .executeTakeFirst();
  if (!any) return undefined;
  return claimInTransaction(store, claim, null);
}

/** Offers one named job (a single-job agent's `job_id`), if it is still queued for the agent's type. */
export async function claimJobById(store: Store, jobId: string, claim: ClaimRequest): Promise<JobRow | undefined> {
  return claimInTransaction(store, claim, jobId);
}

/**
 * The id of the job to offer: the named one, or the head of the type's queue without the jobs that connected
 * single-job agents asked for at registration (those wait for their agent); skipping rows other claims lock.
 */
function nextJobId(trx: Transaction<Database>, store: Store, claim: ClaimRequest, jobId: string | null) {
  let query = trx.selectFrom('jobs').select('id').where('agent_type_id', '=', claim.agentTypeId).where('state', '=', 'queued');
  query =
    jobId === null
      ? query
          .where((eb) => eb.not(eb.exists(requestedBySomeAgent(eb))))
          .orderBy('priority', 'desc')
          .orderBy('created_at')
          .orderBy('id')
      : query.where('id', '=', jobId);
  query = query.limit(1);
  return store.dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** A connected agent asked for this job at registration (spec §2.9). */
function requestedBySomeAgent(eb: ExpressionBuilder<Database, 'jobs'>) {
  return eb.selectFrom('agents').select('agents.id').whereRef('agents.requested_job_id', '=', 'jobs.id').where('agents.status', '=', 'registered');
}

async function claimInTransaction(store: Store, claim: ClaimRequest, jobId: string | null): Promise<JobRow | undefined> {
  return store.db.transaction().execute(async (trx) => {
    let agentQuery = trx
      .selectFrom('agents')
      .select('id')
      .where('id', '=', claim.agentId)
      .where('status', '=', 'registered')
      .where('job_id', 'is', null);
    if (store.dialect === 'postgres') agentQuery = agentQuery.forUpdate();
    if (!(await agentQuery.executeTakeFirst())) return undefined;
    const job = await trx
      .updateTable('jobs')
      .set({
        state: 'offered',
        agent_id: claim.agentId,
        agent_name: claim.agentName,
        offered_at: claim.now,
        offer_expires_at: claim.offerExpiresAt,
        updated_at: claim.now,
      })
      .where('id', '=', nextJobId(trx, store, claim, jobId))
      .where('state', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (!job) return undefined;
    await trx.updateTable('agents').set({ job_id: job.id }).where('id', '=', claim.agentId).execute();
    return job;
  });
}

/** GET /jobs/:id accepts the offer (or re-reads an accepted job): its log token is (re)issued, its clock starts once. */
export async function acceptOffer(
  db: Kysely<Database>,
  accept: { jobId: string; agentId: string; now: number; logTokenHash: string; logTokenExpiresAt: number },
): Promise<JobRow | undefined> {
  const accepted = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      started_at: eb.fn.coalesce('started_at', eb.val(accept.now)),
      offer_expires_at: null,
      log_token_hash: accept.logTokenHash,
      log_token_expires_at: accept.logTokenExpiresAt,
      updated_at: accept.now,
    }))
    .where('id', '=', accept.jobId)
    .where('agent_id', '=', accept.agentId)
    .where('state', 'in', ['offered', 'running'])
    .returningAll()
    .executeTakeFirst();
  return accepted;
}

/** POST /refresh: a new log token for the agent's running job. */
export async function replaceLogToken(
  db: Kysely<Database>,
  change: { jobId: string; agentId: string; logTokenHash: string; logTokenExpiresAt: number },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ log_token_hash: change.logTokenHash, log_token_expires_at: change.logTokenExpiresAt })
    .where('id', '=', change.jobId)
    .where('agent_id', '=', change.agentId)
    .where('state', 'in', ['offered', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface FinishJob {
  jobId: string;
  /** Only this agent's assignment may finish it; null for the hub's own decisions on unassigned (queued) jobs. */
  agentId: string | null;
  from: readonly JobRowState[];
  result: JobRowResult;
  failureReason: string | null;
  now: number;
}

/**
 * Records how a job ended, once: a conditional UPDATE on the expected states makes repeated finished-job syncs and
 * racing sweeps harmless. The agent is released from the job either way.
 */
export async function finishJob(db: Kysely<Database>, finish: FinishJob): Promise<JobRow | undefined> {
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('jobs')
      .set((eb) => ({
        state: 'finished',
        result: finish.result,
        failure_reason: finish.failureReason === null ? eb.ref('failure_reason') : finish.failureReason,
        finished_at: finish.now,
        offer_expires_at: null,
        updated_at: finish.now,
      }))
      .where('id', '=', finish.jobId)
      .where('state', 'in', [...finish.from]);
    if (finish.agentId !== null) update = update.where('agent_id', '=', finish.agentId);
    const job = await update.returningAll().executeTakeFirst();
    if (finish.agentId !== null) await releaseAgent(trx, finish.agentId, finish.jobId);
    return job;
  });
}

/** An offer goes back to the queue, unless a stop was asked for meanwhile (then the caller finishes it instead). */
export async function requeueOffer(db: Kysely<Database>, change: { jobId: string; agentId: string; now: number }): Promise<JobRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const job = await trx
      .updateTable('jobs')
      .set({ state: 'queued', agent_id: null, agent_name: null, offered_at: null, offer_expires_at: null, updated_at: change.now })
      .where('id', '=', change.jobId)
      .where('agent_id', '=', change.agentId)
      .where('state', '=', 'offered')
      .where('stop_requested_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    await releaseAgent(trx, change.agentId, change.jobId);
    return job;
  });
}

async function releaseAgent(trx: Transaction<Database>, agentId: string, jobId: string): Promise<void> {
  await trx.updateTable('agents').set({ job_id: null }).where('id', '=', agentId).where('job_id', '=', jobId).execute();
}

/** Flags an offered or running job for stop-job; the agent hears it on its next running-job sync. */
export async function flagStop(db: Kysely<Database>, jobId: string, now: number, reason: string | null): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set((eb) => ({
      stop_requested_at: now,
      failure_reason: reason === null ? eb.ref('failure_reason') : reason,
      updated_at: now,
    }))
    .where('id', '=', jobId)
    .where('state', 'in', ['offered', 'running'])
    .where('stop_requested_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function findExpiredOffers(db: Kysely<Database>, now: number, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('state', '=', 'offered')
    .where('offer_expires_at', '<=', now)
    .orderBy('offer_expires_at')
    .limit(limit)
    .execute();
}

/** Running jobs with a time limit and no stop yet; the policy decides which are over it. */
export async function findLimitedRunningJobs(db: Kysely<Database>, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('state', '=', 'running')
    .where('execution_time_limit_s', 'is not', null)
    .where('stop_requested_at', 'is', null)
    .limit(limit)
    .execute();
}

/** The job an agent holds (offered or running), if any. */
export async function findAssignedJob(db: Kysely<Database>, agentId: string, jobId: string | null): Promise<JobRow | undefined> {
  if (jobId === null) return undefined;
  return db.selectFrom('jobs').selectAll().where('id', '=', jobId).where('agent_id', '=', agentId).executeTakeFirst();
}

/** Clears an agent's pointer to a job that is no longer its (finished or given to another agent). */
export async function clearStaleAssignment(db: Kysely<Database>, agentId: string, jobId: string): Promise<void> {
  await db.updateTable('agents').set({ job_id: null }).where('id', '=', agentId).where('job_id', '=', jobId).execute();
}

export interface JobPageQuery {
  orgId: string;
  /** Absent: every state; empty: none. */
  states?: readonly JobRowState[];
  agentTypeId?: string;
  limit: number;
  /** Keyset position: jobs created before this (created_at, id), newest first. */
  before?: { createdAt: number; id: string };
}

export async function listJobs(db: Kysely<Database>, query: JobPageQuery): Promise<JobRow[]> {
  if (query.states && query.states.length === 0) return [];
  let q = db.selectFrom('jobs').selectAll().where('org_id', '=', query.orgId);
  if (query.states) q = q.where('state', 'in', [...query.states]);
  if (query.agentTypeId) q = q.where('agent_type_id', '=', query.agentTypeId);
  const before = query.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

/** Offered or running jobs whose agent is no longer connected (it disconnected or was removed mid-job). */
export async function findOrphanedJobs(db: Kysely<Database>, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('state', 'in', ['offered', 'running'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('agents').select('agents.id').whereRef('agents.id', '=', 'jobs.agent_id').where('agents.status', '=', 'registered'),
        ),
      ),
    )
    .limit(limit)
    .execute();
}
