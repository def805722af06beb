import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from './schema.js';
import type { ProjectHooksTable, ProjectsTable } from './project-schema.js';

export type ProjectRow = Selectable<ProjectsTable>;
export type ProjectHookRow = Selectable<ProjectHooksTable>;

/** Inserts a new project; a taken name fails on the (org_id, name) constraint (isUniqueViolation). */
export async function insertProject(db: Kysely<Database>, row: ProjectRow): Promise<ProjectRow> {
  return db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findProjectById(db: Kysely<Database>, orgId: string, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** For webhooks, which name a project by id alone (the organization follows from it). */
export async function findProjectByIdInAnyOrg(db: Kysely<Database>, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProjectByName(db: Kysely<Database>, orgId: string, name: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

/** A page in name order (`sem` pages with ?page=N and reads x-has-more). */
export async function listProjects(db: Kysely<Database>, query: { orgId: string; limit: number; offset: number }): Promise<ProjectRow[]> {
  return db.selectFrom('projects').selectAll().where('org_id', '=', query.orgId).orderBy('name').limit(query.limit).offset(query.offset).execute();
}

/** Writes the changes if the project is still as read (`updated_at`); false when another change came first. */
export async function updateProject(db: Kysely<Database>, orgId: string, id: string, readAt: number, changes: Updateable<ProjectsTable>): Promise<ProjectRow | undefined> {
  return db
    .updateTable('projects')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('updated_at', '=', readAt)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes the project and its hook records; its workflows and pipelines stay (they are history). */
export async function deleteProject(db: Kysely<Database>, orgId: string, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('project_hooks').where('project_id', '=', id).execute();
    const result = await trx.deleteFrom('projects').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  });
}

/** Records a run request; a forge delivery id seen before fails on its unique constraint (isUniqueViolation). */
export async function insertProjectHook(db: Kysely<Database>, row: ProjectHookRow): Promise<void> {
  await db.insertInto('project_hooks').values(row).execute();
}

export async function findProjectHook(db: Kysely<Database>, id: string): Promise<ProjectHookRow | undefined> {
  return db.selectFrom('project_hooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findHookByDelivery(db: Kysely<Database>, projectId: string, provider: string, deliveryId: string): Promise<ProjectHookRow | undefined> {
  return db
    .selectFrom('project_hooks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('provider', '=', provider as ProjectHookRow['provider'])
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
}

/** The commit the hook resolved to and what was learned from it, before its workflow starts (its jobs read them). */
export async function resolveHook(db: Kysely<Database>, hook: { id: string; commitSha: string; details: string }): Promise<void> {
  await db.updateTable('project_hooks').set({ commit_sha: hook.commitSha, details: hook.details }).where('id', '=', hook.id).execute();
}

/** The hook ran: its workflow and pipeline. */
export async function markHookStarted(db: Kysely<Database>, hook: { id: string; workflowId: string; pipelineId: string; message: string }): Promise<void> {
  await db
    .updateTable('project_hooks')
    .set({ outcome: 'started', workflow_id: hook.workflowId, pipeline_id: hook.pipelineId, message: hook.message })
    .where('id', '=', hook.id)
    .execute();
}

/** A hook that could not run (the repository was unreachable) is forgotten, so the forge's redelivery can run it. */
export async function deleteProjectHook(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('project_hooks').where('id', '=', id).execute();
}

/** Removes a hook that never got past processing (its hub stopped mid-run); a hook that started meanwhile stays. */
export async function deleteStaleHook(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('project_hooks').where('id', '=', id).where('outcome', '=', 'processing').execute();
}
