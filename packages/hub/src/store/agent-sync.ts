import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { AgentRow, Database } from './schema.js';
import { preparedQuery } from './prepared-query.js';

/** What a sync records on the agent's row (spec §9.5). */
export interface SyncRecord {
  state: string;
  now: number;
  /** Hub time of this sync when the agent reports an interruption; the first one sticks. */
  interruptedAtMs: number | null;
  longPoll: boolean;
  /** The longest interval the hub may hand the agent in this state, for telling a lost agent from a slow one. */
  syncIntervalMs: number;
}

/** The sync's record as prepared-query arguments, in the order `syncColumns` takes them. */
export function syncArgs(sync: SyncRecord): [string, number, number | null, number, number] {
  return [sync.state, sync.now, sync.interruptedAtMs, sync.longPoll ? 1 : 0, sync.syncIntervalMs];
}

/**
 * The SET of a recorded sync: the state, the last sync, when the state last changed (idle time is measured from it,
 * spec §2.4), the interruption, and how the agent syncs. SET expressions see the old row, so the same columns can
 * ride on another write to the agent's row (the claim, the release of a finished job) in that write's transaction.
 */
export function syncColumns(eb: ExpressionBuilder<Database, 'agents'>, state: string, now: number, interruptedAtMs: number | null, longPoll: number, syncIntervalMs: number) {
  return {
    state,
    last_sync_at: now,
    last_state_change_at: eb.case().when('state', '<>', state).then(eb.val(now)).else(eb.ref('last_state_change_at')).end(),
    // coalesce(interrupted_at, NULL) keeps the column: one statement shape for syncs with and without an interruption.
    interrupted_at: eb.fn.coalesce('interrupted_at', eb.val(interruptedAtMs)),
    long_poll: longPoll,
    sync_interval_ms: syncIntervalMs,
  };
}

/** Records a sync whose facts changed (dispatch/sync-write-policy.ts); undefined when the agent is no longer registered. */
export async function recordSync(db: Kysely<Database>, agentId: string, sync: SyncRecord): Promise<AgentRow | undefined> {
  return recordSyncQuery.first(db, agentId, ...syncArgs(sync));
}

const recordSyncQuery = preparedQuery((db, agentId: string, state: string, now: number, interruptedAtMs: number | null, longPoll: number, syncIntervalMs: number) =>
  db
    .updateTable('agents')
    .set((eb) => syncColumns(eb, state, now, interruptedAtMs, longPoll, syncIntervalMs))
    .where('id', '=', agentId)
    .where('status', '=', 'registered')
    .returningAll(),
);

/**
 * Writes the buffered times of syncs that changed nothing, in one transaction (in id order, so two hubs' flushes
 * lock rows alike). Monotone: a late flush never moves a row's last sync back, and a departed agent is left alone.
 */
export async function writeLastSyncs(db: Kysely<Database>, lastSyncs: ReadonlyMap<string, number>): Promise<void> {
  if (lastSyncs.size === 0) return;
  const ordered = [...lastSyncs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await db.transaction().execute(async (trx) => {
    for (const [agentId, at] of ordered) await lastSyncQuery.all(trx, at, agentId);
  });
}

const lastSyncQuery = preparedQuery((db, at: number, agentId: string) =>
  db.updateTable('agents').set({ last_sync_at: at }).where('id', '=', agentId).where('status', '=', 'registered').where('last_sync_at', '<', at),
);

export async function findRegisteredAgent(db: Kysely<Database>, id: string): Promise<AgentRow | undefined> {
  return registeredAgentQuery.first(db, id);
}

const registeredAgentQuery = preparedQuery((db, id: string) => db.selectFrom('agents').selectAll().where('id', '=', id).where('status', '=', 'registered'));

/** Registered agents silent since before `seenBefore`; the liveness policy decides which of them are lost. */
export async function findSilentAgents(db: Kysely<Database>, seenBefore: number, limit: number): Promise<AgentRow[]> {
  return db
    .selectFrom('agents')
    .selectAll()
    .where('status', '=', 'registered')
    .where((eb) =>
      eb.or([
        eb('last_sync_at', '<', seenBefore),
        eb.and([eb('last_sync_at', 'is', null), eb('connected_at', '<', seenBefore)]),
      ]),
    )
    .orderBy('last_sync_at')
    .limit(limit)
    .execute();
}

/** A sync being answered whose record must still be written: the first write to the agent's row in this request carries it. */
export interface PendingSync {
  record: SyncRecord;
  /** Set once a committed write carried the record (or it needed none). */
  written: boolean;
}

/** The row as the sync's record leaves it (the SET of `syncColumns`, in memory): what the sync's decision reads. */
export function withSyncRecorded(agent: AgentRow, sync: SyncRecord): AgentRow {
  return {
    ...agent,
    state: sync.state,
    last_sync_at: sync.now,
    last_state_change_at: agent.state === sync.state ? agent.last_state_change_at : sync.now,
    interrupted_at: agent.interrupted_at ?? sync.interruptedAtMs,
    long_poll: sync.longPoll ? 1 : 0,
    sync_interval_ms: sync.syncIntervalMs,
  };
}

/** True when this write should carry the sync's record (it is pending and not yet written). */
export function carriesSync(pending: PendingSync | undefined): pending is PendingSync {
  return pending !== undefined && !pending.written;
}

/** Points the agent at the job it is offered; a pending sync record rides on the same UPDATE. */
export async function assignJobToAgent(trx: Kysely<Database>, agentId: string, jobId: string, pending: PendingSync | undefined): Promise<void> {
  if (carriesSync(pending)) await assignWithSyncQuery.all(trx, jobId, ...syncArgs(pending.record), agentId);
  else await assignQuery.all(trx, jobId, agentId);
}

const assignQuery = preparedQuery((db, jobId: string, agentId: string) => db.updateTable('agents').set({ job_id: jobId }).where('id', '=', agentId));
const assignWithSyncQuery = preparedQuery(
  (db, jobId: string, state: string, now: number, interruptedAtMs: number | null, longPoll: number, syncIntervalMs: number, agentId: string) =>
    db
      .updateTable('agents')
      .set((eb) => ({ job_id: jobId, ...syncColumns(eb, state, now, interruptedAtMs, longPoll, syncIntervalMs) }))
      .where('id', '=', agentId),
);

/** Releases the agent from a job that ended, if it still points at it; a pending sync record rides on the same UPDATE. */
export async function releaseAgentFromJob(trx: Kysely<Database>, agentId: string, jobId: string, pending: PendingSync | undefined): Promise<void> {
  if (carriesSync(pending)) await releaseWithSyncQuery.all(trx, jobId, ...syncArgs(pending.record), agentId);
  else await releaseQuery.all(trx, agentId, jobId);
}

const releaseQuery = preparedQuery((db, agentId: string, jobId: string) =>
  db.updateTable('agents').set({ job_id: null }).where('id', '=', agentId).where('job_id', '=', jobId),
);
// The sync is recorded whether or not the agent still points at the job (a repeated finished-job sync).
const releaseWithSyncQuery = preparedQuery(
  (db, jobId: string, state: string, now: number, interruptedAtMs: number | null, longPoll: number, syncIntervalMs: number, agentId: string) =>
    db
      .updateTable('agents')
      .set((eb) => ({
        job_id: eb.case().when('job_id', '=', jobId).then(sql<string | null>`NULL`).else(eb.ref('job_id')).end(),
        ...syncColumns(eb, state, now, interruptedAtMs, longPoll, syncIntervalMs),
      }))
      .where('id', '=', agentId)
      .where('status', '=', 'registered'),
);
