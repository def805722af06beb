import type { Kysely } from 'kysely';

// A log row may hold a run of consecutive events (one push), so a 2000-event push is one INSERT of one row rather
// than 2000: ingest is bound by the HTTP body, not by per-row index upkeep. Existing rows hold one event each.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('job_log_events').addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('job_log_events').dropColumn('event_count').execute();
}
