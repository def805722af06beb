import type {
  PartialRebuildResponse,
  PipelineInvalidBody,
  PipelineFileError,
  PipelineMessage,
  PipelineValidateResponse,
  PipelineYamlRunInput,
  PipelineYamlRunResponse,
  RescheduleResponse,
} from '@outpost/protocol';
import { ApiError, enc, type ApiClient } from './client.js';
import type { Described, ListedPipeline } from './pipeline-types.js';
import { NEXT_PAGE_HEADER } from './wire-constants.js';

const BASE = '/api/v1alpha/pipelines';

export interface PipelineFilters {
  /** Comma-separated states, as the hub takes them (`running,stopping`). */
  states?: string;
  /** Comma-separated results. */
  results?: string;
  pageToken?: string;
  pageSize?: number;
}

export interface PipelinePage {
  pipelines: ListedPipeline[];
  /** Empty on the last page. */
  nextPageToken: string;
}

/** One page of pipelines, newest first; the next page's token comes in a header (the body is a bare array). */
export async function listPipelines(client: ApiClient, filters: PipelineFilters, signal?: AbortSignal): Promise<PipelinePage> {
  const query = new URLSearchParams();
  if (filters.states) query.set('state', filters.states);
  if (filters.results) query.set('result', filters.results);
  if (filters.pageToken) query.set('page_token', filters.pageToken);
  if (filters.pageSize) query.set('page_size', String(filters.pageSize));
  const suffix = query.size > 0 ? `?${query}` : '';
  const { body, headers } = await client.getWithHeaders<ListedPipeline[]>(`${BASE}${suffix}`, signal);
  return { pipelines: body, nextPageToken: headers.get(NEXT_PAGE_HEADER) ?? '' };
}

/** The pipeline with its blocks, their jobs and the after_pipeline task. */
export const describePipeline = (client: ApiClient, id: string, signal?: AbortSignal) =>
  client.get<Described>(`${BASE}/${enc(id)}?detailed=true`, signal);

export const stopPipeline = (client: ApiClient, id: string) =>
  client.send<PipelineMessage>('PATCH', `${BASE}/${enc(id)}`, { terminate_request: true });

/** Reruns the failed blocks in a new pipeline; answers its id. */
export async function rerunFailedBlocks(client: ApiClient, id: string): Promise<string> {
  const answer = await client.send<PartialRebuildResponse>('POST', `${BASE}/${enc(id)}/partial_rebuild`, { request_token: requestToken() });
  return answer.pipeline_id;
}

/** Reruns the whole workflow; answers the new pipeline's id. */
export async function rerunWorkflow(client: ApiClient, workflowId: string): Promise<string> {
  const path = `/api/v1alpha/plumber-workflows/${enc(workflowId)}/reschedule?request_token=${enc(requestToken())}`;
  return (await client.send<RescheduleResponse>('POST', path)).ppl_id;
}

export type RunResult = { ok: true; pipelineId: string } | { ok: false; message: string; errors: PipelineFileError[] };

/** Runs a pipeline from YAML text; a file that does not compile answers its positioned errors instead of throwing. */
export async function runPipelineYaml(client: ApiClient, input: PipelineYamlRunInput): Promise<RunResult> {
  try {
    return { ok: true, pipelineId: (await client.send<PipelineYamlRunResponse>('POST', `${BASE}/yaml`, input)).pipeline_id };
  } catch (error) {
    const body = error instanceof ApiError ? (error.body as Partial<PipelineInvalidBody> | undefined) : undefined;
    if (body?.code === 'PIPELINE_INVALID' && Array.isArray(body.errors)) return { ok: false, message: body.message ?? '', errors: body.errors };
    throw error;
  }
}

export const validatePipelineYaml = (client: ApiClient, yaml: string, fileName: string, signal?: AbortSignal) =>
  client.send<PipelineValidateResponse>('POST', `${BASE}/validate`, { yaml_definition: yaml, yaml_file_name: fileName }, signal);

/** An idempotency token; getRandomValues works on plain http too, where randomUUID does not. */
function requestToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
