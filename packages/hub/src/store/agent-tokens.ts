import type { Kysely, Selectable } from 'kysely';
import type { AgentsTable, Database } from './schema.js';

export type AgentRow = Selectable<AgentsTable>;

export async function findConnectedAgentByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<AgentRow | undefined> {
  return db
    .selectFrom('agents')
    .selectAll()
    .where('access_token_hash', '=', tokenHash)
    .where('status', '=', 'registered')
    .executeTakeFirst();
}
