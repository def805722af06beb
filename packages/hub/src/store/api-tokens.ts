import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database } from './schema.js';

export type ApiTokenRow = Omit<Selectable<ApiTokensTable>, 'token_hash'>;

/** A person's own tokens in one organization, newest first (never the hash). */
export async function listApiTokens(db: Kysely<Database>, orgId: string, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'org_id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one of the person's own tokens; the deleted row, or null when they have none with that id. */
export async function deleteApiToken(db: Kysely<Database>, query: { orgId: string; userId: string; id: string }): Promise<ApiTokenRow | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'org_id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .where('org_id', '=', query.orgId)
    .where('user_id', '=', query.userId)
    .where('id', '=', query.id)
    .executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom('api_tokens').where('id', '=', row.id).execute();
  return row;
}
