import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Agent, AgentList, AgentListQuery, AgentParams, AGENTS_PAGE_SIZE } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { findConnectedAgentByName, listConnectedAgents, type AgentWithTypeName } from '../store/agents.js';
import { findAgentTypeOr404 } from '../lifecycle/agent-types.js';
import { disableAgentByName } from '../lifecycle/agents.js';
import { toUserState } from '../lifecycle/agent-policy.js';
import { described, errorResponses } from '../http/responses.js';
import type { TypeBoxApp } from '../http/typebox-app.js';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging-policy.js';
import { toSeconds } from './agent-types.js';

const TAGS = ['agents'];

/** Semaphore's v1alpha agent routes (control-plane §2.1) plus Outpost's per-agent disable. */
export const agentRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  registerListAgents(app, services);
  registerGetAgent(app, services);
  registerDisableAgent(app, services);
};

function registerListAgents(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/agents', {
    schema: {
      operationId: 'listAgents',
      tags: TAGS,
      summary: 'List connected agents, oldest connection first',
      querystring: AgentListQuery,
      response: { 200: described(AgentList, 'a page of agents'), ...errorResponses([400, 401, 403, 404], { 404: 'agent_type names no type' }) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const { query } = request;
    const size = pageSizeOf(query.page_size, AGENTS_PAGE_SIZE);
    const cursor = decodeCursor(query.cursor);
    if (!cursor.ok) throw new HubError('BAD_REQUEST', { detail: cursor.problem }, { field: 'cursor' });
    const type = query.agent_type ? await findAgentTypeOr404(services, principal.orgId, query.agent_type) : undefined;
    const rows = await listConnectedAgents(services.store.db, {
      orgId: principal.orgId,
      agentTypeId: type?.id,
      limit: size + 1,
      after: cursor.position ? { connectedAt: cursor.position.at, id: cursor.position.id } : undefined,
    });
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    const more = rows.length > size && last !== undefined;
    return { agents: page.map(toAgentJson), cursor: more ? encodeCursor({ at: last.connected_at, id: last.id }) : '' };
  });
}

function registerGetAgent(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/agents/:name', {
    schema: {
      operationId: 'getAgent',
      tags: TAGS,
      summary: 'Describe a connected agent',
      params: AgentParams,
      response: { 200: described(Agent, 'the agent'), ...errorResponses([401, 403, 404]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const agent = await findConnectedAgentByName(services.store.db, principal.orgId, request.params.name);
    if (!agent) throw new HubError('NOT_FOUND', { what: `agent '${request.params.name}'` });
    return toAgentJson(agent);
  });
}

function registerDisableAgent(app: TypeBoxApp, services: HubServices): void {
  app.post('/api/v1alpha/agents/:name/disable', {
    schema: {
      operationId: 'disableAgent',
      tags: TAGS,
      summary: 'Disable one agent (Outpost extension): it finishes its job, then disconnects',
      params: AgentParams,
      response: { 200: described(Agent, 'the agent, now disabled'), ...errorResponses([401, 403, 404]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    return toAgentJson(await disableAgentByName(services, principal, request.params.name));
  });
}

/** The v1alpha agent (times in Unix seconds) with Outpost's extra facts; never a token or its hash. */
export function toAgentJson(agent: AgentWithTypeName): Agent {
  return {
    metadata: {
      name: agent.name,
      type: agent.type_name,
      version: agent.version,
      os: agent.os,
      arch: agent.arch,
      hostname: agent.hostname,
      ip_address: agent.ip_address,
      pid: agent.pid,
      connected_at: toSeconds(agent.connected_at),
      ...(agent.disabled_at !== null ? { disabled_at: toSeconds(agent.disabled_at) } : {}),
      user_agent: agent.user_agent,
      ...(agent.last_sync_at !== null ? { last_sync_at: toSeconds(agent.last_sync_at) } : {}),
      single_job: agent.single_job === 1,
      idle_timeout: agent.idle_timeout_s,
      interruption_grace_period: agent.interruption_grace_period_s,
    },
    status: { state: toUserState(agent.state), ...(agent.job_id ? { job_id: agent.job_id } : {}) },
  };
}
