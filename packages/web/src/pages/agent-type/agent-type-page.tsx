import { useEffect, useState } from 'react';
import type { AgentType } from '@outpost/protocol';
import { getAgentType } from '../../api/agent-types.js';
import { Button } from '../../components/button.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { useLiveAgents } from '../../live/use-live-agents.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi, useSession } from '../../session/session-context.js';
import { useTokenMemory } from '../../session/token-memory.js';
import { useTitle } from '../use-title.js';
import { AgentList } from './agent-list.js';
import { InstallInstructions } from './install-instructions.js';
import { settingsInWords } from './settings-in-words.js';
import { TokenPanel } from './token-panel.js';
import { TypeDialogs, type TypeDialog } from './type-dialogs.js';

interface TokenState {
  value: string;
  revealed: boolean;
  reason: 'registered' | 'reset';
}

/** An agent type: its settings, the install instructions, the one-time token, and its agents, live. */
export function AgentTypePage({ name }: { name: string }) {
  useTitle(name);
  const client = useApi();
  const memory = useTokenMemory();
  const { navigate } = useNavigation();
  const canManage = useSession().session.user.role !== 'member';
  const type = usePoll((signal) => getAgentType(client, name, signal), 5000, [client, name]);
  const agents = useLiveAgents(name);
  const [dialog, setDialog] = useState<TypeDialog>(null);
  const [showInstall, setShowInstall] = useState<boolean | null>(null);
  // Picked up once from memory and dropped from it: a reload or a later visit shows no token.
  const [token, setToken] = useState<TokenState | null>(() => {
    const value = memory.peek(name);
    return value ? { value, revealed: false, reason: 'registered' } : null;
  });
  useEffect(() => memory.forget(name), [memory, name]);

  if (type.error && !type.data) {
    return (
      <div className="narrow">
        <Link to={paths.agentTypes()} className="back-link">← Back to all agent types</Link>
        <Notice tone="error">{sentence(type.error.message)}</Notice>
      </div>
    );
  }
  if (!type.data) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the agent type" />;

  const agentList = agents.data ?? [];
  const connected = agentList.length;
  const hasAgents = Math.max(connected, type.data.status.total_agent_count) > 0;
  const installOpen = showInstall ?? (token !== null || (agents.data !== undefined && connected === 0));
  const words = settingsInWords(type.data);
  const reveal = () => setToken((t) => (t ? { ...t, revealed: true } : t));
  const onReset = (reset: AgentType) => {
    const value = reset.status.registration_token;
    if (value) setToken({ value, revealed: false, reason: 'reset' });
    type.refresh();
    agents.refresh();
  };

  return (
    <>
      <Link to={paths.agentTypes()} className="back-link">← Back to all agent types</Link>
      <div className="page-header">
        <div>
          <h1 className="mono-title">{name}</h1>
          <p className="summary-line">
            <span aria-live="polite">{connected === 1 ? '1 connected agent' : `${connected} connected agents`}</span>
            <span aria-hidden="true"> · </span>
            <button type="button" className="link-button" aria-expanded={installOpen} aria-controls="install-section" onClick={() => setShowInstall(!installOpen)}>
              How to start an agent?
            </button>
          </p>
        </div>
        {canManage ? (
          <div className="actions">
            <Link to={paths.editAgentType(name)} className="btn btn-secondary">Edit…</Link>
            <Button onClick={() => setDialog('reset')}>Reset token…</Button>
            <Button onClick={() => setDialog('disable-all')} disabled={connected === 0}>Disable all…</Button>
            <Button
              variant="danger"
              onClick={() => setDialog('delete')}
              disabled={hasAgents}
              title={hasAgents ? 'Disconnect all agents before deleting this type' : undefined}
            >
              Delete…
            </Button>
          </div>
        ) : null}
      </div>

      <dl className="settings">
        <div><dt>Agent name origin</dt><dd>{words.origin}</dd></div>
        <div><dt>Agent name release</dt><dd>{words.release}</dd></div>
        <div><dt>Jobs</dt><dd><Link to={`${paths.jobs()}?agent_type=${encodeURIComponent(name)}`}>See jobs for this type</Link> · <Link to={paths.newJob(name)}>Run a job</Link></dd></div>
      </dl>

      {token ? <TokenPanel token={token.value} revealed={token.revealed} reason={token.reason} onReveal={reveal} /> : null}

      <div id="install-section">
        {installOpen ? (
          <InstallInstructions
            type={type.data}
            token={token}
            onReveal={reveal}
            canManage={canManage}
            onResetToken={() => setDialog('reset')}
          />
        ) : null}
      </div>

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

      <TypeDialogs
        name={name}
        open={dialog}
        onClose={() => setDialog(null)}
        onReset={onReset}
        onDisabled={agents.refresh}
        onDeleted={() => navigate(`${paths.agentTypes()}?deleted=${encodeURIComponent(name)}`)}
      />
    </>
  );
}
