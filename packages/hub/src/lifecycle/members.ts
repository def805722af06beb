import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import { decideMembershipChange, type MembershipChange } from '../auth/team-policy.js';
import type { Principal } from '../store/principals.js';
import type { Role } from '../store/schema.js';
import { countOwners, deleteMembership, findMember, updateMemberRole, type MemberRow } from '../store/memberships.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now'>;

async function findMemberOr404(deps: Deps, orgId: string, userId: string): Promise<MemberRow> {
  const member = await findMember(deps.store.db, orgId, userId);
  if (!member) throw new HubError('NOT_FOUND', { what: 'member' });
  return member;
}

async function checkChange(deps: Deps, actor: Principal, target: MemberRow, change: MembershipChange): Promise<void> {
  const ownerCount = await countOwners(deps.store.db, actor.orgId);
  const decision = decideMembershipChange({ actorRole: actor.role, targetRole: target.role, change, ownerCount });
  if (decision === 'owner-only') throw new HubError('OWNER_ONLY');
  if (decision === 'last-owner') throw new HubError('LAST_OWNER', { email: target.email });
}

export async function setMemberRole(deps: Deps, actor: Principal, userId: string, role: Role): Promise<MemberRow> {
  const target = await findMemberOr404(deps, actor.orgId, userId);
  if (target.role === role) return target;
  await checkChange(deps, actor, target, { kind: 'set-role', role });
  // The statement itself refuses to demote the last owner, should another change have raced this check.
  if (!(await updateMemberRole(deps.store.db, { orgId: actor.orgId, userId, role }))) throw new HubError('LAST_OWNER', { email: target.email });
  deps.log.info({ orgId: actor.orgId, userId, role, from: target.role }, 'member role changed');
  await audit(deps, actor, 'member.role_changed', target.email, { role, from: target.role });
  return { ...target, role };
}

/** Removes someone else (organization.people.manage), or the caller themself (leaving needs no permission). */
export async function removeMember(deps: Deps, actor: Principal, userId: string): Promise<void> {
  const leaving = userId === actor.userId;
  const target = await findMemberOr404(deps, actor.orgId, userId);
  await checkChange(deps, actor, target, leaving ? { kind: 'leave' } : { kind: 'remove' });
  if (!(await deleteMembership(deps.store.db, actor.orgId, userId))) throw new HubError('LAST_OWNER', { email: target.email });
  deps.log.info({ orgId: actor.orgId, userId, leaving }, leaving ? 'member left' : 'member removed');
  await audit(deps, actor, leaving ? 'member.left' : 'member.removed', target.email, { role: target.role });
}

async function audit(deps: Deps, actor: Principal, action: 'member.role_changed' | 'member.removed' | 'member.left', email: string, details: Record<string, string>): Promise<void> {
  await recordAuditEvent(deps, { orgId: actor.orgId, actor: `user:${actor.email}`, action, target: { type: 'member', name: email }, details });
}
