import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TypeBoxApp } from '../http/typebox-app.js';
import { Type } from '@sinclair/typebox';
import {
  WORKFLOW_TRIGGERS,
  WorkflowDescribe,
  WorkflowList,
  WorkflowListQuery,
  WorkflowRunInput,
  WorkflowRunResponse,
  WorkflowTerminateResponse,
  type WorkflowListItem,
} from '@outpost/protocol';
import { HubError, quoteInput } from '../errors.js';
import { errorResponses, setNextPage } from '../http/responses.js';

const TAGS = ['workflows'];
import type { HubServices } from '../services.js';
import { findActivePipelinesOfWorkflow, findProjectWorkflow, listProjectWorkflows, type ProjectWorkflowRow } from '../store/project-workflows.js';
import { findProjectOr404 } from '../lifecycle/projects.js';
import { runProjectWorkflow } from '../lifecycle/project-runs.js';
import { stopPipeline } from '../lifecycle/pipeline-runs.js';
import { readWorkflowRunInput } from '../lifecycle/workflow-input-policy.js';
import { emptyHookDetails, type HookDetails } from '../lifecycle/hook-details.js';
import type { GitRef } from '../git/ref-policy.js';
import { toProtoTime } from './pipeline-json.js';
import { isRunId } from './pipeline-query-policy.js';
import { WORKFLOWS_PAGE_SIZE } from '@outpost/protocol';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging-policy.js';

export const WORKFLOWS_PATH = '/api/v1alpha/plumber-workflows';
const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

/**
 * Semaphore's v1alpha workflows of a project: run its pipeline file at a reference (and commit), list a project's
 * workflows newest first (next page in `Link`), describe one, stop one (POST …/terminate). Running needs
 * self_hosted_agents.manage, like running a pipeline from YAML; reading needs self_hosted_agents.view.
 */
export const workflowRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  registerRunWorkflow(app, services);
  registerListWorkflows(app, services);
  registerDescribeWorkflow(app, services);
  registerTerminateWorkflow(app, services);
};

function registerRunWorkflow(app: TypeBoxApp, services: HubServices): void {
  app.post(WORKFLOWS_PATH, { schema: { operationId: 'runWorkflow', tags: TAGS, summary: "Run a project's pipeline at a reference (and commit): Semaphore's plumber-workflows run", body: WorkflowRunInput, response: { ...errorResponses([401, 403, 404, 422, 502]), 200: WorkflowRunResponse } } }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    const check = readWorkflowRunInput(request.body);
    if (!check.ok) throw new HubError('VALIDATION', { detail: check.problem }, { field: check.field });
    const project = await findProjectOr404(services, principal.orgId, request.body.project_id);
    const { wanted } = check;
    const details = { ...emptyHookDetails(), parameters: wanted.parameters, ...refDetails(wanted.ref) };
    const run = await runProjectWorkflow(services, {
      project, principal, ref: wanted.ref, sha: wanted.sha, pipelineFile: wanted.pipelineFile ?? project.pipeline_file, provider: 'api', deliveryId: null,
      event: wanted.ref.kind === 'branch' ? 'push' : wanted.ref.kind === 'tag' ? 'tag' : 'pull_request', details, triggeredBy: 'API', actor: `user:${principal.email}`,
    });
    if (run.kind !== 'started') throw new Error('an API run has no delivery id, so it cannot be a duplicate');
    return { workflow_id: run.workflowId, pipeline_id: run.pipelineId, hook_id: run.hookId };
  });
}

function registerListWorkflows(app: TypeBoxApp, services: HubServices): void {
  app.get(WORKFLOWS_PATH, { schema: { operationId: 'listWorkflows', tags: TAGS, summary: 'List workflows, newest first', querystring: WorkflowListQuery, response: { ...errorResponses([400, 401, 403]), 200: WorkflowList } } }, async (request, reply) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const { query } = request;
    const project = await findProjectOr404(services, principal.orgId, query.project_id);
    const size = { size: pageSizeOf(query.page_size, WORKFLOWS_PAGE_SIZE) };
    const cursor = decodeCursor(query.page_token);
    if (!cursor.ok) throw new HubError('BAD_REQUEST', { detail: cursor.problem }, { field: 'page_token' });
    if (query.branch_name?.includes('\u0000')) throw new HubError('BAD_REQUEST', { detail: 'branch_name must not contain a NUL byte' }, { field: 'branch_name' });
    const createdAfter = unixSecondsMs(query.created_after, 'created_after');
    const createdBefore = unixSecondsMs(query.created_before, 'created_before');
    const rows = await listProjectWorkflows(services.store.db, {
      orgId: principal.orgId, projectId: project.id, branchName: query.branch_name, createdAfter, createdBefore, limit: size.size + 1, beforeId: cursor.position?.id,
    });
    const page = rows.slice(0, size.size);
    const last = page[page.length - 1];
    if (rows.length > size.size && last) setNextPage(reply, request.url, encodeCursor({ at: last.created_at, id: last.id }));
    return page.map((row) => ({ ...workflowFields(row), triggered_by: WORKFLOW_TRIGGERS.indexOf(triggerOf(row)) }));
  });
}

function registerDescribeWorkflow(app: TypeBoxApp, services: HubServices): void {
  app.get(`${WORKFLOWS_PATH}/:id`, { schema: { operationId: 'describeWorkflow', tags: TAGS, summary: 'Describe a workflow with its pipelines', params: IdParams, response: { ...errorResponses([401, 403, 404]), 200: WorkflowDescribe } } }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const row = await workflowOr404(services, principal.orgId, request.params.id);
    return { workflow: { ...workflowFields(row), triggered_by: triggerOf(row) } };
  });
}

function registerTerminateWorkflow(app: TypeBoxApp, services: HubServices): void {
  app.post(`${WORKFLOWS_PATH}/:id/terminate`, { schema: { operationId: 'terminateWorkflow', tags: TAGS, summary: 'Stop every pipeline of a workflow', params: IdParams, response: { ...errorResponses([401, 403, 404]), 200: WorkflowTerminateResponse } } }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    const row = await workflowOr404(services, principal.orgId, request.params.id);
    const active = await findActivePipelinesOfWorkflow(services.store.db, principal.orgId, row.id);
    for (const id of active) await stopPipeline(services, principal, id);
    return { message: active.length > 0 ? 'Termination started.' : 'The workflow is already done; nothing changed.' };
  });
}

async function workflowOr404(services: HubServices, orgId: string, id: string): Promise<ProjectWorkflowRow> {
  const row = isRunId(id) ? await findProjectWorkflow(services.store.db, orgId, id) : undefined;
  if (!row) throw new HubError('NOT_FOUND', { what: `workflow ${quoteInput(id)}` });
  return row;
}

function refDetails(ref: GitRef): Partial<HookDetails> {
  if (ref.kind === 'branch') return { branch: ref.name };
  if (ref.kind === 'tag') return { tag: ref.name };
  return { prNumber: ref.number };
}

const triggerOf = (row: ProjectWorkflowRow): (typeof WORKFLOW_TRIGGERS)[number] => (row.triggered_by === 'HOOK' ? 'HOOK' : 'API');

function workflowFields(row: ProjectWorkflowRow): Omit<WorkflowListItem, 'triggered_by'> {
  const label = row.tag_name || (row.pr_number ? `pull-request-${row.pr_number}` : row.branch_name);
  return {
    wf_id: row.id, rerun_of: row.rerun_of ?? '', requester_id: row.created_by ?? '', repository_id: row.project_id ?? '', project_id: row.project_id ?? '',
    organization_id: row.org_id, initial_ppl_id: row.initial_ppl_id, hook_id: row.hook_id ?? '', created_at: toProtoTime(row.created_at),
    commit_sha: row.commit_sha, branch_name: label, branch_id: '', reference: row.reference ?? '', initial_ppl_state: row.state.toUpperCase(),
    initial_ppl_result: (row.result ?? '').toUpperCase(),
  };
}

/** `created_after` / `created_before`: Unix seconds. */
function unixSecondsMs(text: string | undefined, field: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,12}$/.test(text)) throw new HubError('BAD_REQUEST', { detail: `${field} must be Unix seconds, e.g. 1700000000` }, { field });
  return Number(text) * 1000;
}
