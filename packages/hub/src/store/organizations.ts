import { sql, type Kysely } from 'kysely';
import type { Database, Role } from './schema.js';
import type { Store } from './database.js';
import { isUniqueViolation } from './constraint-errors.js';
import { ONE_ROW } from './prepared-query.js';

export interface FirstOrganization {
  orgId: string;
  orgName: string;
  userId: string;
  email: string;
  passwordHash: string;
  apiTokenId: string;
  apiTokenHash: string;
  now: number;
}

// Any constant works; it only has to be the same in every hub that shares the database.
const BOOTSTRAP_LOCK_KEY = 4_242_001;

/** A person's account: email, password and the organization they sign in to first. */
export interface NewUser {
  id: string;
  orgId: string;
  email: string;
  passwordHash: string;
  role: Role;
  now: number;
}

/**
 * Creates the first organization, its owner and an API token in one transaction, only while no organization exists.
 * Returns false when another hub got there first: on PostgreSQL an advisory lock serialises the check, and on both
 * dialects a unique-constraint failure (a concurrent winner) counts as "already done".
 */
export async function insertFirstOrganization(store: Store, first: FirstOrganization): Promise<boolean> {
  try {
    return await store.db.transaction().execute(async (trx) => {
      if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`.execute(trx);
      if (await hasAnyOrganization(trx)) return false;
      await trx.insertInto('organizations').values({ id: first.orgId, name: first.orgName, created_at: first.now }).execute();
      await insertUser(trx, { id: first.userId, orgId: first.orgId, email: first.email, passwordHash: first.passwordHash, role: 'owner', now: first.now });
      await insertApiToken(trx, { id: first.apiTokenId, orgId: first.orgId, userId: first.userId, name: 'bootstrap', tokenHash: first.apiTokenHash, now: first.now });
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error) && (await hasAnyOrganization(store.db))) return false;
    throw new Error('create the first organization', { cause: error });
  }
}

export async function hasAnyOrganization(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(ONE_ROW).executeTakeFirst();
  return row !== undefined;
}

/** Whether more than one organization exists (then /metrics, whose series carry organization ids, needs its token). */
export async function hasSeveralOrganizations(db: Kysely<Database>): Promise<boolean> {
  const rows = await db.selectFrom('organizations').select('id').limit(2).execute();
  return rows.length > 1;
}

/** A user and their membership of `orgId` with `role` (memberships hold roles; users.role only mirrors the first). */
export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({ id: user.id, org_id: user.orgId, email: user.email, password_hash: user.passwordHash, role: user.role, created_at: user.now })
    .execute();
  await db.insertInto('memberships').values({ org_id: user.orgId, user_id: user.id, role: user.role, created_at: user.now }).execute();
}

/** The account with this email (compared without case), or null. */
export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<{ id: string; email: string; passwordHash: string } | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash as passwordHash'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row ?? null;
}

export async function insertApiToken(
  db: Kysely<Database>,
  token: { id: string; orgId: string; userId: string; name: string; tokenHash: string; now: number },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ id: token.id, org_id: token.orgId, user_id: token.userId, name: token.name, token_hash: token.tokenHash, created_at: token.now, last_used_at: null })
    .execute();
}
