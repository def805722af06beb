import type { Role } from '../store/schema.js';

export type Permission = 'self_hosted_agents.view' | 'self_hosted_agents.manage' | 'organization.secrets.view' | 'organization.secrets.manage';

// Members may look; owners and admins may change (control-plane §3.1, §8.2). Secrets use Semaphore's permission names;
// "view" shows names, variable names and paths only (values are write-only for everyone).
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ['self_hosted_agents.view', 'self_hosted_agents.manage', 'organization.secrets.view', 'organization.secrets.manage'],
  admin: ['self_hosted_agents.view', 'self_hosted_agents.manage', 'organization.secrets.view', 'organization.secrets.manage'],
  member: ['self_hosted_agents.view', 'organization.secrets.view'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
