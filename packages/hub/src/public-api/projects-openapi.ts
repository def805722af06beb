import { NEXT_PAGE_TOKEN_HEADER } from '@outpost/protocol';
import { operation, pageSize, str, type Operation } from './openapi.js';
import { PROJECTS_PAGE_SIZE, PROJECTS_PATH } from './projects.js';
import { WORKFLOWS_PAGE_SIZE, WORKFLOWS_PATH } from './workflows.js';

type JsonObject = { [key: string]: unknown };

const READ = [401, 403];
const CHANGE = [400, 401, 403];
const project = (id: string, summary: string, rest: Omit<Operation, 'summary'>) => operation(id, 'projects', { summary, ...rest });
const workflow = (id: string, summary: string, rest: Omit<Operation, 'summary'>) => operation(id, 'workflows', { summary, ...rest });

const WRITE_ONLY = 'No answer carries the repository credentials (`status.credentials` says which kind is set).';
const UPDATE =
  'What the body gives replaces what is stored; what it leaves out stays (PATCH and PUT alike, as `sem edit` sends the whole ' +
  'document). Credentials stay unless `spec.repository.credentials` sets new ones or says `{kind: none}`.';

/** The project and workflow routes of public-api/projects.ts and public-api/workflows.ts for the OpenAPI document. */
export function projectPaths(): Record<string, Record<string, JsonObject>> {
  const byIdOrName = `${PROJECTS_PATH}/{id_or_name}`;
  const update = (id: string) => project(id, 'Update a project', { description: `${UPDATE} ${WRITE_ONLY}`, params: ['id_or_name'], body: 'ProjectInput', ok: 'Project', errors: [...CHANGE, 404, 409, 413, 422, 503] });
  return {
    [PROJECTS_PATH]: {
      get: project('listProjects', "List the organization's projects by name (Semaphore v1alpha; a bare array)", {
        description: `\`x-has-more: true\` when another page follows (\`sem\` reads it). ${WRITE_ONLY}`,
        query: [str('page', 'the page, from 1'), pageSize(PROJECTS_PAGE_SIZE)],
        ok: 'ProjectList',
        errors: [400, ...READ],
      }),
      post: project('createProject', 'Create a project: a git repository, its pipeline file and what runs it', {
        description:
          'URLs: https://, ssh://, git@host:path, or file:// (a path on the hub, read with its permissions). The answer is the only one, ' +
          `besides reset_webhook_secret, with \`status.webhook_secret\`. ${WRITE_ONLY}`,
        body: 'ProjectInput',
        ok: 'Project',
        errors: [...CHANGE, 409, 413, 422, 503],
      }),
    },
    [byIdOrName]: {
      get: project('getProject', 'Describe a project by id or name', { description: WRITE_ONLY, params: ['id_or_name'], ok: 'Project', errors: [...READ, 404] }),
      patch: update('updateProject'),
      put: update('replaceProject'),
      delete: project('deleteProject', 'Delete a project (its workflows stay as history)', { params: ['id_or_name'], ok: 'Empty', errors: [...CHANGE, 404] }),
    },
    [`${byIdOrName}/reset_webhook_secret`]: {
      post: project('resetProjectWebhookSecret', 'Replace the webhook secret (Outpost extension); the old one stops working at once', {
        params: ['id_or_name'],
        ok: 'Project',
        errors: [...CHANGE, 404, 409, 503],
      }),
    },
    [WORKFLOWS_PATH]: {
      post: workflow('runWorkflow', "Run a project's pipeline file at a reference (Semaphore's run workflow)", {
        description:
          'The hub fetches the commit (`commit_sha`, else the head of `reference`) and compiles the file. A file missing or invalid at the commit ' +
          'still makes a workflow, FAILED with reason MALFORMED; a reference the repository lacks answers 404, an unreachable repository 502.',
        body: 'WorkflowRunInput',
        ok: 'WorkflowRunResponse',
        errors: [...CHANGE, 404, 409, 422, 502, 503],
      }),
      get: workflow('listWorkflows', "List a project's workflows, newest first (a bare array)", {
        description: `When there are more, the \`Link\` header (rel="next") and \`${NEXT_PAGE_TOKEN_HEADER}\` carry the next page.`,
        query: [
          str('project_id', 'the project (id or name); required'),
          str('branch_name', 'only workflows of this branch (or tag)'),
          str('created_after', 'Unix seconds'),
          str('created_before', 'Unix seconds'),
          pageSize(WORKFLOWS_PAGE_SIZE),
          str('page_token', 'the token of the previous page'),
        ],
        ok: 'WorkflowList',
        errors: [400, ...READ, 404],
      }),
    },
    [`${WORKFLOWS_PATH}/{id}`]: {
      get: workflow('describeWorkflow', 'Describe a workflow', { params: ['id'], ok: 'WorkflowDescribe', errors: [...READ, 404] }),
    },
    [`${WORKFLOWS_PATH}/{id}/terminate`]: {
      post: workflow('terminateWorkflow', "Stop a workflow's pipelines", { params: ['id'], ok: 'WorkflowTerminateResponse', errors: [...CHANGE, 404] }),
    },
  };
}
