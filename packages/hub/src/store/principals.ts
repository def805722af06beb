import type { Kysely } from 'kysely';
import type { Database, Role } from './schema.js';
import { preparedQuery } from './prepared-query.js';
import { shouldRecordApiTokenUse } from './api-token-use-policy.js';

/** Who is calling the public API: a user acting in one organization. */
export interface Principal {
  orgId: string;
  userId: string;
  email: string;
  role: Role;
  via: 'api-token' | 'session';
}

// Every API call authenticates with these two.
const tokenOwnerQuery = preparedQuery((db, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    // The role is the membership's: a token of someone no longer in the organization finds no row.
    .innerJoin('memberships', (join) => join.onRef('memberships.org_id', '=', 'api_tokens.org_id').onRef('memberships.user_id', '=', 'api_tokens.user_id'))
    .select(['api_tokens.id as tokenId', 'api_tokens.last_used_at as lastUsedAt', 'api_tokens.org_id as orgId', 'users.id as userId', 'users.email', 'memberships.role'])
    .where('api_tokens.token_hash', '=', tokenHash),
);
const touchTokenQuery = preparedQuery((db, tokenId: string, now: number) => db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId));

export async function findPrincipalByApiTokenHash(db: Kysely<Database>, tokenHash: string, now: number): Promise<Principal | null> {
  const row = await tokenOwnerQuery.first(db, tokenHash);
  if (!row) return null;
  // Read with the row, so a use recorded by another hub on the same database counts too.
  if (shouldRecordApiTokenUse(row.lastUsedAt === null ? null : Number(row.lastUsedAt), now)) await touchTokenQuery.all(db, row.tokenId, now);
  return { orgId: row.orgId, userId: row.userId, email: row.email, role: row.role, via: 'api-token' };
}
