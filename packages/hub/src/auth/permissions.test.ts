import { describe, expect, it } from 'vitest';
import type { Role } from '../store/schema.js';
import { PERMISSIONS, roleHasPermission, type Permission } from './permissions.js';

// The roles table of docs/teams.md: Y = the role holds the permission.
const TABLE: Record<Permission, Record<Role, boolean>> = {
  'self_hosted_agents.view': { owner: true, admin: true, member: true },
  'self_hosted_agents.manage': { owner: true, admin: true, member: false },
  'organization.secrets.view': { owner: true, admin: true, member: true },
  'organization.secrets.manage': { owner: true, admin: true, member: false },
  'organization.projects.view': { owner: true, admin: true, member: true },
  'organization.projects.manage': { owner: true, admin: true, member: false },
  'organization.people.view': { owner: true, admin: true, member: true },
  'organization.people.manage': { owner: true, admin: true, member: false },
  'organization.audit.view': { owner: true, admin: true, member: true },
  'account.api_tokens.manage': { owner: true, admin: true, member: true },
};

describe('roleHasPermission', () => {
  it('has a row for every permission', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...PERMISSIONS].sort());
  });

  const rows = PERMISSIONS.flatMap((permission) => (['owner', 'admin', 'member'] as const).map((role) => ({ role, permission, expected: TABLE[permission][role] })));
  it.each(rows)('$role × $permission → $expected', ({ role, permission, expected }) => {
    expect(roleHasPermission(role, permission)).toBe(expected);
  });
});
