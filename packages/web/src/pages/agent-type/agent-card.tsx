import { memo } from 'react';
import { agentVersionStatus, type Agent } from '@outpost/protocol';
import { StatusBadge } from '../../components/status-badge.js';

/** One connected agent; memoised, so of 200 cards only the ones that changed render each second. */
export const AgentCard = memo(function AgentCard({
  agent,
  connectedLabel,
  canManage,
  servedVersion,
  onDisconnect,
}: {
  agent: Agent;
  connectedLabel: string;
  canManage: boolean;
  /** The agent version this hub serves; older agents get a mark. */
  servedVersion: string | undefined;
  onDisconnect(agent: Agent): void;
}) {
  const { metadata, status } = agent;
  const disabled = metadata.disabled_at !== undefined;
  const running = status.state === 'running_job';
  return (
    <li className={disabled ? 'agent-card agent-card-disabled' : 'agent-card'} aria-label={`Agent ${metadata.name}`}>
      <div className="agent-card-top">
        <span className={disabled ? 'dot dot-gray' : 'dot dot-green'} aria-hidden="true" />
        <span className="agent-name mono" title={metadata.name}>{metadata.name}</span>
        <span className="agent-state">
          {disabled ? (
            <StatusBadge tone="gray">Disconnecting</StatusBadge>
          ) : running ? (
            <StatusBadge tone="blue" pulse>Running a job</StatusBadge>
          ) : (
            <StatusBadge tone="green">Waiting for a job</StatusBadge>
          )}
        </span>
      </div>
      <div className="agent-card-line">
        <AgentVersion version={metadata.version} servedVersion={servedVersion} />
        <span aria-hidden="true"> · </span>
        <span>Connected {connectedLabel}</span>
        <span aria-hidden="true"> · </span>
        {disabled ? (
          <span className="muted">Already disconnected</span>
        ) : canManage ? (
          <button type="button" className="link-button" onClick={() => onDisconnect(agent)} aria-label={`Disconnect ${metadata.name}`}>
            Disconnect
          </button>
        ) : null}
      </div>
      <div className="agent-card-facts">
        {[metadata.os || 'unknown OS', metadata.ip_address, `PID ${metadata.pid}`, metadata.hostname].filter(Boolean).join(' · ')}
      </div>
    </li>
  );
});

/** The agent's version; ⚠ with what to do when it is older than the one this hub serves. */
function AgentVersion({ version, servedVersion }: { version: string; servedVersion: string | undefined }) {
  if (agentVersionStatus(version, servedVersion) !== 'outdated') return <span className="agent-version">{version}</span>;
  const advice = `A new version ${servedVersion} is available: run the install command again to upgrade`;
  return (
    <span className="agent-version agent-version-outdated" title={advice}>
      {version} <span aria-hidden="true">⚠</span>
      <span className="sr-only"> (outdated: {advice})</span>
    </span>
  );
}
