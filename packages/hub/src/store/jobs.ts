import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import type { Store } from './database.js';
import { ONE_ROW, preparedQuery } from './prepared-query.js';
import type { Database, JobRowResult, JobRowState, JobStateGuard, JobsTable } from './schema.js';
import { assignJobToAgent, carriesSync, releaseAgentFromJob, type PendingSync } from './agent-sync.js';

export type JobRow = Selectable<JobsTable>;

/** A guard as SQL: the job is in one of its states, with the stop flag as it says (when it says). */
export function matchesGuard(eb: ExpressionBuilder<Database, 'jobs'>, guard: JobStateGuard) {
  const [only] = guard.states;
  const inState = guard.states.length === 1 && only !== undefined ? eb('jobs.state', '=', only) : eb('jobs.state', 'in', [...guard.states]);
  if (guard.stopRequested === undefined) return inState;
  return eb.and([inState, eb('jobs.stop_requested_at', guard.stopRequested ? 'is not' : 'is', null)]);
}
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
  const inserted = await insertJobQuery.first(db, job.id, job.orgId, job.agentTypeId, job.name, job.spec, job.priority, job.executionTimeLimitS, job.now, job.createdBy);
  if (!inserted) throw new Error(`job ${job.id} was not inserted`);
  if (job.secretMaterial) await db.insertInto('job_secrets').values({ job_id: job.id, material: job.secretMaterial, created_at: job.now }).execute();
  return inserted;
}

const insertJobQuery = preparedQuery(
  (db, id: string, orgId: string, agentTypeId: string, name: string, spec: string, priority: number, executionTimeLimitS: number | null, now: number, createdBy: string | null) => {
    const row: Insertable<JobsTable> = {
      id, org_id: orgId, agent_type_id: agentTypeId, name, spec, priority, state: 'queued', result: null, failure_reason: null, agent_id: null, agent_name: null,
      agent_ip: null, execution_time_limit_s: executionTimeLimitS, created_at: now, updated_at: now, offered_at: null, offer_expires_at: null, started_at: null,
      finished_at: null, stop_requested_at: null, log_token_hash: null, log_token_expires_at: null, log_event_count: 0, log_bytes: 0, log_trimmed: 0, created_by: createdBy,
    };
    return db.insertInto('jobs').values(row).returningAll();
  },
);

export async function findJobById(db: Kysely<Database>, id: string): Promise<JobRow | undefined> {
  return jobByIdQuery.first(db, id);
}

const jobByIdQuery = preparedQuery((db, id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id));

export async function findJobInOrg(db: Kysely<Database>, orgId: string, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export interface ClaimRequest {
  agentId: string;
  agentName: string;
  agentIp: string;
  agentTypeId: string;
  now: number;
  offerExpiresAt: number;
  /** The states a job may be offered from (the state machine's `offer` rows). */
  guard: JobStateGuard;
  /** The claiming sync's record, written with the offer when a job is offered (one commit for both). */
  agentSync?: PendingSync;
}

/**
 * Offers the next queued job of the agent's type (priority, then first-in first-out) to the agent, exactly once
 * under concurrent syncs: the agent row is locked and must have no job, the job is taken by one conditional UPDATE
 * whose subquery skips rows other claims hold (PostgreSQL); SQLite runs the transaction alone.
 */
export async function claimNextJob(store: Store, claim: ClaimRequest): Promise<JobRow | undefined> {
  // A read without locks first: an idle agent's sync then costs no write transaction when the queue is empty.
  const any = await queueProbe(claim.guard).first(store.db, claim.agentTypeId);
  if (!any) return undefined;
  return claimInTransaction(store, claim, null);
}

const queueProbes = new WeakMap<JobStateGuard, ReturnType<typeof buildQueueProbe>>();

/** The first claimable job of a type, if any: one prepared query per guard (the guard is the query's shape). */
function queueProbe(guard: JobStateGuard) {
  let probe = queueProbes.get(guard);
  if (!probe) queueProbes.set(guard, (probe = buildQueueProbe(guard)));
  return probe;
}

function buildQueueProbe(guard: JobStateGuard) {
  return preparedQuery((db, agentTypeId: string) =>
    db
      .selectFrom('jobs')
      .select('id')
      .where('agent_type_id', '=', agentTypeId)
      .where((eb) => matchesGuard(eb, guard))
      .where((eb) => eb.not(eb.exists(requestedBySomeAgent(eb))))
      .limit(ONE_ROW),
  );
}

/** Offers one named job (a single-job agent's `job_id`), if it is still queued for the agent's type. */
export async function claimJobById(store: Store, jobId: string, claim: ClaimRequest): Promise<JobRow | undefined> {
  return claimInTransaction(store, claim, jobId);
}

/**
 * The id of the job to offer: the named one, or the head of the type's queue without the jobs that connected
 * single-job agents asked for at registration (those wait for their agent); skipping rows other claims lock.
 */
function nextJobId(db: Kysely<Database>, postgres: boolean, guard: JobStateGuard, agentTypeId: string, jobId: string | null) {
  let query = db
    .selectFrom('jobs')
    .select('id')
    .where('agent_type_id', '=', agentTypeId)
    .where((eb) => matchesGuard(eb, guard));
  query =
    jobId === null
      ? query
          .where((eb) => eb.not(eb.exists(requestedBySomeAgent(eb))))
          .orderBy('priority', 'desc')
          .orderBy('created_at')
          .orderBy('id')
      : query.where('id', '=', jobId);
  query = query.limit(ONE_ROW);
  return postgres ? query.forUpdate().skipLocked() : query;
}

/** A connected agent asked for this job at registration (spec §2.9). */
function requestedBySomeAgent(eb: ExpressionBuilder<Database, 'jobs'>) {
  return eb.selectFrom('agents').select('agents.id').whereRef('agents.requested_job_id', '=', 'jobs.id').where('agents.status', '=', 'registered');
}

const idleAgent = preparedQuery((db, agentId: string) => db.selectFrom('agents').select('id').where('id', '=', agentId).where('status', '=', 'registered').where('job_id', 'is', null));
const idleAgentForUpdate = preparedQuery((db, agentId: string) =>
  db.selectFrom('agents').select('id').where('id', '=', agentId).where('status', '=', 'registered').where('job_id', 'is', null).forUpdate(),
);
async function claimInTransaction(store: Store, claim: ClaimRequest, jobId: string | null): Promise<JobRow | undefined> {
  const postgres = store.dialect === 'postgres';
  const carried = carriesSync(claim.agentSync);
  const job = await store.db.transaction().execute(async (trx) => {
    if (!(await (postgres ? idleAgentForUpdate : idleAgent).first(trx, claim.agentId))) return undefined;
    const offer = [claim.agentId, claim.agentName, claim.agentIp, claim.now, claim.offerExpiresAt, claim.agentTypeId] as const;
    const { next, named } = claimQueries(claim.guard, postgres);
    const job = jobId === null ? await next.first(trx, ...offer) : await named.first(trx, ...offer, jobId);
    if (!job) return undefined;
    await assignJobToAgent(trx, claim.agentId, job.id, claim.agentSync);
    return job;
  });
  if (job && carried && claim.agentSync) claim.agentSync.written = true;
  return job;
}

const claimQueryCache = { sqlite: new WeakMap<JobStateGuard, ReturnType<typeof buildClaimQueries>>(), postgres: new WeakMap<JobStateGuard, ReturnType<typeof buildClaimQueries>>() };

/** The offering UPDATEs (the queue's next job, or a named one): prepared once per guard and dialect. */
function claimQueries(guard: JobStateGuard, postgres: boolean) {
  const cache = postgres ? claimQueryCache.postgres : claimQueryCache.sqlite;
  let queries = cache.get(guard);
  if (!queries) cache.set(guard, (queries = buildClaimQueries(guard, postgres)));
  return queries;
}

function buildClaimQueries(guard: JobStateGuard, postgres: boolean) {
  const offer = (db: Kysely<Database>, o: { agentId: string; agentName: string; agentIp: string; now: number; offerExpiresAt: number; agentTypeId: string }, jobId: string | null) =>
    db
      .updateTable('jobs')
      .set({ state: 'offered', agent_id: o.agentId, agent_name: o.agentName, agent_ip: o.agentIp, offered_at: o.now, offer_expires_at: o.offerExpiresAt, updated_at: o.now })
      .where('id', '=', nextJobId(db, postgres, guard, o.agentTypeId, jobId))
      .where((eb) => matchesGuard(eb, guard))
      .returningAll();
  return {
    next: preparedQuery((db, agentId: string, agentName: string, agentIp: string, now: number, offerExpiresAt: number, agentTypeId: string) =>
      offer(db, { agentId, agentName, agentIp, now, offerExpiresAt, agentTypeId }, null),
    ),
    named: preparedQuery((db, agentId: string, agentName: string, agentIp: string, now: number, offerExpiresAt: number, agentTypeId: string, jobId: string) =>
      offer(db, { agentId, agentName, agentIp, now, offerExpiresAt, agentTypeId }, jobId),
    ),
  };
}

export interface AcceptOffer {
  jobId: string;
  agentId: string;
  now: number;
  logTokenHash: string;
  logTokenExpiresAt: number;
  /** The state machine's `accept` rows: the one that starts the job, and the one that lets its agent fetch it again. */
  guards: { start: JobStateGuard; refetch: JobStateGuard };
}

/**
 * GET /jobs/:id accepts the offer (or re-reads an accepted job): its log token is (re)issued, its clock starts once.
 * `firstAcceptance` says which: the start is tried first, so the usual fetch costs one statement.
 */
export async function acceptOffer(db: Kysely<Database>, accept: AcceptOffer): Promise<{ job: JobRow; firstAcceptance: boolean } | undefined> {
  const args = [accept.jobId, accept.agentId, accept.logTokenHash, accept.logTokenExpiresAt, accept.now] as const;
  const started = await acceptQuery(accept.guards.start, true).first(db, ...args);
  if (started) return { job: started, firstAcceptance: true };
  const refetched = await acceptQuery(accept.guards.refetch, false).first(db, ...args);
  return refetched ? { job: refetched, firstAcceptance: false } : undefined;
}

const acceptQueries = { starting: new WeakMap<JobStateGuard, ReturnType<typeof buildAcceptQuery>>(), refetching: new WeakMap<JobStateGuard, ReturnType<typeof buildAcceptQuery>>() };

/** The accepting UPDATE of a guard: one prepared query each (the guard and whether it starts the job are its shape). */
function acceptQuery(guard: JobStateGuard, starts: boolean) {
  const cache = starts ? acceptQueries.starting : acceptQueries.refetching;
  let query = cache.get(guard);
  if (!query) cache.set(guard, (query = buildAcceptQuery(guard, starts)));
  return query;
}

function buildAcceptQuery(guard: JobStateGuard, starts: boolean) {
  return preparedQuery((db, jobId: string, agentId: string, logTokenHash: string, logTokenExpiresAt: number, now: number) => {
    const token = { log_token_hash: logTokenHash, log_token_expires_at: logTokenExpiresAt, updated_at: now };
    return db
      .updateTable('jobs')
      .set(starts ? { ...token, state: 'running', started_at: now, offer_expires_at: null } : token)
      .where('id', '=', jobId)
      .where('agent_id', '=', agentId)
      .where((eb) => matchesGuard(eb, guard))
      .returningAll();
  });
}

/** POST /refresh: a new log token for the agent's running job. */
export async function replaceLogToken(
  db: Kysely<Database>,
  change: { jobId: string; agentId: string; logTokenHash: string; logTokenExpiresAt: number; guard: JobStateGuard },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ log_token_hash: change.logTokenHash, log_token_expires_at: change.logTokenExpiresAt })
    .where('id', '=', change.jobId)
    .where('agent_id', '=', change.agentId)
    .where((eb) => matchesGuard(eb, change.guard))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface JobResultRecord {
  jobId: string;
  /** Only this agent's assignment may finish it (and the agent is released); null for a job no agent holds. */
  agentId: string | null;
  /** The states (and stop flag) the state machine's row ends the job from. */
  guard: JobStateGuard;
  result: JobRowResult;
  /** null keeps the row's (a reason set with the stop, e.g. the time limit). */
  failureReason: string | null;
  now: number;
  /** The finished-job sync's record, written with the agent's release (one commit for both). */
  agentSync?: PendingSync;
}

/**
 * The one write that ends a job, whoever decided it (the agent's result, a stop, a lost agent, a returned offer
 * that was stopped): in one transaction the result is recorded once — the guarded UPDATE makes repeated
 * finished-job syncs and racing sweeps harmless — and the agent is released from the job either way. What must
 * follow a job's end durably (a pipeline advancing) belongs in this transaction.
 */
export async function recordJobResult(db: Kysely<Database>, record: JobResultRecord): Promise<JobRow | undefined> {
  const { jobId, agentId, result, failureReason, now } = record;
  if (agentId === null) return recordResultQuery(record.guard, false).first(db, jobId, result, failureReason, now);
  const carried = carriesSync(record.agentSync);
  const job = await db.transaction().execute(async (trx) => {
    const finished = await recordResultQuery(record.guard, true).first(trx, jobId, result, failureReason, now, agentId);
    await releaseAgentFromJob(trx, agentId, jobId, record.agentSync);
    return finished;
  });
  if (carried && record.agentSync) record.agentSync.written = true;
  return job;
}

const recordResultQueries = new WeakMap<JobStateGuard, ReturnType<typeof buildRecordResultQueries>>();

/** The result's guarded UPDATE: prepared per guard, for a job an agent must hold and for one none holds. */
function recordResultQuery<Held extends boolean>(guard: JobStateGuard, held: Held): ReturnType<typeof buildRecordResultQueries>[Held extends true ? 'held' : 'unheld'] {
  let queries = recordResultQueries.get(guard);
  if (!queries) recordResultQueries.set(guard, (queries = buildRecordResultQueries(guard)));
  return (held ? queries.held : queries.unheld) as never;
}

function buildRecordResultQueries(guard: JobStateGuard) {
  const finish = (db: Kysely<Database>, jobId: string, result: JobRowResult, failureReason: string | null, now: number) =>
    db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'finished',
        result,
        // A null reason keeps the row's (one statement shape either way).
        failure_reason: eb.fn.coalesce(eb.cast<string | null>(eb.val(failureReason), 'text'), eb.ref('failure_reason')),
        finished_at: now,
        offer_expires_at: null,
        updated_at: now,
      }))
      .where('id', '=', jobId)
      .where((eb) => matchesGuard(eb, guard));
  return {
    held: preparedQuery((db, jobId: string, result: JobRowResult, failureReason: string | null, now: number, agentId: string) =>
      finish(db, jobId, result, failureReason, now).where('agent_id', '=', agentId).returningAll(),
    ),
    unheld: preparedQuery((db, jobId: string, result: JobRowResult, failureReason: string | null, now: number) =>
      finish(db, jobId, result, failureReason, now).returningAll(),
    ),
  };
}

/** An offer goes back to the queue; the agent is released from it either way. */
export async function requeueOffer(
  db: Kysely<Database>,
  change: { jobId: string; agentId: string; guard: JobStateGuard; now: number },
): Promise<JobRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const job = await trx
      .updateTable('jobs')
      .set({ state: 'queued', agent_id: null, agent_name: null, agent_ip: null, offered_at: null, offer_expires_at: null, updated_at: change.now })
      .where('id', '=', change.jobId)
      .where('agent_id', '=', change.agentId)
      .where((eb) => matchesGuard(eb, change.guard))
      .returningAll()
      .executeTakeFirst();
    await releaseAgentFromJob(trx, change.agentId, change.jobId, undefined);
    return job;
  });
}

/** Flags a job for stop-job (with a reason, or keeping the row's); its agent hears it on its next running-job sync. */
export async function flagStop(
  db: Kysely<Database>,
  flag: { jobId: string; guard: JobStateGuard; reason: string | null; now: number },
): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set((eb) => ({
      stop_requested_at: flag.now,
      failure_reason: flag.reason === null ? eb.ref('failure_reason') : flag.reason,
      updated_at: flag.now,
    }))
    .where('id', '=', flag.jobId)
    .where((eb) => matchesGuard(eb, flag.guard))
    .returningAll()
    .executeTakeFirst();
}

/** Offers whose deadline has passed, among jobs in the guard's states (those an offer can be returned from). */
export async function findExpiredOffers(db: Kysely<Database>, guard: JobStateGuard, now: number, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where((eb) => matchesGuard(eb, guard))
    .where('offer_expires_at', '<=', now)
    .orderBy('offer_expires_at')
    .limit(limit)
    .execute();
}

/** Jobs with a time limit in the guard's states (running, no stop yet); the policy decides which are over it. */
export async function findLimitedRunningJobs(db: Kysely<Database>, guard: JobStateGuard, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where((eb) => matchesGuard(eb, guard))
    .where('execution_time_limit_s', 'is not', null)
    .limit(limit)
    .execute();
}

/** The job an agent holds (offered or running), if any. */
export async function findAssignedJob(db: Kysely<Database>, agentId: string, jobId: string | null): Promise<JobRow | undefined> {
  if (jobId === null) return undefined;
  return assignedJobQuery.first(db, jobId, agentId);
}

const assignedJobQuery = preparedQuery((db, jobId: string, agentId: string) => db.selectFrom('jobs').selectAll().where('id', '=', jobId).where('agent_id', '=', agentId));

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

/** Jobs in the guard's states (held by an agent) whose agent is no longer connected (it disconnected mid-job). */
export async function findOrphanedJobs(db: Kysely<Database>, guard: JobStateGuard, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where((eb) => matchesGuard(eb, guard))
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
