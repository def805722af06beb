import type { Agent, AgentList } from '@outpost/protocol';
import { enc, type ApiClient } from './client.js';

/** Every connected agent (of one type), following the cursor 200 at a time. */
export async function listAllAgents(client: ApiClient, agentType: string | undefined, signal?: AbortSignal): Promise<Agent[]> {
  const agents: Agent[] = [];
  let cursor = '';
  // 50 pages of 200 is 10,000 agents, the most one hub is sized for; stop there rather than loop on a bad cursor.
  for (let page = 0; page < 50; page += 1) {
    const query = new URLSearchParams({ page_size: '200' });
    if (agentType) query.set('agent_type', agentType);
    if (cursor) query.set('cursor', cursor);
    const list = await client.get<AgentList>(`/api/v1alpha/agents?${query}`, signal);
    agents.push(...list.agents);
    if (!list.cursor || list.cursor === cursor) break;
    cursor = list.cursor;
  }
  return agents;
}

export const disableAgent = (client: ApiClient, name: string) => client.send<Agent>('POST', `/api/v1alpha/agents/${enc(name)}/disable`);
