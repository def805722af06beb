import type { TSchema } from '@sinclair/typebox';
import { ProjectForge, ProjectForgeInput } from '@outpost/protocol';
import { operation, type Operation } from './openapi.js';

type JsonObject = { [key: string]: unknown };

const op = (id: string, summary: string, rest: Omit<Operation, 'summary'>) => operation(id, 'projects', { summary, ...rest });
const plain = (schema: TSchema): JsonObject => JSON.parse(JSON.stringify(schema)) as JsonObject;

export const commitStatusSchemas = (): Record<string, JsonObject> => ({ ProjectForge: plain(ProjectForge), ProjectForgeInput: plain(ProjectForgeInput) });

const DESCRIPTION =
  'Outpost extension: where the pipelines of the project report their state on the forge (docs/commit-statuses.md). ' +
  'Fields left null are derived from the webhook that started the run and the repository URL; `resolved` shows the result. ' +
  'The status token is write-only: answers say which token reports, never the token.';

/** The commit status settings routes of public-api/commit-status.ts for the OpenAPI document. */
export function commitStatusPaths(): Record<string, Record<string, JsonObject>> {
  return {
    '/api/v1alpha/projects/{id_or_name}/commit_status': {
      get: op('getProjectCommitStatus', "A project's commit status settings", { description: DESCRIPTION, params: ['id_or_name'], ok: 'ProjectForge', errors: [401, 403, 404] }),
      put: op('setProjectCommitStatus', "Change a project's commit status settings", {
        description: `${DESCRIPTION} A field left out keeps its value; \`token: null\` removes the status token.`,
        params: ['id_or_name'],
        body: 'ProjectForgeInput',
        ok: 'ProjectForge',
        errors: [400, 401, 403, 404, 503],
      }),
    },
  };
}
