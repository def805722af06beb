import type { Kysely } from 'kysely';

// jobs_claim_order (agent_type_id, state, priority desc, created_at, id) answers every query jobs_queue served (its
// first columns are the same); the second copy cost a B-tree delete and insert on each offer, accept and result.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_queue').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('jobs_queue').on('jobs').columns(['agent_type_id', 'state', 'priority', 'created_at']).execute();
}
