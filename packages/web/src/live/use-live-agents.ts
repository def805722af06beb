import type { Agent } from '@outpost/protocol';
import { listAllAgents } from '../api/agents.js';
import { useApi } from '../session/session-context.js';
import { usePoll, type Polled } from './use-poll.js';

/** The type's connected agents, re-read every second so a card appears, changes or goes within a second. */
export function useLiveAgents(agentType: string): Polled<Agent[]> {
  const client = useApi();
  return usePoll((signal) => listAllAgents(client, agentType, signal), 1000, [client, agentType], keepUnchanged);
}

/** Reuses the previous object of every agent whose JSON did not change, so memoised cards skip rendering. */
export function keepUnchanged(previous: Agent[] | undefined, next: Agent[]): Agent[] {
  if (!previous) return next;
  const before = new Map(previous.map((agent) => [agent.metadata.name, agent]));
  let changed = previous.length !== next.length;
  const merged = next.map((agent, i) => {
    const old = before.get(agent.metadata.name);
    if (old && JSON.stringify(old) === JSON.stringify(agent)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return agent;
  });
  return changed ? merged : previous;
}
