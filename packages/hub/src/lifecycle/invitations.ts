import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CreatedInvitation, Invitation, InvitationInput, InvitationPreview, Session } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import { decideInvitationRole, emailProblem, INVITATION_TTL_MS, passwordProblem } from '../auth/team-policy.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { SessionCookie } from '../auth/sessions.js';
import type { Principal } from '../store/principals.js';
import { findUserByEmail, insertUser } from '../store/organizations.js';
import { findMember, findOrganizationName, insertMembership } from '../store/memberships.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import {
  deleteInvitation,
  findInvitationByTokenHash,
  findPendingInvitationForEmail,
  insertInvitation,
  markInvitationAccepted,
  type InvitationRow,
  type InvitationWithOrg,
} from '../store/invitations.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now' | 'sessions' | 'invitationMailer'>;

/** An invitation link for `email` with `role`; the token is in the answer only, the store keeps its hash. */
export async function createInvitation(deps: Deps, actor: Principal, input: InvitationInput, hubUrl: string): Promise<CreatedInvitation> {
  const email = input.email.trim();
  const problem = emailProblem(email);
  if (problem) throw new HubError('VALIDATION', { detail: problem }, { field: 'email' });
  if (decideInvitationRole(actor.role, input.role) === 'owner-only') throw new HubError('OWNER_ONLY');
  const db = deps.store.db;
  const existing = await findUserByEmail(db, email);
  if (existing && (await findMember(db, actor.orgId, existing.id))) throw new HubError('ALREADY_MEMBER', { email });
  const now = deps.now();
  if (await findPendingInvitationForEmail(db, actor.orgId, email, now)) throw new HubError('ALREADY_INVITED', { email });
  const token = generateToken();
  const row: InvitationRow = {
    id: randomUUID(), org_id: actor.orgId, email, role: input.role, token_hash: hashToken(token), invited_by: actor.email,
    created_at: now, expires_at: now + INVITATION_TTL_MS, accepted_at: null,
  };
  await insertInvitation(db, row);
  const url = `${hubUrl.replace(/\/+$/, '')}/invitations/${token}`;
  deps.log.info({ orgId: actor.orgId, invitationId: row.id, role: row.role }, 'invitation created');
  await recordAuditEvent(deps, { orgId: actor.orgId, actor: `user:${actor.email}`, action: 'member.invited', target: { type: 'invitation', name: email }, details: { role: row.role } });
  const orgName = (await findOrganizationName(db, actor.orgId)) ?? '';
  const mailSent = await deps.invitationMailer.send({ to: email, url, orgName, invitedBy: actor.email, role: row.role });
  return { invitation: toInvitationJson(row), token, url, mail_sent: mailSent };
}

export async function revokeInvitation(deps: Deps, actor: Principal, id: string): Promise<void> {
  const row = await deleteInvitation(deps.store.db, actor.orgId, id);
  if (!row) throw new HubError('NOT_FOUND', { what: 'invitation' });
  await recordAuditEvent(deps, { orgId: actor.orgId, actor: `user:${actor.email}`, action: 'invitation.revoked', target: { type: 'invitation', name: row.email }, details: { role: row.role } });
}

async function findUsableInvitation(deps: Deps, token: string): Promise<InvitationWithOrg> {
  // Tokens are 64 hex characters; anything else names no invitation (and is not sent to the database).
  const found = /^[0-9a-f]{64}$/.test(token) ? await findInvitationByTokenHash(deps.store.db, hashToken(token)) : null;
  if (!found) throw new HubError('INVITATION_INVALID');
  if (found.accepted_at !== null || found.expires_at <= deps.now()) throw new HubError('INVITATION_USED');
  return found;
}

export async function previewInvitation(deps: Deps, token: string): Promise<InvitationPreview> {
  const found = await findUsableInvitation(deps, token);
  const account = await findUserByEmail(deps.store.db, found.email);
  return {
    organization: { id: found.org_id, name: found.org_name },
    email: found.email,
    role: found.role,
    account_exists: account !== null,
    expire_time: Math.floor(found.expires_at / 1000),
  };
}

/**
 * Accepts an invitation: with an existing account (same email) its password proves who accepts; otherwise the
 * password given becomes the new account's. The link works once. Signs the person in to the organization.
 */
export async function acceptInvitation(deps: Deps, request: FastifyRequest, input: { token: string; password: string }): Promise<{ session: Session; cookie: SessionCookie }> {
  const found = await findUsableInvitation(deps, input.token);
  const db = deps.store.db;
  const account = await findUserByEmail(db, found.email);
  if (account && !(await verifyPassword(input.password, account.passwordHash))) throw new HubError('INVALID_CREDENTIALS');
  if (account && (await findMember(db, found.org_id, account.id))) throw new HubError('ALREADY_MEMBER', { email: found.email });
  const problem = account ? null : passwordProblem(input.password);
  if (problem) throw new HubError('VALIDATION', { detail: problem }, { field: 'password' });
  const passwordHash = account ? '' : await hashPassword(input.password);
  const userId = account?.id ?? randomUUID();
  const now = deps.now();
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await markInvitationAccepted(trx, found.id, now))) throw new HubError('INVITATION_USED');
      if (account) await insertMembership(trx, { orgId: found.org_id, userId, role: found.role, now });
      else await insertUser(trx, { id: userId, orgId: found.org_id, email: found.email, passwordHash, role: found.role, now });
    });
  } catch (error) {
    // Two acceptances at once, or an account created meanwhile under this email: the loser is told the link is spent.
    if (isUniqueViolation(error)) throw new HubError('INVITATION_USED');
    throw error;
  }
  deps.log.info({ orgId: found.org_id, userId, newAccount: !account }, 'invitation accepted');
  await recordAuditEvent(deps, { orgId: found.org_id, actor: `user:${found.email}`, action: 'member.joined', target: { type: 'member', name: found.email }, details: { role: found.role, invited_by: found.invited_by } });
  return deps.sessions.open(request, { userId, email: account?.email ?? found.email, orgId: found.org_id, orgName: found.org_name, role: found.role });
}

export function toInvitationJson(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invited_by: row.invited_by,
    create_time: Math.floor(row.created_at / 1000),
    expire_time: Math.floor(row.expires_at / 1000),
  };
}
