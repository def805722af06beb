import type { Kysely, Selectable } from 'kysely';
import type { AgentTypesTable, AssignmentOriginColumn, Database } from './schema.js';
import { isForeignKeyViolation, isUniqueViolation } from './constraint-errors.js';
import { preparedQuery } from './prepared-query.js';

export type AgentTypeRow = Selectable<AgentTypesTable>;
export type AgentTypeWithCount = AgentTypeRow & { connected_agents: number };

/** The settings a person chooses; everything else on the row is the hub's. */
export interface AgentTypeSettings {
  assignmentOrigin: AssignmentOriginColumn;
  releaseAfterSeconds: number;
  awsAccountId: string | null;
  awsRoleNamePatterns: string | null;
}

export async function insertAgentType(
  db: Kysely<Database>,
  type: { id: string; orgId: string; name: string; settings: AgentTypeSettings; tokenHash: string; createdBy: string; now: number },
): Promise<{ ok: true } | { ok: false; reason: 'name-taken' }> {
  try {
    await db
      .insertInto('agent_types')
      .values({
        id: type.id,
        org_id: type.orgId,
        name: type.name,
        ...settingsColumns(type.settings),
        registration_token_hash: type.tokenHash,
        created_by: type.createdBy,
        created_at: type.now,
        updated_at: type.now,
        token_reset_at: null,
      })
      .execute();
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken' };
    throw new Error(`insert agent type ${type.name}`, { cause: error });
  }
}

export async function findAgentTypeByName(db: Kysely<Database>, orgId: string, name: string): Promise<AgentTypeWithCount | undefined> {
  return withCounts(db).where('agent_types.org_id', '=', orgId).where('agent_types.name', '=', name).executeTakeFirst();
}

/** The type a job names, without the connected-agent count (a count over every agent of the type per queued job). */
export async function findAgentTypeIdByName(db: Kysely<Database>, orgId: string, name: string): Promise<Pick<AgentTypeRow, 'id' | 'name'> | undefined> {
  return typeIdByNameQuery.first(db, orgId, name);
}

const typeIdByNameQuery = preparedQuery((db, orgId: string, name: string) =>
  db.selectFrom('agent_types').select(['id', 'name']).where('org_id', '=', orgId).where('name', '=', name),
);

export async function findAgentTypeById(db: Kysely<Database>, id: string): Promise<AgentTypeRow | undefined> {
  return db.selectFrom('agent_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAgentTypeByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<AgentTypeRow | undefined> {
  return db.selectFrom('agent_types').selectAll().where('registration_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function listAgentTypes(db: Kysely<Database>, orgId: string): Promise<AgentTypeWithCount[]> {
  return withCounts(db).where('agent_types.org_id', '=', orgId).orderBy('agent_types.name').execute();
}

/** Agent types with the number of connected agents (reserved names of disconnected agents do not count). */
function withCounts(db: Kysely<Database>) {
  return db
    .selectFrom('agent_types')
    .selectAll('agent_types')
    .select((eb) =>
      eb
        .selectFrom('agents')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('agents.agent_type_id', '=', 'agent_types.id')
        .where('agents.status', '=', 'registered')
        .as('connected_agents'),
    )
    .$narrowType<{ connected_agents: number }>();
}

export async function updateAgentTypeSettings(db: Kysely<Database>, id: string, settings: AgentTypeSettings, now: number): Promise<void> {
  await db.updateTable('agent_types').set({ ...settingsColumns(settings), updated_at: now }).where('id', '=', id).execute();
}

export async function replaceRegistrationTokenHash(db: Kysely<Database>, id: string, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('agent_types').set({ registration_token_hash: tokenHash, token_reset_at: now, updated_at: now }).where('id', '=', id).execute();
}

export type DeleteAgentTypeResult = { ok: true } | { ok: false; reason: 'has-agents'; count: number } | { ok: false; reason: 'has-jobs'; count: number };

/**
 * Deletes a type in one transaction: reserved names of disconnected agents go first (control-plane §1.4), then the
 * type, unless connected agents or unfinished jobs remain. Finished jobs and their logs go with the type.
 */
export async function deleteAgentType(db: Kysely<Database>, id: string): Promise<DeleteAgentTypeResult> {
  try {
    return await deleteAgentTypeOnce(db, id);
  } catch (error) {
    // An agent registered between the count and the delete: the foreign key refuses, so the agent wins.
    if (isForeignKeyViolation(error)) return { ok: false, reason: 'has-agents', count: 1 };
    throw new Error(`delete agent type ${id}`, { cause: error });
  }
}

async function deleteAgentTypeOnce(db: Kysely<Database>, id: string): Promise<DeleteAgentTypeResult> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('agents').where('agent_type_id', '=', id).where('status', '=', 'disconnected').execute();
    const agents = await trx
      .selectFrom('agents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agent_type_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(agents.n) > 0) return { ok: false, reason: 'has-agents', count: Number(agents.n) };
    const jobs = await trx
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agent_type_id', '=', id)
      .where('state', '!=', 'finished')
      .executeTakeFirstOrThrow();
    if (Number(jobs.n) > 0) return { ok: false, reason: 'has-jobs', count: Number(jobs.n) };
    const finished = trx.selectFrom('jobs').select('id').where('agent_type_id', '=', id);
    await trx.deleteFrom('job_log_events').where('job_id', 'in', finished).execute();
    await trx.deleteFrom('jobs').where('agent_type_id', '=', id).execute();
    await trx.deleteFrom('agent_types').where('id', '=', id).execute();
    return { ok: true };
  });
}

function settingsColumns(settings: AgentTypeSettings) {
  return {
    assignment_origin: settings.assignmentOrigin,
    release_after_s: settings.releaseAfterSeconds,
    aws_account_id: settings.awsAccountId,
    aws_role_name_patterns: settings.awsRoleNamePatterns,
  };
}
