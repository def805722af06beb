import type { Insertable, Kysely } from 'kysely';
import type { AgentRow, AgentsTable, Database, JobStateGuard } from './schema.js';
import { isForeignKeyViolation, isUniqueViolation } from './constraint-errors.js';
import { matchesGuard } from './jobs.js';

export type NewAgentRow = Insertable<AgentsTable>;
export type AgentWithTypeName = AgentRow & { type_name: string };

/** Inserts a registered agent; the (org, name) unique constraint is the last word on who holds a name. */
export async function insertAgent(
  db: Kysely<Database>,
  row: NewAgentRow,
): Promise<{ ok: true } | { ok: false; reason: 'name-taken' | 'type-gone' }> {
  try {
    await db.insertInto('agents').values(row).execute();
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken' };
    if (isForeignKeyViolation(error)) return { ok: false, reason: 'type-gone' };
    throw new Error(`insert agent ${row.name}`, { cause: error });
  }
}

/** Any row holding the name in the organization: connected or reserved after a disconnect. */
export async function findAgentHoldingName(db: Kysely<Database>, orgId: string, name: string): Promise<AgentRow | undefined> {
  return db.selectFrom('agents').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

/** Registration retry (spec §1.2): a fresh access token and fresh facts for a row that has still never synced. */
export async function renewUnsyncedRegistration(
  db: Kysely<Database>,
  id: string,
  fields: Pick<
    NewAgentRow,
    'access_token_hash' | 'version' | 'os' | 'arch' | 'hostname' | 'ip_address' | 'pid' | 'user_agent' | 'single_job' | 'idle_timeout_s' | 'interruption_grace_period_s' | 'requested_job_id'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('agents')
    .set(fields)
    .where('id', '=', id)
    .where('status', '=', 'registered')
    .where('last_sync_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteAgent(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('agents').where('id', '=', id).execute();
}

/** Disconnect with a hold: the row stays, holding its name until `releaseAt`. */
export async function reserveAgentName(db: Kysely<Database>, id: string, now: number, releaseAt: number): Promise<void> {
  await db
    .updateTable('agents')
    .set({ status: 'disconnected', disconnected_at: now, release_at: releaseAt })
    .where('id', '=', id)
    .execute();
}

/** Frees one reserved name whose hold has ended (used by register so a name is free exactly on time). */
export async function deleteReservationIfReleased(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .deleteFrom('agents')
    .where('id', '=', id)
    .where('status', '=', 'disconnected')
    .where('release_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Frees every reserved name whose hold has ended; a conditional DELETE, safe on every replica at once. */
export async function releaseExpiredNames(db: Kysely<Database>, now: number): Promise<{ id: string; org_id: string; name: string }[]> {
  return db
    .deleteFrom('agents')
    .where('status', '=', 'disconnected')
    .where('release_at', '<=', now)
    .returning(['id', 'org_id', 'name'])
    .execute();
}

function connectedWithTypeName(db: Kysely<Database>) {
  return db
    .selectFrom('agents')
    .innerJoin('agent_types', 'agent_types.id', 'agents.agent_type_id')
    .selectAll('agents')
    .select('agent_types.name as type_name')
    .where('agents.status', '=', 'registered');
}

export async function findConnectedAgentByName(db: Kysely<Database>, orgId: string, name: string): Promise<AgentWithTypeName | undefined> {
  return connectedWithTypeName(db).where('agents.org_id', '=', orgId).where('agents.name', '=', name).executeTakeFirst();
}

export interface AgentPageQuery {
  orgId: string;
  agentTypeId?: string;
  limit: number;
  /** Keyset position: agents after this (connected_at, id), oldest first. */
  after?: { connectedAt: number; id: string };
}

export async function listConnectedAgents(db: Kysely<Database>, query: AgentPageQuery): Promise<AgentWithTypeName[]> {
  let q = connectedWithTypeName(db).where('agents.org_id', '=', query.orgId);
  if (query.agentTypeId) q = q.where('agents.agent_type_id', '=', query.agentTypeId);
  const after = query.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('agents.connected_at', '>', after.connectedAt),
        eb.and([eb('agents.connected_at', '=', after.connectedAt), eb('agents.id', '>', after.id)]),
      ]),
    );
  }
  return q.orderBy('agents.connected_at').orderBy('agents.id').limit(query.limit).execute();
}

/** Sets disabled_at once; returns false when the agent was already disabled or is gone. */
export async function disableAgent(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('agents')
    .set({ disabled_at: now })
    .where('id', '=', id)
    .where('status', '=', 'registered')
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Disables the type's connected agents (only those without a job when `onlyIdle`); returns the ones it changed. */
export async function disableAgentsOfType(
  db: Kysely<Database>,
  agentTypeId: string,
  options: { onlyIdle: boolean },
  now: number,
): Promise<{ id: string; name: string }[]> {
  let q = db
    .updateTable('agents')
    .set({ disabled_at: now })
    .where('agent_type_id', '=', agentTypeId)
    .where('status', '=', 'registered')
    .where('disabled_at', 'is', null);
  if (options.onlyIdle) q = q.where('job_id', 'is', null);
  return q.returning(['id', 'name']).execute();
}

/** A `job_id` asked for at registration must name a job of the agent's type that can still be offered (spec §1.2). */
export async function isJobQueuedForType(db: Kysely<Database>, jobId: string, agentTypeId: string, offerable: JobStateGuard): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('id', '=', jobId)
    .where('agent_type_id', '=', agentTypeId)
    .where((eb) => matchesGuard(eb, offerable))
    .executeTakeFirst();
  return row !== undefined;
}
