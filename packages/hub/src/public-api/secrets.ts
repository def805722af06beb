import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Secret, SecretDeleted, SecretInput, SecretList, SecretListQuery, SECRETS_PAGE_SIZE_MAX } from '@outpost/protocol';
import { HubError } from '../errors.js';
import { errorResponses } from '../http/responses.js';

const TAGS = ['secrets'];
import type { HubServices } from '../services.js';
import { listSecrets, type SecretRow } from '../store/secrets.js';
import { createSecret, findSecretOr404, removeSecret, updateSecret } from '../lifecycle/secrets.js';
import { encodeSecretCursor, parseSecretListQuery } from './secret-query-policy.js';

export const SECRETS_PATH = '/api/v1beta/secrets';
// A secret holds up to 6 MiB (Semaphore's limit) of values and base64 files; JSON escaping adds a little.
const SECRET_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

const IdOrNameParams = Type.Object({ id_or_name: Type.String({ minLength: 1, maxLength: 300 }) });

/**
 * Semaphore's v1beta secrets: list, describe, create, update (PATCH as `sem` sends it; PUT too), delete. Reading needs
 * organization.secrets.view, changing organization.secrets.manage. Answers never carry a value or a file's content.
 */
export const secretRoutes: FastifyPluginAsync<{ services: HubServices }> = async (plain, { services }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { apiAuth } = services;

  app.get(SECRETS_PATH, { schema: { operationId: 'listSecrets', tags: TAGS, summary: "List the organization's secrets (names, variable names and file paths; never values)", querystring: SecretListQuery, response: { ...errorResponses([400, 401, 403]), 200: SecretList } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.secrets.view');
    const query = parseSecretListQuery(request.query, SECRETS_PAGE_SIZE_MAX);
    if (!query.ok) throw new HubError('BAD_REQUEST', { detail: query.problem }, { field: query.field });
    const { order, size, after } = query.value;
    const rows = await listSecrets(services.store.db, { orgId: principal.orgId, order, limit: size + 1, after });
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return { secrets: page.map(toSecretJson), next_page_token: rows.length > size && last ? encodeSecretCursor(order, last) : '' };
  });

  app.get(`${SECRETS_PATH}/:id_or_name`, { schema: { operationId: 'describeSecret', tags: TAGS, summary: 'Describe a secret by name or id (values are write-only and answered blank)', params: IdOrNameParams, response: { ...errorResponses([401, 403, 404]), 200: Secret } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.secrets.view');
    return toSecretJson(await findSecretOr404(services, principal.orgId, request.params.id_or_name));
  });

  app.post(SECRETS_PATH, { bodyLimit: SECRET_BODY_LIMIT_BYTES, schema: { operationId: 'createSecret', tags: TAGS, summary: 'Create a secret with environment variables and files (file content is standard base64); values are encrypted at rest', body: SecretInput, response: { ...errorResponses([401, 403, 409, 413, 422]), 200: Secret } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.secrets.manage');
    return toSecretJson(await createSecret(services, principal, request.body));
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: `${SECRETS_PATH}/:id_or_name`,
      bodyLimit: SECRET_BODY_LIMIT_BYTES,
      schema: { operationId: method === 'PATCH' ? 'updateSecret' : 'replaceSecret', tags: TAGS, summary: "Replace a secret's variables and files; a blank value keeps the stored one under that name or path", params: IdOrNameParams, body: SecretInput, response: { ...errorResponses([401, 403, 404, 409, 413, 422]), 200: Secret } },
      handler: async (request) => {
        const principal = await apiAuth.require(request, 'organization.secrets.manage');
        return toSecretJson(await updateSecret(services, principal, request.params.id_or_name, request.body));
      },
    });
  }

  app.delete(`${SECRETS_PATH}/:id_or_name`, { schema: { operationId: 'deleteSecret', tags: TAGS, summary: 'Delete a secret', params: IdOrNameParams, response: { ...errorResponses([401, 403, 404]), 200: SecretDeleted } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.secrets.manage');
    await removeSecret(services, principal, request.params.id_or_name);
    return {};
  });
};

const seconds = (ms: number) => String(Math.floor(ms / 1000));

/** The v1beta JSON of a secret: names and paths with blank values — write-only, as `content_included: false` says. */
export function toSecretJson(row: SecretRow): Secret {
  const envVars = JSON.parse(row.env_vars) as Array<{ name: string }>;
  const files = JSON.parse(row.files) as Array<{ path: string }>;
  return {
    metadata: {
      name: row.name,
      id: row.id,
      create_time: seconds(row.created_at),
      update_time: seconds(row.updated_at),
      content_included: false,
      description: row.description,
    },
    data: { env_vars: envVars.map((v) => ({ name: v.name, value: '' })), files: files.map((f) => ({ path: f.path, content: '' })) },
  };
}
