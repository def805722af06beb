import type { Kysely } from 'kysely';

// Commit statuses (issue 12 part 6). `project_forges` holds a project's optional forge settings for status reports
// (kind, API base URL, repository path, and a status token sealed like the project's other secrets); a project
// without a row reports with its HTTPS token and what its repository URL tells. `commit_statuses` is the outbox: one
// row per pipeline and forge state, written after the pipeline moved and sent by the report sweep with retries. A
// newer state supersedes older unsent rows of the same pipeline, so the forge ends on the latest state.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_forges')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('api_url', 'text')
    .addColumn('repository', 'text')
    .addColumn('token', 'text')
    .addColumn('key_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('commit_statuses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('forge_state', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_http_status', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addUniqueConstraint('commit_statuses_pipeline_state', ['pipeline_id', 'forge_state'])
    .execute();
  // The sweep reads due rows; describe reads a pipeline's latest row.
  await db.schema.createIndex('commit_statuses_due').on('commit_statuses').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('commit_statuses_pipeline').on('commit_statuses').columns(['pipeline_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('commit_statuses').execute();
  await db.schema.dropTable('project_forges').execute();
}
