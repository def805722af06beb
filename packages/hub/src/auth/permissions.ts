import type { Role } from '../store/schema.js';

export type Permission = 'self_hosted_agents.view' | 'self_hosted_agents.manage';

// Members may look; owners and admins may change (control-plane §3.1, §8.2).
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ['self_hosted_agents.view', 'self_hosted_agents.manage'],
  admin: ['self_hosted_agents.view', 'self_hosted_agents.manage'],
  member: ['self_hosted_agents.view'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
