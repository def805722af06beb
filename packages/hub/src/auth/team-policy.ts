import type { Role } from '../store/schema.js';

/** Membership rules that go beyond a permission (pure): who may hand out or take away the owner role, and the last owner. */

export const ROLES: readonly Role[] = ['owner', 'admin', 'member'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type MembershipChange = { kind: 'set-role'; role: Role } | { kind: 'remove' } | { kind: 'leave' };

export type MembershipDecision = 'allow' | 'owner-only' | 'last-owner';

/**
 * Whether `actorRole` may make `change` to a member whose role is `targetRole`. Only owners grant, change or remove
 * the owner role (an admin cannot promote themselves past the people who made them admin); an organization always
 * keeps at least one owner. Leaving needs no role. The caller has checked organization.people.manage for set-role
 * and remove.
 */
export function decideMembershipChange(input: { actorRole: Role; targetRole: Role; change: MembershipChange; ownerCount: number }): MembershipDecision {
  const { actorRole, targetRole, change, ownerCount } = input;
  const touchesOwner = targetRole === 'owner' || (change.kind === 'set-role' && change.role === 'owner');
  if (change.kind !== 'leave' && touchesOwner && actorRole !== 'owner') return 'owner-only';
  const dropsOwner = targetRole === 'owner' && (change.kind !== 'set-role' || change.role !== 'owner');
  if (dropsOwner && ownerCount <= 1) return 'last-owner';
  return 'allow';
}

/** Only owners invite owners. */
export function decideInvitationRole(actorRole: Role, role: Role): MembershipDecision {
  return role === 'owner' && actorRole !== 'owner' ? 'owner-only' : 'allow';
}

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** A password someone sets when they accept an invitation. */
export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `the password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 1024) return 'the password must be at most 1024 characters';
  return null;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A token's or organization's name has printable characters only. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Organization names: what a person reads in the organization menu. */
export function organizationNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'the organization name must not be empty';
  if (trimmed.length > 100) return 'the organization name must be at most 100 characters';
  if (hasControlCharacters(trimmed)) return 'the organization name must not contain control characters';
  return null;
}

/** Emails are kept as typed, compared without case; a light shape check only (the invitation link proves the rest). */
export function emailProblem(email: string): string | null {
  const trimmed = email.trim();
  if (trimmed.length > 320) return 'the email address must be at most 320 characters';
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) return `'${trimmed.slice(0, 80)}' is not an email address`;
  return null;
}
