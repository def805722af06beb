import { memo } from 'react';
import type { Agent } from '@outpost/protocol';
import { StatusBadge } from '../../components/status-badge.js';

/** One connected agent; memoised, so of 200 cards only the ones that changed render each second. */
export const AgentCard = memo(function AgentCard({
  agent,
  connectedLabel,
  canManage,
  onDisconnect,
}: {
  agent: Agent;
  connectedLabel: string;
  canManage: boolean;
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
        <span className="agent-version">{metadata.version}</span>
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
