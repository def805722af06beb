import type { Kysely } from 'kysely';
import type { AgentRow, Database } from './schema.js';
import { preparedQuery } from './prepared-query.js';

/** An agent that disconnected and whose name is still held (status disconnected), by its old access token. */
export async function findHeldAgentByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<AgentRow | undefined> {
  return db
    .selectFrom('agents')
    .selectAll()
    .where('access_token_hash', '=', tokenHash)
    .where('status', '=', 'disconnected')
    .executeTakeFirst();
}

export async function findConnectedAgentByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<AgentRow | undefined> {
  return connectedAgentQuery.first(db, tokenHash);
}

// Every agent request but the sync authenticates with it.
const connectedAgentQuery = preparedQuery((db, tokenHash: string) =>
  db.selectFrom('agents').selectAll().where('access_token_hash', '=', tokenHash).where('status', '=', 'registered'),
);
