import type { Agent } from '@outpost/protocol';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import type { Polled } from '../../live/use-poll.js';
import { AgentList } from './agent-list.js';

/** The type's connected agents, live; a waiting line until the first one connects. */
export function AgentsSection({ agents, canManage }: { agents: Polled<Agent[]>; canManage: boolean }) {
  const agentList = agents.data ?? [];
  const connected = agentList.length;
  return (
    <section aria-labelledby="agents-title" className="agents-section">
      <h2 id="agents-title">Agents</h2>
      {agents.error && !agents.data ? <Notice tone="error">{sentence(agents.error.message)}</Notice> : null}
      {agents.data && connected === 0 ? (
        <div className="agents-waiting">
          <span className="dot dot-pulse dot-gray" aria-hidden="true" />
          Waiting for agents. When an agent starts with this type's token it appears here.
        </div>
      ) : null}
      {connected > 0 ? <AgentList agents={agentList} canManage={canManage} onChanged={agents.refresh} /> : null}
    </section>
  );
}
