import type { Kysely } from 'kysely';

// Projects (issue 12): a git repository, its pipeline file and what runs it. The repository credentials and the
// webhook secret are AES-256-GCM envelopes bound to the project id (secrets/project-vault.ts). Every run of a project
// (API, CLI or a forge's push webhook) is a project_hooks row, the `hook_id` of Semaphore's answers; a forge's delivery
// id is unique per project and forge, so a delivery sent twice runs once. Workflows learn which project and hook
// started them (null for pipelines run from YAML text).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('repo_url', 'text', (c) => c.notNull())
    .addColumn('run_on', 'text', (c) => c.notNull())
    .addColumn('pipeline_file', 'text', (c) => c.notNull())
    .addColumn('whitelist_branches', 'text', (c) => c.notNull())
    .addColumn('whitelist_tags', 'text', (c) => c.notNull())
    .addColumn('status_pipeline_files', 'text', (c) => c.notNull())
    .addColumn('forked_allowed_secrets', 'text', (c) => c.notNull())
    .addColumn('integration_type', 'text', (c) => c.notNull())
    .addColumn('credential_kind', 'text', (c) => c.notNull())
    .addColumn('credential', 'text')
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('projects_org_name', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('project_hooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('commit_sha', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    .addColumn('pipeline_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('project_hooks_delivery', ['project_id', 'provider', 'delivery_id'])
    .execute();
  await db.schema.createIndex('project_hooks_project').on('project_hooks').columns(['project_id', 'created_at']).execute();

  await db.schema.alterTable('workflows').addColumn('project_id', 'text').execute();
  await db.schema.alterTable('workflows').addColumn('hook_id', 'text').execute();
  await db.schema.alterTable('workflows').addColumn('triggered_by', 'text').execute();
  // A project's workflows are listed newest first (ids are time-ordered UUIDv7).
  await db.schema.createIndex('workflows_project').on('workflows').columns(['project_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('workflows_project').execute();
  for (const column of ['triggered_by', 'hook_id', 'project_id']) await db.schema.alterTable('workflows').dropColumn(column).execute();
  await db.schema.dropTable('project_hooks').execute();
  await db.schema.dropTable('projects').execute();
}
