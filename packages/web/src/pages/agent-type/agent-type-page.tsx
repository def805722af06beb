import { useState } from 'react';
import type { AgentType } from '@outpost/protocol';
import { getAgentType } from '../../api/agent-types.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { useLiveAgents } from '../../live/use-live-agents.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi, useSession } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { TypeHeader, TypeSettings } from './agent-type-header.js';
import { AgentsSection } from './agents-section.js';
import { InstallInstructions } from './install-instructions.js';
import { TokenPanel } from './token-panel.js';
import { TypeDialogs, type TypeDialog } from './type-dialogs.js';
import { useOneTimeToken } from './use-one-time-token.js';

/** An agent type: its settings, the install instructions, the one-time token, and its agents, live. */
export function AgentTypePage({ name }: { name: string }) {
  useTitle(name);
  const client = useApi();
  const { navigate } = useNavigation();
  const canManage = useSession().session.user.role !== 'member';
  const type = usePoll((signal) => getAgentType(client, name, signal), 5000, [client, name]);
  const agents = useLiveAgents(name);
  const [dialog, setDialog] = useState<TypeDialog>(null);
  const [showInstall, setShowInstall] = useState<boolean | null>(null);
  const { token, reveal, showReset } = useOneTimeToken(name);

  if (type.error && !type.data) return <TypeLoadError message={type.error.message} />;
  if (!type.data) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the agent type" />;

  const connected = agents.data?.length ?? 0;
  const hasAgents = Math.max(connected, type.data.status.total_agent_count) > 0;
  const installOpen = showInstall ?? (token !== null || (agents.data !== undefined && connected === 0));
  const onReset = (reset: AgentType) => {
    const value = reset.status.registration_token;
    if (value) showReset(value);
    type.refresh();
    agents.refresh();
  };
  const onDeleted = () => navigate(`${paths.agentTypes()}?deleted=${encodeURIComponent(name)}`);

  return (
    <>
      <Link to={paths.agentTypes()} className="back-link">← Back to all agent types</Link>
      <TypeHeader name={name} connected={connected} hasAgents={hasAgents} installOpen={installOpen} canManage={canManage} onToggleInstall={() => setShowInstall(!installOpen)} onOpenDialog={setDialog} />
      <TypeSettings name={name} type={type.data} />
      {token ? <TokenPanel token={token.value} revealed={token.revealed} reason={token.reason} onReveal={reveal} /> : null}
      <div id="install-section">
        {installOpen ? <InstallInstructions type={type.data} token={token} onReveal={reveal} canManage={canManage} onResetToken={() => setDialog('reset')} /> : null}
      </div>
      <AgentsSection agents={agents} canManage={canManage} />
      <TypeDialogs name={name} open={dialog} onClose={() => setDialog(null)} onReset={onReset} onDisabled={agents.refresh} onDeleted={onDeleted} />
    </>
  );
}

function TypeLoadError({ message }: { message: string }) {
  return (
    <div className="narrow">
      <Link to={paths.agentTypes()} className="back-link">← Back to all agent types</Link>
      <Notice tone="error">{sentence(message)}</Notice>
    </div>
  );
}
