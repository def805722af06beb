import type { AgentType } from '@outpost/protocol';
import { listAgentTypes } from '../../api/agent-types.js';
import { EmptyState } from '../../components/empty-state.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi, useSession } from '../../session/session-context.js';
import { settingsInWords } from '../agent-type/settings-in-words.js';
import { useTitle } from '../use-title.js';

export function AgentTypesPage() {
  useTitle('Self-hosted agents');
  const client = useApi();
  const canManage = useSession().session.user.role !== 'member';
  const types = usePoll((signal) => listAgentTypes(client, signal), 3000, [client]);
  const now = useNow(10_000);
  const deleted = useNavigation().search.get('deleted');

  const add = canManage ? <Link to={paths.newAgentType()} className="btn btn-primary">Add self-hosted agent type</Link> : null;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Self-hosted agents</h1>
          <p className="muted">Run jobs on your own machines. An agent type is a pool of alike machines; jobs target it by name.</p>
        </div>
        {types.data && types.data.length > 0 ? add : null}
      </div>
      {deleted ? <Notice tone="success">Agent type {deleted} deleted.</Notice> : null}
      {types.error && !types.data ? <Notice tone="error">{sentence(types.error.message)}</Notice> : null}
      {!types.data && !types.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading agent types" /> : null}
      {types.data && types.data.length === 0 ? (
        <EmptyState
          title="No self-hosted agents yet"
          action={add}
        >
          <p>Register an agent type, install agents on your Linux, macOS or Windows machines, in Kubernetes or on AWS, and they pick up the jobs you send to it.</p>
        </EmptyState>
      ) : null}
      {types.data && types.data.length > 0 ? (
        <ul className="type-list" aria-label="Agent types">
          {types.data.map((type) => (
            <TypeRow key={type.metadata.name} type={type} now={now} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function TypeRow({ type, now }: { type: AgentType; now: number }) {
  const count = type.status.total_agent_count;
  const words = settingsInWords(type);
  return (
    <li className="type-row">
      <div className="type-row-main">
        <Link to={paths.agentType(type.metadata.name)} className="type-row-name">{type.metadata.name}</Link>
        <div className="type-row-meta">
          Names: {words.origin.split(':')[0]} · Registered {formatRelative(type.metadata.create_time * 1000, now)}
        </div>
      </div>
      <div className={count > 0 ? 'agent-count agent-count-live' : 'agent-count'}>
        <span className="dot" aria-hidden="true" />
        {count === 1 ? '1 agent' : `${count} agents`}
      </div>
    </li>
  );
}
