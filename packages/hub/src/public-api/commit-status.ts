import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ProjectForge, ProjectForgeInput, type CommitStatus } from '@outpost/protocol';
import { HubError } from '../errors.js';
import { errorResponses } from '../http/responses.js';
import type { HubServices } from '../services.js';
import { checkApiUrl, resolveForgeTarget } from '../forge/forge-api-policy.js';
import {
  findLatestCommitStatus,
  findProjectForge,
  findProjectForReportByRef,
  upsertProjectForge,
  type CommitStatusRow,
  type ProjectForgeRow,
  type ProjectForReport,
} from '../store/commit-statuses.js';

const TAGS = ['projects'];
const IdOrNameParams = Type.Object({ id_or_name: Type.String({ minLength: 1, maxLength: 300 }) });
// owner/repo, or a GitLab group path: the characters forges allow in names, separated by single slashes.
const REPOSITORY = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+$/;

/**
 * A project's forge settings for commit statuses (protocol/public-api/commit-status.ts). Reading needs
 * organization.projects.view, changing organization.projects.manage; the status token is write-only.
 */
export const commitStatusRoutes: FastifyPluginAsync<{ services: HubServices }> = async (plain, { services }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { apiAuth, store } = services;
  const path = '/api/v1alpha/projects/:id_or_name/commit_status';

  app.get(path, { schema: { operationId: 'describeProjectCommitStatus', tags: TAGS, summary: 'Outpost extension: where the project\'s pipelines report their state on the forge (the status token is never answered)', params: IdOrNameParams, response: { ...errorResponses([401, 403, 404]), 200: ProjectForge } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.projects.view');
    const project = await projectOr404(services, principal.orgId, request.params.id_or_name);
    return toForgeJson(project, await findProjectForge(store.db, project.id));
  });

  app.put(path, { schema: { operationId: 'setProjectCommitStatus', tags: TAGS, summary: 'Outpost extension: set the forge kind, API URL, repository and write-only status token used to report commit statuses', params: IdOrNameParams, body: ProjectForgeInput, response: { ...errorResponses([400, 401, 403, 404, 422]), 200: ProjectForge } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.projects.manage');
    const project = await projectOr404(services, principal.orgId, request.params.id_or_name);
    const current = await findProjectForge(store.db, project.id);
    const body = request.body;
    const apiUrl = body.api_url ? checkApiUrl(body.api_url) : null;
    if (apiUrl && !apiUrl.ok) throw new HubError('VALIDATION', { detail: apiUrl.problem }, { field: 'api_url' });
    if (body.repository && !REPOSITORY.test(body.repository)) {
      throw new HubError('VALIDATION', { detail: `'${body.repository.slice(0, 100)}' is not a repository path; write owner/repo (GitLab: group/sub/project)` }, { field: 'repository' });
    }
    const sealed = body.token ? services.projectVault.seal(project.id, 'forge-token', body.token) : null;
    const row: ProjectForgeRow = {
      project_id: project.id,
      org_id: project.org_id,
      kind: body.kind === undefined ? (current?.kind ?? null) : body.kind,
      api_url: body.api_url === undefined ? (current?.api_url ?? null) : apiUrl?.ok ? apiUrl.url : null,
      repository: body.repository === undefined ? (current?.repository ?? null) : body.repository,
      token: body.token === undefined ? (current?.token ?? null) : sealed,
      key_id: body.token === undefined ? (current?.key_id ?? null) : body.token === null ? null : services.projectVault.keyId,
      updated_at: services.now(),
    };
    await upsertProjectForge(store.db, row);
    request.log.info({ project: project.name, kind: row.kind, apiUrl: row.api_url, statusToken: row.token !== null }, 'project commit status settings changed');
    return toForgeJson(project, row);
  });
};

async function projectOr404(services: HubServices, orgId: string, idOrName: string): Promise<ProjectForReport> {
  const project = await findProjectForReportByRef(services.store.db, orgId, idOrName);
  if (!project) throw new HubError('NOT_FOUND', { what: `project '${idOrName.slice(0, 100)}'` });
  return project;
}

function toForgeJson(project: ProjectForReport, forge: ProjectForgeRow | undefined): ProjectForge {
  const settings = { kind: forge?.kind ?? null, apiUrl: forge?.api_url ?? null, repository: forge?.repository ?? null };
  const resolved = resolveForgeTarget(project.repo_url, settings, null);
  return {
    kind: settings.kind,
    api_url: settings.apiUrl,
    repository: settings.repository,
    token: forge?.token ? 'status_token' : project.credential_kind === 'token' ? 'repository_token' : 'none',
    resolved: resolved.ok ? { kind: resolved.target.kind, api_base: resolved.target.apiBase, repository: resolved.target.repository } : { problem: resolved.problem },
  };
}

/** The describe answer's `commit_status`: the pipeline's latest report, or undefined when it reports nothing. */
export async function commitStatusOf(services: Pick<HubServices, 'store'>, pipelineId: string): Promise<CommitStatus | undefined> {
  const row = await findLatestCommitStatus(services.store.db, pipelineId);
  return row ? toCommitStatusJson(row) : undefined;
}

export function toCommitStatusJson(row: CommitStatusRow): CommitStatus {
  const delivery = row.status === 'superseded' ? 'sent' : row.status;
  return {
    state: row.forge_state,
    description: row.description,
    delivery,
    attempts: row.attempts,
    last_error: row.last_error,
    last_http_status: row.last_http_status,
    next_attempt_at: delivery === 'pending' && row.attempts > 0 ? Math.floor(row.next_attempt_at / 1000) : null,
  };
}
