import { NEXT_PAGE_TOKEN_HEADER } from '@outpost/protocol';
import { json, operation, pageSize, str, type Operation } from './openapi.js';
import { PIPELINES_PAGE_SIZE } from './pipelines.js';

type JsonObject = { [key: string]: unknown };

const READ = [401, 403];
const CHANGE = [400, 401, 403];

/** A file that does not compile answers 400 with every problem and its position (PipelineInvalidBody). */
function withInvalidFile(op: JsonObject): JsonObject {
  const responses = op.responses as Record<string, JsonObject>;
  responses['400'] = { description: 'the request is not valid, or the pipeline file has problems (each with file, line and column)', content: { ...json('PipelineInvalidBody'), ...json('ErrorBody') } };
  return op;
}

const op = (id: string, summary: string, rest: Omit<Operation, 'summary'>) => operation(id, 'pipelines', { summary, ...rest });

/** The pipeline routes of public-api/pipelines.ts for the OpenAPI document. */
export function pipelinePaths(): Record<string, Record<string, JsonObject>> {
  return {
    '/api/v1alpha/pipelines': {
      get: op('listPipelines', 'List pipelines, newest first (a bare array, as Semaphore answers)', {
        description: `Enums upper case, times as {seconds, nanos}. When there are more, the \`Link\` header (rel="next") and \`${NEXT_PAGE_TOKEN_HEADER}\` carry the next page.`,
        query: [
          str('wf_id', 'only the pipelines of this workflow'),
          str('branch_name', 'only pipelines of this branch'),
          str('yml_file_path', 'only pipelines of this file, e.g. .semaphore/semaphore.yml'),
          str('state', 'INITIALIZING, PENDING, QUEUING, RUNNING, STOPPING or DONE, comma-separated (Outpost extension)'),
          str('result', 'PASSED, FAILED, STOPPED or CANCELED, comma-separated (Outpost extension)'),
          pageSize(PIPELINES_PAGE_SIZE),
          str('page_token', 'the token of the previous page'),
        ],
        ok: 'PipelineList',
        errors: [400, ...READ],
      }),
    },
    '/api/v1alpha/pipelines/{id}': {
      get: op('describePipeline', 'Describe a pipeline; with detailed=true its blocks and jobs too', {
        description: 'Enums lower case, times as `YYYY-MM-DD HH:MM:SS.ffffffZ`. Outpost adds each block\'s dependencies and index, job times, and after_pipeline.',
        params: ['id'],
        query: [{ name: 'detailed', description: 'include blocks and jobs', schema: { type: 'string', enum: ['true', 'false'] } }],
        ok: 'PipelineDescribe',
        errors: [400, ...READ, 404],
      }),
      patch: op('terminatePipeline', 'Stop a pipeline: running jobs are stopped, queued ones canceled, it ends STOPPED (user)', {
        params: ['id'],
        body: 'PipelineTerminateInput',
        ok: 'PipelineMessage',
        errors: [...CHANGE, 404],
      }),
    },
    '/api/v1alpha/pipelines/{id}/describe_topology': {
      get: op('describePipelineTopology', 'The block graph: each block\'s job names and dependencies, and the after_pipeline jobs', { params: ['id'], ok: 'PipelineTopology', errors: [...READ, 404] }),
    },
    '/api/v1alpha/pipelines/{id}/partial_rebuild': {
      post: op('partialRebuildPipeline', 'Rerun the failed blocks: a new pipeline carries passed blocks over and runs the rest again', {
        description: 'The same request_token answers the pipeline the first request made. Refused (409) while the pipeline runs or when it passed.',
        params: ['id'],
        body: 'PartialRebuildInput',
        ok: 'PartialRebuildResponse',
        errors: [...CHANGE, 404, 409],
      }),
    },
    '/api/v1alpha/plumber-workflows/{id}/reschedule': {
      post: op('rescheduleWorkflow', 'Rerun a whole workflow: a new workflow runs its first pipeline again from the same plan', {
        params: ['id'],
        query: [{ name: 'request_token', description: 'idempotency token (required)', schema: { type: 'string' } }],
        ok: 'RescheduleResponse',
        errors: [...CHANGE, 404],
      }),
    },
    '/api/v1alpha/pipelines/yaml': {
      post: withInvalidFile(
        op('runPipelineYaml', 'Run a pipeline from YAML text (Outpost extension, until projects exist)', {
          description: 'branch, tag and pull_request are what the Conditions DSL reads and the SEMAPHORE_GIT_* variables carry.',
          body: 'PipelineYamlRunInput',
          ok: 'PipelineYamlRunResponse',
          errors: [...CHANGE, 413],
        }),
      ),
    },
    '/api/v1alpha/pipelines/validate': {
      post: op('validatePipelineYaml', 'The problems of a pipeline file with their positions (Outpost extension); 200 either way', {
        body: 'PipelineValidateInput',
        ok: 'PipelineValidateResponse',
        errors: [...CHANGE, 413],
      }),
    },
    '/api/v1alpha/yaml': {
      post: withInvalidFile(op('validateYaml', "Validate a pipeline file (Semaphore's route): 200 when valid, 400 with the problems when not", { body: 'YamlValidateInput', ok: 'YamlValidateResponse', errors: [...CHANGE, 413] })),
    },
  };
}
