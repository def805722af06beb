import { randomUUID } from 'node:crypto';
import { HubError } from '../errors.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import {
  deleteAgentType,
  findAgentTypeByName,
  insertAgentType,
  replaceRegistrationTokenHash,
  updateAgentTypeSettings,
  type AgentTypeSettings,
  type AgentTypeWithCount,
} from '../store/agent-types.js';
import { disableAgentsOfType } from '../store/agents.js';
import type { Principal } from '../store/principals.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { parseAgentTypeCreate, parseAgentTypeUpdate, type AgentTypeInputResult } from './agent-type-policy.js';

type Deps = Pick<LifecycleDeps, 'store' | 'log' | 'now' | 'wakeups'>;

/** The type and, right after create or reset only, its registration token in the clear. */
export interface AgentTypeWithToken {
  type: AgentTypeWithCount;
  registrationToken?: string;
}

export async function findAgentTypeOr404(deps: Deps, orgId: string, name: string): Promise<AgentTypeWithCount> {
  const type = await findAgentTypeByName(deps.store.db, orgId, name);
  if (!type) throw new HubError('NOT_FOUND', { what: `agent type '${name}'` });
  return type;
}

export async function createAgentType(deps: Deps, principal: Principal, body: unknown): Promise<AgentTypeWithToken> {
  const input = orThrow(parseAgentTypeCreate(body));
  const token = generateToken();
  const inserted = await insertAgentType(deps.store.db, {
    id: randomUUID(),
    orgId: principal.orgId,
    name: input.name,
    settings: input.settings,
    tokenHash: hashToken(token),
    createdBy: principal.userId,
    now: deps.now(),
  });
  if (!inserted.ok) throw new HubError('AGENT_TYPE_EXISTS', { name: input.name }, { field: 'metadata.name' });
  deps.log.info({ agentType: input.name, orgId: principal.orgId }, 'agent type created');
  await audit(deps, principal, 'agent_type.created', input.name, describeSettings(input.settings));
  return { type: await findAgentTypeOr404(deps, principal.orgId, input.name), registrationToken: token };
}

export async function updateAgentType(deps: Deps, principal: Principal, name: string, body: unknown): Promise<AgentTypeWithCount> {
  const current = await findAgentTypeOr404(deps, principal.orgId, name);
  const input = orThrow(parseAgentTypeUpdate(body, { name: current.name, settings: settingsOf(current) }));
  await updateAgentTypeSettings(deps.store.db, current.id, input.settings, deps.now());
  deps.log.info({ agentType: name, orgId: principal.orgId }, 'agent type updated');
  await audit(deps, principal, 'agent_type.updated', name, describeSettings(input.settings));
  return findAgentTypeOr404(deps, principal.orgId, name);
}

export async function removeAgentType(deps: Deps, principal: Principal, name: string): Promise<void> {
  const current = await findAgentTypeOr404(deps, principal.orgId, name);
  const result = await deleteAgentType(deps.store.db, current.id);
  if (!result.ok && result.reason === 'has-agents') throw new HubError('AGENT_TYPE_HAS_AGENTS', { name, count: result.count });
  if (!result.ok) throw new HubError('AGENT_TYPE_HAS_JOBS', { name, count: result.count });
  deps.log.info({ agentType: name, orgId: principal.orgId }, 'agent type deleted');
  await audit(deps, principal, 'agent_type.deleted', name, {});
}

/** A new registration token; the old one stops working at once. Access tokens of connected agents stay valid (§3.5). */
export async function resetRegistrationToken(
  deps: Deps,
  principal: Principal,
  name: string,
  options: { disconnectAgents: boolean },
): Promise<AgentTypeWithToken> {
  const current = await findAgentTypeOr404(deps, principal.orgId, name);
  const token = generateToken();
  await replaceRegistrationTokenHash(deps.store.db, current.id, hashToken(token), deps.now());
  const disabled = options.disconnectAgents ? await disableAgents(deps, current.id, { onlyIdle: false }) : 0;
  deps.log.info({ agentType: name, orgId: principal.orgId, disabledAgents: disabled }, 'registration token reset');
  await audit(deps, principal, 'agent_type.token_reset', name, { disconnect_agents: options.disconnectAgents, disabled_agents: disabled });
  return { type: await findAgentTypeOr404(deps, principal.orgId, name), registrationToken: token };
}

export async function disableAllAgents(deps: Deps, principal: Principal, name: string, options: { onlyIdle: boolean }): Promise<number> {
  const current = await findAgentTypeOr404(deps, principal.orgId, name);
  const disabled = await disableAgents(deps, current.id, options);
  deps.log.info({ agentType: name, orgId: principal.orgId, onlyIdle: options.onlyIdle, disabledAgents: disabled }, 'agents disabled');
  await audit(deps, principal, 'agent_type.agents_disabled', name, { only_idle: options.onlyIdle, disabled_agents: disabled });
  return disabled;
}

async function disableAgents(deps: Deps, agentTypeId: string, options: { onlyIdle: boolean }): Promise<number> {
  const changed = await disableAgentsOfType(deps.store.db, agentTypeId, options, deps.now());
  for (const agent of changed) deps.wakeups.notify(`agent:${agent.id}`);
  return changed.length;
}

export function settingsOf(type: AgentTypeWithCount): AgentTypeSettings {
  return {
    assignmentOrigin: type.assignment_origin,
    releaseAfterSeconds: type.release_after_s,
    awsAccountId: type.aws_account_id,
    awsRoleNamePatterns: type.aws_role_name_patterns,
  };
}

function orThrow(result: AgentTypeInputResult): Extract<AgentTypeInputResult, { ok: true }> {
  if (!result.ok) throw new HubError('VALIDATION', { detail: result.problem }, { field: result.field });
  return result;
}

function describeSettings(settings: AgentTypeSettings): Record<string, string | number> {
  return {
    assignment_origin: settings.assignmentOrigin,
    release_after: settings.releaseAfterSeconds,
    ...(settings.awsAccountId ? { aws_account_id: settings.awsAccountId, aws_role_name_patterns: settings.awsRoleNamePatterns ?? '' } : {}),
  };
}

async function audit(
  deps: Deps,
  principal: Principal,
  action: 'agent_type.created' | 'agent_type.updated' | 'agent_type.deleted' | 'agent_type.token_reset' | 'agent_type.agents_disabled',
  name: string,
  details: Record<string, string | number | boolean>,
): Promise<void> {
  await recordAuditEvent(deps, { orgId: principal.orgId, actor: `user:${principal.email}`, action, target: { type: 'agent_type', name }, details });
}
