import type { Project, WorkflowListItem } from '@outpost/protocol';
import { listProjects, listWorkflows } from '../../api/projects.js';
import { EmptyState } from '../../components/empty-state.js';
import { Notice } from '../../components/notice.js';
import { StatusBadge } from '../../components/status-badge.js';
import { sentence } from '../../format/sentence.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi, useSession } from '../../session/session-context.js';
import { lastResultLook } from '../project/workflow-groups.js';
import { useTitle } from '../use-title.js';

interface ProjectRow {
  project: Project;
  latest: WorkflowListItem[];
}

/** Projects: a git repository each, with the result of its last workflow. */
export function ProjectsPage() {
  useTitle('Projects');
  const client = useApi();
  const canManage = useSession().session.user.role !== 'member';
  const deleted = useNavigation().search.get('deleted');
  const rows = usePoll(async (signal): Promise<ProjectRow[]> => {
    const projects = await listProjects(client, signal);
    // One small request per project: the list is short (an organization's repositories), and each shows one result.
    return Promise.all(projects.map(async (project) => ({ project, latest: await listWorkflows(client, project.metadata.id, 1, signal).catch(() => []) })));
  }, 5000, [client]);

  const add = canManage ? <Link to={paths.newProject()} className="btn btn-primary">New project</Link> : null;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Projects</h1>
          <p className="muted">A project is a git repository whose pipeline file runs on your agents on every push.</p>
        </div>
        {rows.data && rows.data.length > 0 ? add : null}
      </div>
      {deleted ? <Notice tone="success">Project {deleted} deleted.</Notice> : null}
      {rows.error && !rows.data ? <Notice tone="error">{sentence(rows.error.message)}</Notice> : null}
      {!rows.data && !rows.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading projects" /> : null}
      {rows.data && rows.data.length === 0 ? (
        <EmptyState title="No projects yet" action={add}>
          <p>Connect a repository (GitHub, GitLab, Gitea, any git server, or a local file:// repository); pushes then run its .semaphore/semaphore.yml.</p>
        </EmptyState>
      ) : null}
      {rows.data && rows.data.length > 0 ? (
        <ul className="type-list" aria-label="Projects">
          {rows.data.map((row) => <ProjectListRow key={row.project.metadata.id} row={row} />)}
        </ul>
      ) : null}
    </>
  );
}

function ProjectListRow({ row }: { row: ProjectRow }) {
  const look = lastResultLook(row.latest);
  const { project } = row;
  return (
    <li className="type-row">
      <div className="type-row-main">
        <Link to={paths.project(project.metadata.name)} className="type-row-name">{project.metadata.name}</Link>
        <div className="type-row-meta mono project-repo">{project.spec.repository.url}</div>
      </div>
      {look ? <StatusBadge tone={look.tone} pulse={look.live}>{look.label}</StatusBadge> : <span className="muted">Not run yet</span>}
    </li>
  );
}
