import type { Kysely } from 'kysely';

// A job a single-job agent asked for at registration is kept out of the general queue; claims look it up by id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('agents_requested_job').on('agents').columns(['requested_job_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('agents_requested_job').execute();
}
