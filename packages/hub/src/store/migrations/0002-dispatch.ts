import type { Kysely } from 'kysely';

// Dispatch needs to know how each agent syncs (to tell a lost agent from a slow one) and indexes for the claim
// query (priority first, then first-in first-out) and for the sweeps.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agents').addColumn('long_poll', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('agents').addColumn('sync_interval_ms', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('agents_status_last_sync').on('agents').columns(['status', 'last_sync_at']).execute();
  await db.schema
    .createIndex('jobs_claim_order')
    .on('jobs')
    .columns(['agent_type_id', 'state', 'priority desc', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('jobs_state_deadlines').on('jobs').columns(['state', 'offer_expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_state_deadlines').execute();
  await db.schema.dropIndex('jobs_claim_order').execute();
  await db.schema.dropIndex('agents_status_last_sync').execute();
  await db.schema.alterTable('agents').dropColumn('sync_interval_ms').execute();
  await db.schema.alterTable('agents').dropColumn('long_poll').execute();
}
