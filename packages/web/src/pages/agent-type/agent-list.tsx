import { useState } from 'react';
import type { Agent } from '@outpost/protocol';
import { disableAgent } from '../../api/agents.js';
import { Dialog } from '../../components/dialog.js';
import { sentence } from '../../format/sentence.js';
import { formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { useServedAgentVersion } from '../../live/use-served-agent-version.js';
import { useApi } from '../../session/session-context.js';
import { AgentCard } from './agent-card.js';

/** The live agent cards, and the Disconnect confirmation. */
export function AgentList({ agents, canManage, onChanged }: { agents: Agent[]; canManage: boolean; onChanged(): void }) {
  const client = useApi();
  const now = useNow(1000);
  const servedVersion = useServedAgentVersion();
  const [target, setTarget] = useState<Agent | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const confirm = async () => {
    if (!target) return;
    setBusy(true);
    try {
      await disableAgent(client, target.metadata.name);
      setTarget(null);
      setError(undefined);
      onChanged();
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ul className="agent-grid" aria-label="Connected agents">
        {agents.map((agent) => (
          <AgentCard
            key={agent.metadata.name}
            agent={agent}
            connectedLabel={formatRelative(agent.metadata.connected_at * 1000, now)}
            canManage={canManage}
            servedVersion={servedVersion}
            onDisconnect={setTarget}
          />
        ))}
      </ul>
      <Dialog
        open={target !== null}
        title={`Disconnect ${target?.metadata.name ?? ''}?`}
        confirmLabel="Disconnect"
        cancelLabel="Nevermind"
        confirmVariant="danger"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => { setTarget(null); setError(undefined); }}
      >
        <p>The agent is disabled: if it is waiting, it shuts down at its next sync; if it is running a job, the job is stopped first.</p>
        <p className="muted">A service manager such as systemd may start it again; it then registers as a new agent.</p>
      </Dialog>
    </>
  );
}
