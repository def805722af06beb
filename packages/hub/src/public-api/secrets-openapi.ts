import { SECRETS_PAGE_SIZE_MAX } from '@outpost/protocol';
import { operation, pageSize, str, type Operation } from './openapi.js';
import { SECRETS_PATH } from './secrets.js';

type JsonObject = { [key: string]: unknown };

const READ = [401, 403];
const CHANGE = [400, 401, 403];
const op = (id: string, summary: string, rest: Omit<Operation, 'summary'>) => operation(id, 'secrets', { summary, ...rest });

const WRITE_ONLY = 'Answers carry names, variable names and paths only: every value and file content is blank (`content_included: false`).';
const UPDATE =
  'Replaces the name (when given), description and content. A blank `value` or `content` keeps what is stored under the same ' +
  'name or path; variables and files left out are removed; a body without `data` keeps the content.';

/** The v1beta secret routes of public-api/secrets.ts for the OpenAPI document. */
export function secretPaths(): Record<string, Record<string, JsonObject>> {
  const byIdOrName = `${SECRETS_PATH}/{id_or_name}`;
  const update = (id: string) => op(id, 'Update a secret', { description: UPDATE, params: ['id_or_name'], body: 'SecretInput', ok: 'Secret', errors: [...CHANGE, 404, 409, 503] });
  return {
    [SECRETS_PATH]: {
      get: op('listSecrets', "List the organization's secrets (Semaphore v1beta)", {
        description: WRITE_ONLY,
        query: [
          pageSize({ fallback: SECRETS_PAGE_SIZE_MAX, min: 1, max: SECRETS_PAGE_SIZE_MAX }),
          str('page_token', 'the `next_page_token` of the previous page'),
          str('order', 'BY_NAME_ASC (default) or BY_CREATE_TIME_ASC'),
        ],
        ok: 'SecretList',
        errors: [400, ...READ],
      }),
      post: op('createSecret', 'Create a secret with environment variables and files (base64)', {
        description: `Values are encrypted with AES-256-GCM before they are stored. ${WRITE_ONLY}`,
        body: 'SecretInput',
        ok: 'Secret',
        errors: [...CHANGE, 409, 413, 503],
      }),
    },
    [byIdOrName]: {
      get: op('getSecret', 'Describe a secret by id or name', { description: WRITE_ONLY, params: ['id_or_name'], ok: 'Secret', errors: [...READ, 404] }),
      patch: update('updateSecret'),
      put: update('replaceSecret'),
      delete: op('deleteSecret', 'Delete a secret', {
        description: 'Pipelines that name it afterwards fail MALFORMED with "secret X not found".',
        params: ['id_or_name'],
        ok: 'Empty',
        errors: [...CHANGE, 404],
      }),
    },
  };
}
