import type { AgentType, AgentTypeInput, AgentTypeList } from '@outpost/protocol';
import { enc, type ApiClient } from './client.js';

const BASE = '/api/v1alpha/self_hosted_agent_types';

export const listAgentTypes = async (client: ApiClient, signal?: AbortSignal) => (await client.get<AgentTypeList>(BASE, signal)).agent_types;
export const getAgentType = (client: ApiClient, name: string, signal?: AbortSignal) => client.get<AgentType>(`${BASE}/${enc(name)}`, signal);
export const createAgentType = (client: ApiClient, input: AgentTypeInput) => client.send<AgentType>('POST', BASE, input);
export const updateAgentType = (client: ApiClient, name: string, input: AgentTypeInput) => client.send<AgentType>('PATCH', `${BASE}/${enc(name)}`, input);
export const deleteAgentType = (client: ApiClient, name: string) => client.send<unknown>('DELETE', `${BASE}/${enc(name)}`);
export const resetToken = (client: ApiClient, name: string, disconnectAgents: boolean) =>
  client.send<AgentType>('POST', `${BASE}/${enc(name)}/reset_token`, { disconnect_agents: disconnectAgents });
export const disableAll = (client: ApiClient, name: string, onlyIdle: boolean) =>
  client.send<unknown>('POST', `${BASE}/${enc(name)}/disable_all`, { only_idle: onlyIdle });
