import type { Kysely } from 'kysely';

// Secrets (issue 12): names, variable names and file paths in clear; every value and file content is its own
// AES-256-GCM envelope inside the JSON columns (secrets/cipher.ts). A job that imports secrets keeps its copy of them in
// job_secrets, one envelope bound to the job's id: beside its public spec, never in it, and out of the jobs table, so
// job lists never read it. The purge sweep deletes a copy once the job's logs can no longer arrive; deleting a job
// (with its agent type) takes its copy along.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('env_vars', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('secrets_org_name', ['org_id', 'name'])
    .execute();
  await db.schema.createIndex('secrets_org_created').on('secrets').columns(['org_id', 'created_at', 'id']).execute();
  await db.schema
    .createTable('job_secrets')
    .addColumn('job_id', 'text', (c) => c.primaryKey().references('jobs.id').onDelete('cascade'))
    .addColumn('material', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_secrets').execute();
  await db.schema.dropTable('secrets').execute();
}
