import { useState } from 'react';
import type { CommitStatus, PipelineListItem, Project } from '@outpost/protocol';
import { deleteProject, describePipeline, getProject, listWorkflowPipelines, listWorkflows } from '../../api/projects.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi, useSession } from '../../session/session-context.js';
import { useTokenMemory } from '../../session/token-memory.js';
import { webhookSecretKey } from '../project-form/project-form-page.js';
import { useTitle } from '../use-title.js';
import { ForgePanel } from './forge-panel.js';
import { RunPanel } from './run-panel.js';
import { WebhookPanel } from './webhook-panel.js';
import { groupWorkflows } from './workflow-groups.js';
import { WorkflowHistory } from './workflow-history.js';

// The newest workflows shown, and how many of them get their latest pipeline's commit status read.
const WORKFLOWS_SHOWN = 20;
const STATUSES_READ = 10;

const CREDENTIAL_WORDS: Record<Project['status']['credentials'], string> = {
  none: 'Not set (public or local repository)',
  token: 'HTTPS token set',
  ssh_key: 'SSH deploy key set',
};

/** A project: run it, wire its webhook, see its workflows by branch and commit, change or delete it. */
export function ProjectPage({ name }: { name: string }) {
  useTitle(name);
  const client = useApi();
  const canManage = useSession().session.user.role !== 'member';
  const { navigate } = useNavigation();
  const now = useNow(5000);
  const [secret, setSecret] = useWebhookSecretOnce(name);
  const [started, setStarted] = useState<string | null>(null);
  const project = usePoll((signal) => getProject(client, name, signal), 15_000, [client, name]);
  const projectId = project.data?.metadata.id;
  const history = usePoll(async (signal) => (projectId ? loadHistory(client, projectId, signal) : null), 3000, [client, projectId]);

  if (project.error && !project.data) return <Notice tone="error">{sentence(project.error.message)}</Notice>;
  if (!project.data) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the project" />;
  const p = project.data;
  const groups = history.data ? groupWorkflows(history.data.workflows, history.data.pipelines, now) : [];

  return (
    <div className="project-page">
      <ProjectHeader project={p} canManage={canManage} onDeleted={() => navigate(`${paths.projects()}?deleted=${encodeURIComponent(p.metadata.name)}`)} />
      {canManage ? <RunPanel projectId={p.metadata.id} onStarted={(id) => { setStarted(id); history.refresh(); }} /> : null}
      {started ? <Notice tone="success">Workflow started. <Link to={paths.pipeline(started)}>Open its pipeline</Link>.</Notice> : null}
      <div className="project-columns">
        <section className="project-history" aria-labelledby="history-title">
          <h2 id="history-title">Workflows</h2>
          {history.error && !history.data ? <Notice tone="error">{sentence(history.error.message)}</Notice> : null}
          {history.data ? <WorkflowHistory groups={groups} statuses={history.data.statuses} now={now} /> : <div className="skeleton-list" aria-busy="true" aria-label="Loading workflows" />}
        </section>
        <aside className="project-side">
          <WebhookPanel project={p} secret={secret} canManage={canManage} onSecret={setSecret} />
          <ProjectSettings project={p} canManage={canManage} />
          <ForgePanel projectName={p.metadata.name} canManage={canManage} />
        </aside>
      </div>
    </div>
  );
}

/** A secret from the create (or a reset) is shown on this visit only; it leaves memory as soon as it is read. */
function useWebhookSecretOnce(name: string) {
  const memory = useTokenMemory();
  return useState<string | null>(() => {
    const held = memory.peek(webhookSecretKey(name));
    memory.forget(webhookSecretKey(name));
    return held;
  });
}

function ProjectHeader({ project, canManage, onDeleted }: { project: Project; canManage: boolean; onDeleted(): void }) {
  return (
    <>
      <Link to={paths.projects()} className="back-link">← All projects</Link>
      <div className="page-header">
        <div>
          <h1 className="mono-title">{project.metadata.name}</h1>
          <p className="muted mono project-repo">{project.spec.repository.url}</p>
          {project.metadata.description ? <p>{project.metadata.description}</p> : null}
        </div>
        {canManage ? <ProjectActions project={project} onDeleted={onDeleted} /> : null}
      </div>
    </>
  );
}

function ProjectSettings({ project, canManage }: { project: Project; canManage: boolean }) {
  const repo = project.spec.repository;
  return (
    <section className="card project-settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <dl className="settings">
        <div><dt>Pipeline file</dt><dd className="mono">{repo.pipeline_file}</dd></div>
        <div><dt>Runs on</dt><dd>{repo.run_on.length > 0 ? repo.run_on.join(', ').replace(/_/g, ' ') : 'nothing (webhooks run nothing)'}</dd></div>
        <div><dt>Branches</dt><dd className="mono">{repo.whitelist.branches.length > 0 ? repo.whitelist.branches.join(', ') : 'all'}</dd></div>
        <div><dt>Tags</dt><dd className="mono">{repo.whitelist.tags.length > 0 ? repo.whitelist.tags.join(', ') : 'all'}</dd></div>
        <div>
          <dt>Credentials</dt>
          <dd>{CREDENTIAL_WORDS[project.status.credentials]}{canManage ? <> · <Link to={paths.editProject(project.metadata.name)}>Replace</Link></> : null}</dd>
        </div>
      </dl>
    </section>
  );
}

interface History {
  workflows: Awaited<ReturnType<typeof listWorkflows>>;
  pipelines: Map<string, PipelineListItem[]>;
  statuses: Map<string, CommitStatus>;
}

async function loadHistory(client: ReturnType<typeof useApi>, projectId: string, signal: AbortSignal): Promise<History> {
  const workflows = await listWorkflows(client, projectId, WORKFLOWS_SHOWN, signal);
  const lists = await Promise.all(workflows.map((wf) => listWorkflowPipelines(client, wf.wf_id, signal)));
  const pipelines = new Map(workflows.map((wf, i) => [wf.wf_id, lists[i] ?? []]));
  const latest = lists.slice(0, STATUSES_READ).map((list) => list[0]).filter((x): x is PipelineListItem => x !== undefined);
  const described = await Promise.all(latest.map((pl) => describePipeline(client, pl.ppl_id, signal).catch(() => null)));
  const statuses = new Map<string, CommitStatus>();
  described.forEach((d, i) => {
    const id = latest[i]?.ppl_id;
    if (d?.commit_status && id) statuses.set(id, d.commit_status);
  });
  return { workflows, pipelines, statuses };
}

function ProjectActions({ project, onDeleted }: { project: Project; onDeleted(): void }) {
  const client = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const remove = async () => {
    setBusy(true);
    try {
      await deleteProject(client, project.metadata.name);
      onDeleted();
    } catch (e) {
      setError(sentence((e as Error).message));
      setBusy(false);
    }
  };
  return (
    <div className="actions">
      <Link to={paths.editProject(project.metadata.name)} className="btn btn-secondary">Edit</Link>
      <Button variant="danger" onClick={() => setConfirming(true)}>Delete</Button>
      <Dialog
        open={confirming}
        title={`Delete project ${project.metadata.name}?`}
        confirmLabel="Delete project"
        confirmVariant="danger"
        busy={busy}
        error={error}
        onConfirm={() => void remove()}
        onClose={() => { setConfirming(false); setError(undefined); }}
      >
        <p>Webhooks for this repository stop running anything. Its past workflows and pipelines stay in the history.</p>
      </Dialog>
    </div>
  );
}
