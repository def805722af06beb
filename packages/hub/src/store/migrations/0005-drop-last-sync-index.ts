import type { Kysely } from 'kysely';

// Every sync moves last_sync_at, so an index on it costs a B-tree delete and insert (and their WAL pages) per sync;
// the lost-agent sweep reads the registered agents once a second without it for less than that.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('agents_status_last_sync').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('agents_status_last_sync').on('agents').columns(['status', 'last_sync_at']).execute();
}
