import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TypeBoxApp } from '../http/typebox-app.js';
import { Type } from '@sinclair/typebox';
import {
  PIPELINES_PAGE_SIZE,
  PartialRebuildInput,
  PartialRebuildResponse,
  PipelineDescribe,
  PipelineList,
  PipelineListQuery,
  PipelineMessage,
  PipelineProblemsBody,
  PipelineTerminateInput,
  PipelineTopology,
  PipelineValidateInput,
  PipelineValidateResponse,
  PipelineYamlRunInput,
  PipelineYamlRunResponse,
  RequestToken,
  RescheduleResponse,
  YamlValidateInput,
  YamlValidateResponse,
  type PipelineInvalidBody,
} from '@outpost/protocol';
import { compilePipeline, validatePipeline, type PipelineError, type PipelinePlan } from '@outpost/pipeline';
import { HubError, quoteInput } from '../errors.js';
import { described, errorResponses, setNextPage } from '../http/responses.js';
import type { HubServices } from '../services.js';
import { listPipelines } from '../store/pipelines.js';
import { loadPipelineSnapshot } from '../lifecycle/pipelines.js';
import { findPipelineOr404, rerunFailedBlocks, rerunWorkflow, startWorkflow, stopPipeline } from '../lifecycle/pipeline-runs.js';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging-policy.js';
import { isRunId, parsePipelineResults, parsePipelineStates } from './pipeline-query-policy.js';
import { toDescribeJson, toPipelineListJson, toTopologyJson } from './pipeline-json.js';
import { pipelineRunContext } from './pipeline-input-policy.js';
import { commitStatusOf } from './commit-status.js';

export const DEFAULT_YAML_FILE = '.semaphore/semaphore.yml';
// A pipeline file may be up to 1 MiB of text; JSON escaping can nearly double it.
const YAML_BODY_LIMIT_BYTES = 2 * 1024 * 1024 + 64 * 1024;

const TAGS = ['pipelines'];

const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const DescribeQuery = Type.Object({ detailed: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) });
const RescheduleQuery = Type.Object({ request_token: RequestToken });

/** Semaphore's v1alpha pipeline routes plus Outpost's run-from-YAML and validate (protocol/public-api/pipelines.ts). */
export const pipelineRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  registerListPipelines(app, services);
  registerDescribePipeline(app, services);
  registerDescribeTopology(app, services);
  registerTerminatePipeline(app, services);
  registerPartialRebuild(app, services);
  registerRescheduleWorkflow(app, services);
  registerRunPipelineYaml(app, services);
  registerValidatePipelineYaml(app, services);
  registerValidateYaml(app, services);
};

function registerListPipelines(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/pipelines', { schema: { operationId: 'listPipelines', tags: TAGS, summary: "List pipelines, newest first (a bare array in Semaphore's list shape; the next page in the Link header)", querystring: PipelineListQuery, response: { ...errorResponses([400, 401, 403]), 200: PipelineList } } }, async (request, reply) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const { query } = request;
    const size = { size: pageSizeOf(query.page_size, PIPELINES_PAGE_SIZE) };
    const cursor = decodeCursor(query.page_token);
    if (!cursor.ok) throw new HubError('BAD_REQUEST', { detail: cursor.problem }, { field: 'page_token' });
    const states = parsePipelineStates(query.state);
    if (!states.ok) throw new HubError('BAD_REQUEST', { detail: states.problem }, { field: 'state' });
    const results = parsePipelineResults(query.result);
    if (!results.ok) throw new HubError('BAD_REQUEST', { detail: results.problem }, { field: 'result' });
    if (query.wf_id !== undefined && !isRunId(query.wf_id)) return [];
    const rows = await listPipelines(services.store.db, {
      orgId: principal.orgId, wfId: query.wf_id, branchName: query.branch_name, yamlFilePath: query.yml_file_path,
      states: states.values, results: results.values, limit: size.size + 1, beforeId: cursor.position?.id,
    });
    const page = rows.slice(0, size.size);
    const last = page[page.length - 1];
    if (rows.length > size.size && last) setNextPage(reply, request.url, encodeCursor({ at: last.created_at, id: last.id }));
    return page.map((p) => toPipelineListJson(p, hasAfterPipeline(p.plan)));
  });
}

function registerDescribePipeline(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/pipelines/:id', { schema: { operationId: 'describePipeline', tags: TAGS, summary: 'Describe a pipeline; with detailed=true also its blocks and their jobs', params: IdParams, querystring: DescribeQuery, response: { ...errorResponses([400, 401, 403, 404]), 200: PipelineDescribe } } }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const snapshot = await snapshotOr404(services, principal.orgId, request.params.id);
    const commitStatus = await commitStatusOf(services, snapshot.pipeline.id);
    return { ...toDescribeJson(snapshot, request.query.detailed === 'true'), ...(commitStatus ? { commit_status: commitStatus } : {}) };
  });
}

function registerDescribeTopology(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/pipelines/:id/describe_topology', { schema: { operationId: 'describePipelineTopology', tags: TAGS, summary: "The block graph of a pipeline: each block's jobs and dependencies", params: IdParams, response: { ...errorResponses([401, 403, 404]), 200: PipelineTopology } } }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    return toTopologyJson(await snapshotOr404(services, principal.orgId, request.params.id));
  });
}

function registerTerminatePipeline(app: TypeBoxApp, services: HubServices): void {
  app.patch('/api/v1alpha/pipelines/:id', { schema: { operationId: 'terminatePipeline', tags: TAGS, summary: 'Stop a pipeline: running jobs are stopped, jobs not yet started are canceled', params: IdParams, body: PipelineTerminateInput, response: { ...errorResponses([400, 401, 403, 404]), 200: PipelineMessage } } }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    requireRunId(request.params.id, 'pipeline');
    const { changed } = await stopPipeline(services, principal, request.params.id);
    return { message: changed ? 'Pipeline termination started.' : 'The pipeline is already done or stopping; nothing changed.' };
  });
}

function registerPartialRebuild(app: TypeBoxApp, services: HubServices): void {
  app.post(
    '/api/v1alpha/pipelines/:id/partial_rebuild',
    { schema: { operationId: 'partialRebuildPipeline', tags: TAGS, summary: 'Rerun the failed blocks of a done pipeline as a new pipeline (request_token makes it idempotent)', params: IdParams, body: PartialRebuildInput, response: { ...errorResponses([400, 401, 403, 404, 409]), 200: PartialRebuildResponse } } },
    async (request) => {
      const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
      requireRunId(request.params.id, 'pipeline');
      return { pipeline_id: await rerunFailedBlocks(services, principal, request.params.id, request.body.request_token), message: '' };
    },
  );
}

function registerRescheduleWorkflow(app: TypeBoxApp, services: HubServices): void {
  app.post(
    '/api/v1alpha/plumber-workflows/:id/reschedule',
    { schema: { operationId: 'rescheduleWorkflow', tags: TAGS, summary: 'Rerun a whole workflow from its plan (request_token makes it idempotent)', params: IdParams, querystring: RescheduleQuery, response: { ...errorResponses([400, 401, 403, 404]), 200: RescheduleResponse } } },
    async (request) => {
      const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
      requireRunId(request.params.id, 'workflow');
      const rerun = await rerunWorkflow(services, principal, request.params.id, request.query.request_token);
      return { wf_id: rerun.workflowId, ppl_id: rerun.pipelineId };
    },
  );
}

function registerRunPipelineYaml(app: TypeBoxApp, services: HubServices): void {
  app.post(
    '/api/v1alpha/pipelines/yaml',
    { bodyLimit: YAML_BODY_LIMIT_BYTES, schema: { operationId: 'runPipelineYaml', tags: TAGS, summary: 'Outpost extension: run a pipeline from YAML text; 400 PIPELINE_INVALID lists every problem with its line and column', body: PipelineYamlRunInput, response: { ...errorResponses([400, 401, 403, 413]), 400: described(PipelineProblemsBody, 'the request is not valid, or the pipeline file is not: errors lists every problem at its line and column'), 200: PipelineYamlRunResponse } } },
    async (request, reply) => {
      const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
      const body = request.body;
      const input = pipelineRunContext(body);
      if (!input.ok) throw new HubError('BAD_REQUEST', { detail: input.problem }, { field: input.field });
      const fileName = body.yaml_file_name ?? DEFAULT_YAML_FILE;
      const { context } = input;
      const compiled = compilePipeline(body.yaml_definition, { fileName, context: { branch: context.branch || undefined, tag: context.tag || undefined, pullRequest: context.pullRequest || undefined } });
      if (!compiled.ok) return sendInvalid(reply, compiled.errors);
      const started = await startWorkflow(services, { principal, plan: compiled.plan, yamlFilePath: fileName, context, requestToken: body.request_token ?? null });
      return { workflow_id: started.workflowId, pipeline_id: started.pipelineId };
    },
  );
}

function registerValidatePipelineYaml(app: TypeBoxApp, services: HubServices): void {
  app.post(
    '/api/v1alpha/pipelines/validate',
    { bodyLimit: YAML_BODY_LIMIT_BYTES, schema: { operationId: 'validatePipelineYaml', tags: TAGS, summary: 'Outpost extension: the problems of a pipeline file with their positions (200 either way)', body: PipelineValidateInput, response: { ...errorResponses([400, 401, 403, 413]), 200: PipelineValidateResponse } } },
    async (request) => {
      await services.apiAuth.require(request, 'self_hosted_agents.view');
      const errors = validate(request.body.yaml_definition, request.body.yaml_file_name ?? DEFAULT_YAML_FILE);
      return { valid: errors.length === 0, message: errors.length === 0 ? 'YAML definition is valid.' : summary(errors), errors };
    },
  );
}

// Semaphore's own validate route: 200 when valid, 400 with the problems when not.
function registerValidateYaml(app: TypeBoxApp, services: HubServices): void {
  app.post('/api/v1alpha/yaml', { bodyLimit: YAML_BODY_LIMIT_BYTES, schema: { operationId: 'validateYaml', tags: TAGS, summary: "Semaphore's validate: 200 when the file is valid, 400 with its problems when not", body: YamlValidateInput, response: { ...errorResponses([400, 401, 403, 413]), 400: described(PipelineProblemsBody, 'the request is not valid, or the pipeline file is not: errors lists every problem at its line and column'), 200: YamlValidateResponse } } }, async (request, reply) => {
    await services.apiAuth.require(request, 'self_hosted_agents.view');
    const errors = validate(request.body.yaml_definition, DEFAULT_YAML_FILE);
    if (errors.length > 0) return sendInvalid(reply, errors);
    return { pipeline_id: '', message: 'YAML definition is valid.' };
  });
}

async function snapshotOr404(services: HubServices, orgId: string, id: string) {
  requireRunId(id, 'pipeline');
  const snapshot = await loadPipelineSnapshot(services, (await findPipelineOr404(services, orgId, id)).id);
  if (!snapshot) throw new HubError('NOT_FOUND', { what: `pipeline '${id}'` });
  return snapshot;
}

const hasAfterPipeline = (plan: string) => ((JSON.parse(plan) as PipelinePlan).afterPipeline?.length ?? 0) > 0;

function requireRunId(id: string, what: 'pipeline' | 'workflow'): void {
  if (!isRunId(id)) throw new HubError('NOT_FOUND', { what: `${what} ${quoteInput(id)}` });
}

/** A NUL byte is refused before the compiler (and PostgreSQL) sees it. */
function validate(source: string, fileName: string): PipelineError[] {
  if (source.includes('\u0000')) return [{ file: fileName, line: 1, column: 1, path: '', message: 'the file contains a NUL byte; a pipeline file is UTF-8 text' }];
  return validatePipeline(source, { fileName });
}

const position = (e: PipelineError) => `${e.file}:${e.line}:${e.column}: ${e.message}`;

function summary(errors: readonly PipelineError[]): string {
  const first = errors[0];
  return new HubError('PIPELINE_INVALID', { count: errors.length, first: first ? position(first) : '' }).message;
}

function sendInvalid(reply: FastifyReply, errors: PipelineError[]): FastifyReply {
  const body: PipelineInvalidBody = { message: summary(errors), code: 'PIPELINE_INVALID', errors };
  return reply.code(400).send(body);
}

