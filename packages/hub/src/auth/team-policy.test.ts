import { describe, expect, it } from 'vitest';
import { decideInvitationRole, decideMembershipChange, emailProblem, organizationNameProblem, passwordProblem, type MembershipChange } from './team-policy.js';
import type { Role } from '../store/schema.js';

const toMember: MembershipChange = { kind: 'set-role', role: 'member' };
const toAdmin: MembershipChange = { kind: 'set-role', role: 'admin' };
const toOwner: MembershipChange = { kind: 'set-role', role: 'owner' };
const remove: MembershipChange = { kind: 'remove' };
const leave: MembershipChange = { kind: 'leave' };

describe('decideMembershipChange', () => {
  it.each<{ name: string; actor: Role; target: Role; change: MembershipChange; owners: number; expected: string }>([
    { name: 'an owner makes a member admin', actor: 'owner', target: 'member', change: toAdmin, owners: 1, expected: 'allow' },
    { name: 'an owner makes a member owner', actor: 'owner', target: 'member', change: toOwner, owners: 1, expected: 'allow' },
    { name: 'an owner demotes another owner', actor: 'owner', target: 'owner', change: toMember, owners: 2, expected: 'allow' },
    { name: 'the last owner cannot be demoted', actor: 'owner', target: 'owner', change: toAdmin, owners: 1, expected: 'last-owner' },
    { name: 'the last owner cannot be removed', actor: 'owner', target: 'owner', change: remove, owners: 1, expected: 'last-owner' },
    { name: 'the last owner cannot leave', actor: 'owner', target: 'owner', change: leave, owners: 1, expected: 'last-owner' },
    { name: 'one of two owners may leave', actor: 'owner', target: 'owner', change: leave, owners: 2, expected: 'allow' },
    { name: 'an owner staying owner is no change', actor: 'owner', target: 'owner', change: toOwner, owners: 1, expected: 'allow' },
    { name: 'an owner removes a member', actor: 'owner', target: 'member', change: remove, owners: 1, expected: 'allow' },
    { name: 'an admin makes a member admin', actor: 'admin', target: 'member', change: toAdmin, owners: 1, expected: 'allow' },
    { name: 'an admin demotes an admin', actor: 'admin', target: 'admin', change: toMember, owners: 1, expected: 'allow' },
    { name: 'an admin removes a member', actor: 'admin', target: 'member', change: remove, owners: 1, expected: 'allow' },
    { name: 'an admin cannot make anyone owner', actor: 'admin', target: 'admin', change: toOwner, owners: 1, expected: 'owner-only' },
    { name: 'an admin cannot demote an owner', actor: 'admin', target: 'owner', change: toMember, owners: 2, expected: 'owner-only' },
    { name: 'an admin cannot remove an owner', actor: 'admin', target: 'owner', change: remove, owners: 2, expected: 'owner-only' },
    { name: 'a member may leave', actor: 'member', target: 'member', change: leave, owners: 1, expected: 'allow' },
    { name: 'an admin may leave', actor: 'admin', target: 'admin', change: leave, owners: 1, expected: 'allow' },
  ])('$name', ({ actor, target, change, owners, expected }) => {
    expect(decideMembershipChange({ actorRole: actor, targetRole: target, change, ownerCount: owners })).toBe(expected);
  });
});

describe('decideInvitationRole', () => {
  it.each<{ actor: Role; role: Role; expected: string }>([
    { actor: 'owner', role: 'owner', expected: 'allow' },
    { actor: 'owner', role: 'admin', expected: 'allow' },
    { actor: 'owner', role: 'member', expected: 'allow' },
    { actor: 'admin', role: 'owner', expected: 'owner-only' },
    { actor: 'admin', role: 'admin', expected: 'allow' },
    { actor: 'admin', role: 'member', expected: 'allow' },
  ])('$actor invites $role → $expected', ({ actor, role, expected }) => {
    expect(decideInvitationRole(actor, role)).toBe(expected);
  });
});

describe('input problems', () => {
  it.each([
    ['a@b.example', null],
    ['  a@b.example ', null],
    ['no-at-sign', "'no-at-sign' is not an email address"],
    ['two words@x.example', "'two words@x.example' is not an email address"],
  ])('email %s → %s', (email, expected) => {
    expect(emailProblem(email)).toBe(expected);
  });

  it.each([
    ['Platform team', null],
    ['   ', 'the organization name must not be empty'],
    ['x'.repeat(101), 'the organization name must be at most 100 characters'],
    ['bad\nname', 'the organization name must not contain control characters'],
  ])('organization name %j → %s', (name, expected) => {
    expect(organizationNameProblem(name)).toBe(expected);
  });

  it.each([
    ['short', 'the password must be at least 10 characters'],
    ['long enough pw', null],
  ])('password %j → %s', (password, expected) => {
    expect(passwordProblem(password)).toBe(expected);
  });
});
