import { randomUUID } from 'node:crypto';
import type { Organization } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import { organizationNameProblem } from '../auth/team-policy.js';
import type { Principal } from '../store/principals.js';
import { insertOrganizationWithOwner } from '../store/memberships.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now'>;

/** A new organization with the caller as its owner; it shares nothing with the caller's other organizations. */
export async function createOrganization(deps: Deps, actor: Principal, input: { name: string }): Promise<Organization> {
  const problem = organizationNameProblem(input.name);
  if (problem) throw new HubError('VALIDATION', { detail: problem }, { field: 'name' });
  const name = input.name.trim();
  const orgId = randomUUID();
  await insertOrganizationWithOwner(deps.store.db, { orgId, name, userId: actor.userId, now: deps.now() });
  deps.log.info({ orgId, userId: actor.userId, fromOrgId: actor.orgId }, 'organization created');
  await recordAuditEvent(deps, { orgId, actor: `user:${actor.email}`, action: 'organization.created', target: { type: 'organization', name }, details: {} });
  return { id: orgId, name, role: 'owner' };
}
