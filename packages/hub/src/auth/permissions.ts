import type { Role } from '../store/schema.js';

export type Permission =
  | 'self_hosted_agents.view'
  | 'self_hosted_agents.manage'
  | 'organization.secrets.view'
  | 'organization.secrets.manage'
  | 'organization.projects.view'
  | 'organization.projects.manage'
  | 'organization.people.view'
  | 'organization.people.manage'
  | 'organization.audit.view'
  | 'account.api_tokens.manage';

export const PERMISSIONS: readonly Permission[] = [
  'self_hosted_agents.view',
  'self_hosted_agents.manage',
  'organization.secrets.view',
  'organization.secrets.manage',
  'organization.projects.view',
  'organization.projects.manage',
  'organization.people.view',
  'organization.people.manage',
  'organization.audit.view',
  'account.api_tokens.manage',
];

// Members may look; owners and admins may change (control-plane §3.1, §8.2). Secrets use Semaphore's permission names;
// "view" shows names, variable names and paths only (values are write-only for everyone). Projects likewise: members see
// them, owners and admins create and change them (a file:// URL reads the hub's disk, so only they may set one).
// self_hosted_agents.* also covers jobs and pipelines: members read them (job env var values included, docs/teams.md),
// owners and admins run and stop them. Everyone manages their own API tokens; only owners and admins invite people.
const MEMBER: readonly Permission[] = [
  'self_hosted_agents.view',
  'organization.secrets.view',
  'organization.projects.view',
  'organization.people.view',
  'organization.audit.view',
  'account.api_tokens.manage',
];
const ADMIN: readonly Permission[] = [
  ...MEMBER,
  'self_hosted_agents.manage',
  'organization.secrets.manage',
  'organization.projects.manage',
  'organization.people.manage',
];
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = { owner: ADMIN, admin: ADMIN, member: MEMBER };

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
