import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AgentType, AgentTypeInput, AgentTypeList, AgentTypeParams, DisableAllInput, Empty, ResetTokenInput } from '@outpost/protocol';
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
import { described, errorResponses } from '../http/responses.js';
import type { TypeBoxApp } from '../http/typebox-app.js';
import { toFlag } from './flag-policy.js';

const BASE = '/api/v1alpha/self_hosted_agent_types';
const TAGS = ['agent types'];
const READ = [401, 403, 404] as const;
const CHANGE = [400, 401, 403, 404, 422] as const;

/** Semaphore's v1alpha agent-type routes (control-plane §1.4) plus Outpost's reset_token. */
export const agentTypeRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  registerListAgentTypes(app, services);
  registerCreateAgentType(app, services);
  registerGetAgentType(app, services);
  registerUpdateAgentType(app, services);
  registerDeleteAgentType(app, services);
  registerDisableAllAgents(app, services);
  registerResetRegistrationToken(app, services);
};

function registerListAgentTypes(app: TypeBoxApp, services: HubServices): void {
  app.get(BASE, {
    schema: {
      operationId: 'listAgentTypes',
      tags: TAGS,
      summary: "List the organization's self-hosted agent types",
      response: { 200: described(AgentTypeList, 'every agent type'), ...errorResponses([401, 403]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const types = await listAgentTypes(services.store.db, principal.orgId);
    return { agent_types: types.map((type) => toAgentTypeJson(type)) };
  });
}

function registerCreateAgentType(app: TypeBoxApp, services: HubServices): void {
  app.post(BASE, {
    schema: {
      operationId: 'createAgentType',
      tags: TAGS,
      summary: 'Create an agent type',
      description: 'The name must start with `s1-`. The answer is the only one that carries `status.registration_token`, apart from reset_token.',
      body: AgentTypeInput,
      response: { 200: described(AgentType, 'the new type, with its registration token'), ...errorResponses([400, 401, 403, 409, 413, 422]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    const created = await createAgentType(services, principal, request.body);
    return toAgentTypeJson(created.type, created.registrationToken);
  });
}

function registerGetAgentType(app: TypeBoxApp, services: HubServices): void {
  app.get(`${BASE}/:name`, {
    schema: { operationId: 'getAgentType', tags: TAGS, summary: 'Describe an agent type', params: AgentTypeParams, response: { 200: described(AgentType, 'the type'), ...errorResponses(READ) } },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    return toAgentTypeJson(await findAgentTypeOr404(services, principal.orgId, request.params.name));
  });
}

function registerUpdateAgentType(app: TypeBoxApp, services: HubServices): void {
  app.patch(`${BASE}/:name`, {
    schema: {
      operationId: 'updateAgentType',
      tags: TAGS,
      summary: "Change an agent type's name assignment settings (the name stays)",
      params: AgentTypeParams,
      body: AgentTypeInput,
      response: { 200: described(AgentType, 'the changed type'), ...errorResponses(CHANGE) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    return toAgentTypeJson(await updateAgentType(services, principal, request.params.name, request.body));
  });
}

function registerDeleteAgentType(app: TypeBoxApp, services: HubServices): void {
  app.delete(`${BASE}/:name`, {
    schema: {
      operationId: 'deleteAgentType',
      tags: TAGS,
      summary: 'Delete an agent type',
      description: 'Refused with 409 while agents of the type are connected or its jobs are queued or running.',
      params: AgentTypeParams,
      response: { 200: described(Empty, 'deleted'), ...errorResponses([401, 403, 404, 409]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    await removeAgentType(services, principal, request.params.name);
    return {};
  });
}

function registerDisableAllAgents(app: TypeBoxApp, services: HubServices): void {
  app.post(`${BASE}/:name/disable_all`, {
    schema: {
      operationId: 'disableAllAgents',
      tags: TAGS,
      summary: 'Disable the agents of a type (only idle ones unless only_idle is false); JSON or form body, or none',
      params: AgentTypeParams,
      consumes: ['application/json', 'application/x-www-form-urlencoded'],
      body: Type.Union([DisableAllInput, Type.Null()]),
      response: { 200: described(Empty, 'the agents were told to shut down'), ...errorResponses(CHANGE) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    const onlyIdle = toFlag(request.body?.only_idle, true);
    await disableAllAgents(services, principal, request.params.name, { onlyIdle });
    return {};
  });
}

function registerResetRegistrationToken(app: TypeBoxApp, services: HubServices): void {
  app.post(`${BASE}/:name/reset_token`, {
    schema: {
      operationId: 'resetRegistrationToken',
      tags: TAGS,
      summary: 'Replace the registration token (Outpost extension); JSON or form body, or none',
      description: 'The old token stops working at once; with disconnect_agents the connected agents are disconnected too.',
      params: AgentTypeParams,
      consumes: ['application/json', 'application/x-www-form-urlencoded'],
      body: Type.Union([ResetTokenInput, Type.Null()]),
      response: { 200: described(AgentType, 'the type, with its new registration token'), ...errorResponses(CHANGE) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    const disconnectAgents = toFlag(request.body?.disconnect_agents, false);
    const reset = await resetRegistrationToken(services, principal, request.params.name, { disconnectAgents });
    return toAgentTypeJson(reset.type, reset.registrationToken);
  });
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
