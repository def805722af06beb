import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Project, ProjectDeleted, ProjectInput, ProjectList } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { listProjects, type ProjectRow } from '../store/projects.js';
import { changeProject, createProject, findProjectOr404, removeProject, resetWebhookSecret, storedSettings } from '../lifecycle/projects.js';
import { hubBaseUrl } from '../dispatch/job-payload.js';
import { parsePageSize, type PageSizeRule } from './paging-policy.js';

export const PROJECTS_PATH = '/api/v1alpha/projects';
export const PROJECTS_PAGE_SIZE: PageSizeRule = { fallback: 100, min: 1, max: 200 };
// A project document with an RSA-8192 key is under 20 KiB.
const PROJECT_BODY_LIMIT_BYTES = 64 * 1024;

const IdOrNameParams = Type.Object({ id_or_name: Type.String({ minLength: 1, maxLength: 300 }) });
const ListQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: 20 })), page_size: Type.Optional(Type.String({ maxLength: 20 })) });

/**
 * Semaphore's v1alpha projects: list (`?page=N`, `x-has-more` as `sem` reads it), describe by id or name, create,
 * update (PATCH as `sem edit` sends it; PUT too), delete, and Outpost's reset_webhook_secret. Reading needs
 * organization.projects.view, changing organization.projects.manage. No answer carries a credential; the webhook
 * secret only in the create and reset answers.
 */
export const projectRoutes: FastifyPluginAsync<{ services: HubServices }> = async (plain, { services }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { apiAuth } = services;
  const base = (request: FastifyRequest) => hubBaseUrl(services.config.publicUrl, request);

  app.get(PROJECTS_PATH, { schema: { querystring: ListQuery, response: { 200: ProjectList } } }, async (request, reply) => {
    const principal = await apiAuth.require(request, 'organization.projects.view');
    const size = parsePageSize(request.query.page_size, PROJECTS_PAGE_SIZE);
    if (!size.ok) throw new HubError('BAD_REQUEST', { detail: size.problem }, { field: 'page_size' });
    const page = request.query.page === undefined ? 1 : /^[1-9]\d{0,5}$/.test(request.query.page) ? Number(request.query.page) : null;
    if (page === null) throw new HubError('BAD_REQUEST', { detail: 'page must be a whole number from 1' }, { field: 'page' });
    const rows = await listProjects(services.store.db, { orgId: principal.orgId, limit: size.size + 1, offset: (page - 1) * size.size });
    reply.header('x-has-more', rows.length > size.size ? 'true' : 'false');
    return rows.slice(0, size.size).map((row) => toProjectJson(row, base(request)));
  });

  app.get(`${PROJECTS_PATH}/:id_or_name`, { schema: { params: IdOrNameParams, response: { 200: Project } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.projects.view');
    return toProjectJson(await findProjectOr404(services, principal.orgId, request.params.id_or_name), base(request));
  });

  app.post(PROJECTS_PATH, { bodyLimit: PROJECT_BODY_LIMIT_BYTES, schema: { body: ProjectInput, response: { 200: Project } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.projects.manage');
    const created = await createProject(services, principal, request.body);
    return toProjectJson(created.row, base(request), created.webhookSecret);
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: `${PROJECTS_PATH}/:id_or_name`,
      bodyLimit: PROJECT_BODY_LIMIT_BYTES,
      schema: { params: IdOrNameParams, body: ProjectInput, response: { 200: Project } },
      handler: async (request) => {
        const principal = await apiAuth.require(request, 'organization.projects.manage');
        return toProjectJson(await changeProject(services, principal, request.params.id_or_name, request.body), base(request));
      },
    });
  }

  app.delete(`${PROJECTS_PATH}/:id_or_name`, { schema: { params: IdOrNameParams, response: { 200: ProjectDeleted } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.projects.manage');
    await removeProject(services, principal, request.params.id_or_name);
    return {};
  });

  app.post(`${PROJECTS_PATH}/:id_or_name/reset_webhook_secret`, { schema: { params: IdOrNameParams, response: { 200: Project } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.projects.manage');
    const reset = await resetWebhookSecret(services, principal, request.params.id_or_name);
    return toProjectJson(reset.row, base(request), reset.webhookSecret);
  });
};

/** The v1alpha JSON of a project; `webhookSecret` only right after it was made. */
export function toProjectJson(row: ProjectRow, baseUrl: string, webhookSecret?: string): Project {
  const s = storedSettings(row);
  return {
    apiVersion: 'v1alpha',
    kind: 'Project',
    metadata: {
      name: row.name, id: row.id, owner_id: row.owner_id ?? '', description: row.description,
      create_time: Math.floor(row.created_at / 1000), update_time: Math.floor(row.updated_at / 1000),
    },
    spec: {
      repository: {
        url: row.repo_url, run_on: s.runOn, pipeline_file: s.pipelineFile, whitelist: { branches: s.whitelistBranches, tags: s.whitelistTags },
        status: { pipeline_files: s.statusPipelineFiles }, forked_pull_requests: { allowed_secrets: s.forkedAllowedSecrets }, integration_type: s.integrationType,
      },
    },
    status: { credentials: row.credential_kind, webhook_url: `${baseUrl}/hooks/${row.id}`, ...(webhookSecret ? { webhook_secret: webhookSecret } : {}) },
  };
}
