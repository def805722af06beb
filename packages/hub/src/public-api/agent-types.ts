import type { FastifyPluginAsync } from 'fastify';
import type { AgentType } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import type { AgentTypeWithCount } from '../store/agent-types.js';
import { listAgentTypes } from '../store/agent-types.js';
import {
  createAgentType,
  disableAllAgents,
  findAgentTypeOr404,
  removeAgentType,
  resetRegistrationToken,
  updateAgentType,
} from '../lifecycle/agent-types.js';
import { parseFlag } from '../lifecycle/agent-policy.js';

const BASE = '/api/v1alpha/self_hosted_agent_types';
type NameParams = { Params: { name: string } };

/** Semaphore's v1alpha agent-type routes (control-plane §1.4) plus Outpost's reset_token. */
export const agentTypeRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  const { apiAuth } = services;

  app.get(BASE, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.view');
    const types = await listAgentTypes(services.store.db, principal.orgId);
    return { agent_types: types.map((type) => toAgentTypeJson(type)) };
  });

  app.post(BASE, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.manage');
    const created = await createAgentType(services, principal, request.body);
    return toAgentTypeJson(created.type, created.registrationToken);
  });

  app.get<NameParams>(`${BASE}/:name`, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.view');
    return toAgentTypeJson(await findAgentTypeOr404(services, principal.orgId, request.params.name));
  });

  app.patch<NameParams>(`${BASE}/:name`, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.manage');
    return toAgentTypeJson(await updateAgentType(services, principal, request.params.name, request.body));
  });

  app.delete<NameParams>(`${BASE}/:name`, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.manage');
    await removeAgentType(services, principal, request.params.name);
    return {};
  });

  app.post<NameParams>(`${BASE}/:name/disable_all`, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.manage');
    const onlyIdle = readFlag(request.body, 'only_idle', true);
    await disableAllAgents(services, principal, request.params.name, { onlyIdle });
    return {};
  });

  app.post<NameParams>(`${BASE}/:name/reset_token`, async (request) => {
    const principal = await apiAuth.require(request, 'self_hosted_agents.manage');
    const disconnectAgents = readFlag(request.body, 'disconnect_agents', false);
    const reset = await resetRegistrationToken(services, principal, request.params.name, { disconnectAgents });
    return toAgentTypeJson(reset.type, reset.registrationToken);
  });
};

/** A flag from a JSON or form body (or no body at all). */
function readFlag(body: unknown, field: string, fallback: boolean): boolean {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new HubError('VALIDATION', { detail: `the request body must be a JSON object such as {"${field}": ${fallback}}` }, { field: 'body' });
  }
  const parsed = parseFlag((body as Record<string, unknown> | undefined)?.[field], field, fallback);
  if (!parsed.ok) throw new HubError('VALIDATION', { detail: parsed.problem }, { field });
  return parsed.value;
}

/** The v1alpha JSON of a type; the token appears only in the answers to create and reset_token. */
export function toAgentTypeJson(type: AgentTypeWithCount, registrationToken?: string): AgentType {
  const aws =
    type.assignment_origin === 'assignment_origin_aws_sts'
      ? { aws: { account_id: type.aws_account_id ?? '', role_name_patterns: type.aws_role_name_patterns ?? '' } }
      : {};
  return {
    metadata: { name: type.name, create_time: toSeconds(type.created_at), update_time: toSeconds(type.updated_at) },
    spec: { agent_name_settings: { assignment_origin: type.assignment_origin, release_after: type.release_after_s, ...aws } },
    status: { total_agent_count: Number(type.connected_agents), ...(registrationToken ? { registration_token: registrationToken } : {}) },
  };
}

export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
