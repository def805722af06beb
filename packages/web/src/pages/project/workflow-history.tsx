import type { CommitStatus } from '@outpost/protocol';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDuration, formatRelative } from '../../format/time-format.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import type { RefGroup, WorkflowView } from './workflow-groups.js';

/** Workflows by branch (tag, pull request) and commit, each with its pipelines and the latest commit status. */
export function WorkflowHistory({ groups, statuses, now }: { groups: RefGroup[]; statuses: ReadonlyMap<string, CommitStatus>; now: number }) {
  if (groups.length === 0) {
    return <p className="muted workflows-empty">No workflows yet. Click Run, or push to the repository once its webhook is set up.</p>;
  }
  return (
    <div className="ref-groups">
      {groups.map((group) => (
        <section className="card ref-group" key={group.reference} aria-label={`${group.kind} ${group.label}`}>
          <h3 className="ref-group-title"><span className="ref-kind">{group.kind}</span> <span className="mono">{group.label}</span></h3>
          <ul className="workflow-list">
            {group.workflows.map((wf) => <WorkflowRow key={wf.id} wf={wf} statuses={statuses} now={now} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}

function WorkflowRow({ wf, statuses, now }: { wf: WorkflowView; statuses: ReadonlyMap<string, CommitStatus>; now: number }) {
  return (
    <li className="workflow-row" data-workflow-id={wf.id}>
      <div className="workflow-commit">
        <span className="mono commit-sha" title={wf.sha}>{wf.shortSha}</span>
        <span className="muted">{wf.trigger} · {formatRelative(wf.createdMs, now)}</span>
      </div>
      <ul className="workflow-pipelines">
        {wf.pipelines.length === 0 ? <li className="muted">Starting…</li> : null}
        {wf.pipelines.map((p) => (
          <li key={p.id} className="workflow-pipeline">
            <StatusBadge tone={p.look.tone} pulse={p.look.live}>{p.look.label}</StatusBadge>
            <Link to={paths.pipeline(p.id)} className="mono pipeline-link">{p.file}</Link>
            <span className="muted pipeline-duration">{p.durationS === null ? '' : formatDuration(p.durationS)}</span>
            {p.reason ? <span className="pipeline-reason">{p.reason}</span> : null}
            <CommitStatusNote status={statuses.get(p.id)} />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** How the report to the forge went; a failure says why in the forge's words (for the pipeline page too). */
export function CommitStatusNote({ status }: { status: CommitStatus | undefined }) {
  if (!status) return null;
  if (status.delivery === 'sent') return <span className="commit-status commit-status-sent" title={status.description}>Reported {status.state} to the commit</span>;
  if (status.delivery === 'pending' && status.attempts === 0) return <span className="commit-status">Reporting {status.state}…</span>;
  const verb = status.delivery === 'failed' ? 'Could not report' : `Retrying (${status.attempts} tried)`;
  return (
    <span className="commit-status commit-status-failed" role="status">
      {verb} {status.state} to the commit{status.last_error ? `: ${status.last_error}` : ''}
    </span>
  );
}
