import type { Kysely } from 'kysely';
import type { AgentRow, Database } from './schema.js';
import { preparedQuery } from './prepared-query.js';

export interface SyncRecord {
  /** The agent, by the SHA-256 of its access token: authentication and the record are one statement. */
  accessTokenHash: string;
  state: string;
  now: number;
  /** Hub time of this sync when the agent reports an interruption; the first one sticks. */
  interruptedAtMs: number | null;
  longPoll: boolean;
  /** The longest interval the hub may hand the agent in this state, for telling a lost agent from a slow one. */
  syncIntervalMs: number;
}

/**
 * Every sync is recorded in one UPDATE (spec §9.5), which also authenticates it (no row → the token is unknown): the state, the last sync, when the state last changed (idle
 * time is measured from it, spec §2.4), the interruption, and how the agent syncs. SET expressions see the old row.
 */
export async function recordSync(db: Kysely<Database>, sync: SyncRecord): Promise<AgentRow | undefined> {
  return recordSyncQuery.first(db, sync.accessTokenHash, sync.state, sync.now, sync.interruptedAtMs, sync.longPoll ? 1 : 0, sync.syncIntervalMs);
}

// coalesce(interrupted_at, NULL) keeps the column: one statement shape for syncs with and without an interruption.
const recordSyncQuery = preparedQuery((db, tokenHash: string, state: string, now: number, interruptedAtMs: number | null, longPoll: number, syncIntervalMs: number) =>
  db
    .updateTable('agents')
    .set((eb) => ({
      state,
      last_sync_at: now,
      last_state_change_at: eb.case().when('state', '<>', state).then(eb.val(now)).else(eb.ref('last_state_change_at')).end(),
      interrupted_at: eb.fn.coalesce('interrupted_at', eb.val(interruptedAtMs)),
      long_poll: longPoll,
      sync_interval_ms: syncIntervalMs,
    }))
    .where('access_token_hash', '=', tokenHash)
    .where('status', '=', 'registered')
    .returningAll(),
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
