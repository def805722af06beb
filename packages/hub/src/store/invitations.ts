import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, InvitationsTable } from './schema.js';

export type InvitationRow = Selectable<InvitationsTable>;

export async function insertInvitation(db: Kysely<Database>, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/** Unaccepted and unexpired, newest first. */
export async function listPendingInvitations(db: Kysely<Database>, orgId: string, now: number): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** A pending invitation of the organization to this email (any case), if one exists. */
export async function findPendingInvitationForEmail(db: Kysely<Database>, orgId: string, email: string, now: number): Promise<InvitationRow | null> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}

export interface InvitationWithOrg extends InvitationRow {
  org_name: string;
}

/** The invitation a link's token names, with its organization's name; accepted or expired ones too (the caller says which). */
export async function findInvitationByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<InvitationWithOrg | null> {
  const row = await db
    .selectFrom('invitations')
    .innerJoin('organizations', 'organizations.id', 'invitations.org_id')
    .selectAll('invitations')
    .select('organizations.name as org_name')
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ?? null;
}

/** Marks the invitation used; false when it already was, or expired meanwhile — the link works once. */
export async function markInvitationAccepted(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteInvitation(db: Kysely<Database>, orgId: string, id: string): Promise<InvitationRow | null> {
  const row = await db.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom('invitations').where('id', '=', id).execute();
  return row;
}
