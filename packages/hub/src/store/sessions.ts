import { sql, type Kysely } from 'kysely';
import type { Database, Role } from './schema.js';
import type { Principal } from './principals.js';

/** The user an email signs in as, with what a session needs; null when no user has that email. */
export interface SignInUser {
  userId: string;
  orgId: string;
  orgName: string;
  email: string;
  role: Role;
  passwordHash: string;
}

/** A user with no organization left (removed from every one) signs in to none: `orgId` is null then. */
export type SignInCandidate = Omit<SignInUser, 'orgId' | 'orgName' | 'role'> & Partial<Pick<SignInUser, 'orgId' | 'orgName' | 'role'>>;

export async function findUserForSignIn(db: Kysely<Database>, email: string): Promise<SignInCandidate | null> {
  const user = await db
    .selectFrom('users')
    .select(['users.id as userId', 'users.org_id as homeOrgId', 'users.email as email', 'users.password_hash as passwordHash'])
    // Emails are compared without case: people type them as they like.
    .where(sql<string>`lower(users.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  if (!user) return null;
  // The session opens in the organization the person first joined when still a member there, else their oldest membership.
  const membership = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .select(['memberships.org_id as orgId', 'organizations.name as orgName', 'memberships.role as role'])
    .where('memberships.user_id', '=', user.userId)
    .orderBy(sql`case when memberships.org_id = ${user.homeOrgId} then 0 else 1 end`)
    .orderBy('memberships.created_at')
    .executeTakeFirst();
  return { userId: user.userId, email: user.email, passwordHash: user.passwordHash, ...membership };
}

/** Moves a session to another organization of its user (the caller checked the membership). */
export async function updateSessionOrganization(db: Kysely<Database>, idHash: string, orgId: string): Promise<void> {
  await db.updateTable('sessions').set({ org_id: orgId }).where('id_hash', '=', idHash).execute();
}

export async function insertSession(
  db: Kysely<Database>,
  session: { idHash: string; userId: string; orgId: string; csrfToken: string; createdAt: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      org_id: session.orgId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export interface SessionRecord {
  principal: Principal;
  orgName: string;
  csrfToken: string;
  expiresAt: number;
}

/** The unexpired session with this id hash, with its user; null when there is none. */
export async function findLiveSession(db: Kysely<Database>, idHash: string, now: number): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'sessions.org_id')
    .innerJoin('memberships', (join) => join.onRef('memberships.org_id', '=', 'sessions.org_id').onRef('memberships.user_id', '=', 'sessions.user_id'))
    .select([
      'sessions.org_id as orgId',
      'organizations.name as orgName',
      'users.id as userId',
      'users.email as email',
      'memberships.role as role',
      'sessions.csrf_token as csrfToken',
      'sessions.expires_at as expiresAt',
    ])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  return {
    principal: { orgId: row.orgId, userId: row.userId, email: row.email, role: row.role, via: 'session' },
    orgName: row.orgName,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
  };
}

export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Returns how many expired sessions were removed. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
