import type { AgentType } from '@outpost/protocol';
import { Button } from '../../components/button.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { settingsInWords } from './settings-in-words.js';
import type { TypeDialog } from './type-dialogs.js';

/** The type's name, its agent count, the install toggle and (for managers) the actions. */
export function TypeHeader({
  name,
  connected,
  hasAgents,
  installOpen,
  canManage,
  onToggleInstall,
  onOpenDialog,
}: {
  name: string;
  connected: number;
  hasAgents: boolean;
  installOpen: boolean;
  canManage: boolean;
  onToggleInstall(): void;
  onOpenDialog(dialog: TypeDialog): void;
}) {
  return (
    <div className="page-header">
      <div>
        <h1 className="mono-title">{name}</h1>
        <p className="summary-line">
          <span aria-live="polite">{connected === 1 ? '1 connected agent' : `${connected} connected agents`}</span>
          <span aria-hidden="true"> · </span>
          <button type="button" className="link-button" aria-expanded={installOpen} aria-controls="install-section" onClick={onToggleInstall}>
            How to start an agent?
          </button>
        </p>
      </div>
      {canManage ? <TypeActions name={name} connected={connected} hasAgents={hasAgents} onOpenDialog={onOpenDialog} /> : null}
    </div>
  );
}

function TypeActions({ name, connected, hasAgents, onOpenDialog }: { name: string; connected: number; hasAgents: boolean; onOpenDialog(dialog: TypeDialog): void }) {
  return (
    <div className="actions">
      <Link to={paths.editAgentType(name)} className="btn btn-secondary">Edit…</Link>
      <Button onClick={() => onOpenDialog('reset')}>Reset token…</Button>
      <Button onClick={() => onOpenDialog('disable-all')} disabled={connected === 0}>Disable all…</Button>
      <Button
        variant="danger"
        onClick={() => onOpenDialog('delete')}
        disabled={hasAgents}
        title={hasAgents ? 'Disconnect all agents before deleting this type' : undefined}
      >
        Delete…
      </Button>
    </div>
  );
}

/** The type's settings in words, and links to its jobs. */
export function TypeSettings({ name, type }: { name: string; type: AgentType }) {
  const words = settingsInWords(type);
  return (
    <dl className="settings">
      <div><dt>Agent name origin</dt><dd>{words.origin}</dd></div>
      <div><dt>Agent name release</dt><dd>{words.release}</dd></div>
      <div><dt>Jobs</dt><dd><Link to={`${paths.jobs()}?agent_type=${encodeURIComponent(name)}`}>See jobs for this type</Link> · <Link to={paths.newJob(name)}>Run a job</Link></dd></div>
    </dl>
  );
}
