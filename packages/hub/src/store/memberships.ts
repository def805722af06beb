import { sql, type Kysely } from 'kysely';
import type { Database, Role } from './schema.js';

export interface MemberRow {
  userId: string;
  email: string;
  role: Role;
  joinedAt: number;
}

export async function listMembers(db: Kysely<Database>, orgId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email as email', 'memberships.role as role', 'memberships.created_at as joinedAt'])
    .where('memberships.org_id', '=', orgId)
    .orderBy('memberships.created_at')
    .orderBy('users.email')
    .execute();
}

export async function findMember(db: Kysely<Database>, orgId: string, userId: string): Promise<MemberRow | null> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email as email', 'memberships.role as role', 'memberships.created_at as joinedAt'])
    .where('memberships.org_id', '=', orgId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}

export async function countOwners(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertMembership(db: Kysely<Database>, membership: { orgId: string; userId: string; role: Role; now: number }): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ org_id: membership.orgId, user_id: membership.userId, role: membership.role, created_at: membership.now })
    .execute();
}

/**
 * Sets a member's role. When the change takes an owner's role away, the update only happens while another owner
 * remains (checked in the same statement), so two owners demoting each other at once cannot leave none.
 */
export async function updateMemberRole(db: Kysely<Database>, change: { orgId: string; userId: string; role: Role }): Promise<boolean> {
  let q = db.updateTable('memberships').set({ role: change.role }).where('org_id', '=', change.orgId).where('user_id', '=', change.userId);
  if (change.role !== 'owner') q = q.where(anotherOwnerRemains(change.orgId, change.userId));
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Ends a membership and, in the same transaction, the person's sessions and API tokens in that organization. Refused
 * (false) when it would remove the last owner.
 */
export async function deleteMembership(db: Kysely<Database>, orgId: string, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('memberships')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where(anotherOwnerRemains(orgId, userId))
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await trx.deleteFrom('sessions').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    await trx.deleteFrom('api_tokens').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    return true;
  });
}

// True for a non-owner row, or when some other owner of the organization exists.
function anotherOwnerRemains(orgId: string, userId: string) {
  return sql<boolean>`(role <> 'owner' or exists (select 1 from memberships m2 where m2.org_id = ${orgId} and m2.role = 'owner' and m2.user_id <> ${userId}))`;
}

export interface OrganizationOfUser {
  id: string;
  name: string;
  role: Role;
}

/** The organizations a person belongs to, oldest membership first. */
export async function listOrganizationsOfUser(db: Kysely<Database>, userId: string): Promise<OrganizationOfUser[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .select(['organizations.id as id', 'organizations.name as name', 'memberships.role as role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('organizations.name')
    .execute();
}

/** A new organization with its first owner, in one transaction. */
export async function insertOrganizationWithOwner(db: Kysely<Database>, org: { orgId: string; name: string; userId: string; now: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('organizations').values({ id: org.orgId, name: org.name, created_at: org.now }).execute();
    await insertMembership(trx, { orgId: org.orgId, userId: org.userId, role: 'owner', now: org.now });
  });
}

export async function findOrganizationName(db: Kysely<Database>, orgId: string): Promise<string | null> {
  const row = await db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirst();
  return row?.name ?? null;
}
