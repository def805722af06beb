import type { Role } from '../store/schema.js';

export type Permission =
  | 'self_hosted_agents.view'
  | 'self_hosted_agents.manage'
  | 'organization.secrets.view'
  | 'organization.secrets.manage'
  | 'organization.projects.view'
  | 'organization.projects.manage';

// Members may look; owners and admins may change (control-plane §3.1, §8.2). Secrets use Semaphore's permission names;
// "view" shows names, variable names and paths only (values are write-only for everyone). Projects likewise: members see
// them, owners and admins create and change them (a file:// URL reads the hub's disk, so only they may set one).
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ['self_hosted_agents.view', 'self_hosted_agents.manage', 'organization.secrets.view', 'organization.secrets.manage', 'organization.projects.view', 'organization.projects.manage'],
  admin: ['self_hosted_agents.view', 'self_hosted_agents.manage', 'organization.secrets.view', 'organization.secrets.manage', 'organization.projects.view', 'organization.projects.manage'],
  member: ['self_hosted_agents.view', 'organization.secrets.view', 'organization.projects.view'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
