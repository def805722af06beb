import { sql, type Kysely } from 'kysely';

// Secrets (issue 12): names, variable names and file paths in clear; every value and file content is its own
// AES-256-GCM envelope inside the JSON columns (secrets/cipher.ts). A job that imports secrets keeps its copy of them as
// one envelope bound to the job's id, beside (never inside) its public spec; the purge sweep clears it once the job's
// logs can no longer arrive, and the partial index keeps that sweep from reading jobs without one.
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
  await db.schema.alterTable('jobs').addColumn('secret_material', 'text').execute();
  await db.schema.createIndex('jobs_secret_material').on('jobs').column('finished_at').where(sql.ref('secret_material'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_secret_material').execute();
  await db.schema.alterTable('jobs').dropColumn('secret_material').execute();
  await db.schema.dropTable('secrets').execute();
}
