import type { Kysely } from 'kysely';

// The IP address of the agent that took a job, kept with the job like its name (status.agent.ip), since the agent's
// own row goes once it disconnects. Jobs taken before this migration show an empty IP.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('agent_ip', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('agent_ip').execute();
}
