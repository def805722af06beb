import { PostgresAdapter, type Kysely } from 'kysely';

// Log rows hold a push's bytes as they came (BLOB / bytea), so ingest neither splits, joins nor re-encodes them. Rows
// written before keep their text in `event` and are read as they are: converting a big log table here would be slow.
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema.alterTable('job_log_events').addColumn('lines', bytes).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('job_log_events').dropColumn('lines').execute();
}
