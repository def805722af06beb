import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Job, JobInput, JobList, JobListQuery, JobParams, JOBS_PAGE_SIZE } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { findJobInOrg, listJobs, type JobRow } from '../store/jobs.js';
import { findAgentTypeOr404 } from '../lifecycle/agent-types.js';
import { stopJob, submitJob } from '../lifecycle/jobs.js';
import { toPublicResult, toPublicState } from '../lifecycle/job-policy.js';
import type { JobSpec } from '../dispatch/job-payload.js';
import { described, errorResponses } from '../http/responses.js';
import type { TypeBoxApp } from '../http/typebox-app.js';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging-policy.js';
import { parseStateFilter } from './job-query-policy.js';

// Jobs carry files (base64) and env vars; allow more than the 1 MiB default for one submission.
const JOB_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const TAGS = ['jobs'];

/** Jobs in Semaphore's shape: submit, list (state and type filters, paging), describe, stop. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  registerCreateJob(app, services);
  registerListJobs(app, services);
  registerGetJob(app, services);
  registerStopJob(app, services);
};

function registerCreateJob(app: TypeBoxApp, services: HubServices): void {
  app.post('/api/v1alpha/jobs', {
    bodyLimit: JOB_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'createJob',
      tags: TAGS,
      summary: "Submit a job for a self-hosted agent type (`spec.agent.machine.type`), in Semaphore's job shape",
      description: 'File contents (`spec.files[].content`) are standard base64 with padding; env var values are plain text.',
      body: JobInput,
      response: { 200: described(Job, 'the queued job'), ...errorResponses([400, 401, 403, 413, 422], { 413: 'the job is larger than 8 MiB' }) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    return toJobJson(await submitJob(services, principal, request.body));
  });
}

function registerListJobs(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/jobs', {
    schema: {
      operationId: 'listJobs',
      tags: TAGS,
      summary: 'List jobs, newest first',
      querystring: JobListQuery,
      response: { 200: described(JobList, 'a page of jobs'), ...errorResponses([400, 401, 403, 404], { 404: 'agent_type names no type' }) },
    },
  }, async (request): Promise<JobList> => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const { query } = request;
    const size = pageSizeOf(query.page_size, JOBS_PAGE_SIZE);
    const cursor = decodeCursor(query.page_token);
    if (!cursor.ok) throw new HubError('BAD_REQUEST', { detail: cursor.problem }, { field: 'page_token' });
    const states = parseStateFilter(query.states ?? query.state);
    if (!states.ok) throw new HubError('BAD_REQUEST', { detail: states.problem }, { field: 'state' });
    const typeName = query.agent_type ?? query.type;
    const type = typeName ? await findAgentTypeOr404(services, principal.orgId, typeName) : undefined;
    const rows = await listJobs(services.store.db, {
      orgId: principal.orgId,
      states: states.states,
      agentTypeId: type?.id,
      limit: size + 1,
      before: cursor.position ? { createdAt: cursor.position.at, id: cursor.position.id } : undefined,
    });
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    const more = rows.length > size && last !== undefined;
    return { jobs: page.map(toJobJson), next_page_token: more ? encodeCursor({ at: last.created_at, id: last.id }) : '' };
  });
}

function registerGetJob(app: TypeBoxApp, services: HubServices): void {
  app.get('/api/v1alpha/jobs/:id', {
    schema: {
      operationId: 'getJob',
      tags: TAGS,
      summary: 'Describe a job',
      params: JobParams,
      response: { 200: described(Job, 'the job'), ...errorResponses([401, 403, 404]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const job = await findJobInOrg(services.store.db, principal.orgId, request.params.id);
    if (!job) throw new HubError('NOT_FOUND', { what: `job '${request.params.id}'` });
    return toJobJson(job);
  });
}

function registerStopJob(app: TypeBoxApp, services: HubServices): void {
  app.post('/api/v1alpha/jobs/:id/stop', {
    schema: {
      operationId: 'stopJob',
      tags: TAGS,
      summary: 'Stop a queued or running job',
      params: JobParams,
      response: { 200: described(Job, 'the job: finished STOPPED if it was queued, else told to stop'), ...errorResponses([401, 403, 404]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.manage');
    return toJobJson(await stopJob(services, principal.orgId, request.params.id));
  });
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The public job: Unix-second times, QUEUED/RUNNING/FINISHED, the agent's name once one took it. */
export function toJobJson(job: JobRow): Job {
  return {
    metadata: {
      id: job.id,
      name: job.name,
      create_time: seconds(job.created_at),
      update_time: seconds(job.updated_at),
      ...(job.started_at !== null ? { start_time: seconds(job.started_at) } : {}),
      ...(job.finished_at !== null ? { finish_time: seconds(job.finished_at) } : {}),
    },
    spec: JSON.parse(job.spec) as JobSpec,
    status: {
      state: toPublicState(job.state),
      ...(job.result !== null ? { result: toPublicResult(job.result) } : {}),
      ...(job.agent_name !== null && job.state !== 'queued' ? { agent: { name: job.agent_name, ip: job.agent_ip ?? '', ports: [] } } : {}),
      ...(job.failure_reason !== null ? { failure_reason: job.failure_reason } : {}),
      log: { events: job.log_event_count, bytes: Number(job.log_bytes), trimmed: job.log_trimmed === 1 },
    },
  };
}
