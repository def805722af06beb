import type { TSchema } from '@sinclair/typebox';
import {
  Agent,
  AgentList,
  AgentType,
  AgentTypeInput,
  AgentTypeList,
  AuditEvent,
  AuditEventList,
  ErrorBody,
  Job,
  JobInput,
  JobList,
  JobLog,
  PartialRebuildInput,
  PartialRebuildResponse,
  PipelineDescribe,
  PipelineInvalidBody,
  PipelineList,
  PipelineMessage,
  PipelineTerminateInput,
  PipelineTopology,
  PipelineValidateInput,
  PipelineValidateResponse,
  PipelineYamlRunInput,
  PipelineYamlRunResponse,
  RescheduleResponse,
  ResetTokenInput,
  YamlValidateInput,
  YamlValidateResponse,
  Secret,
  SecretInput,
  SecretList,
  Session,
  SESSION_COOKIE_NAME,
  SignInInput,
  Project,
  ProjectInput,
  ProjectList,
  WorkflowDescribe,
  WorkflowList,
  WorkflowRunInput,
  WorkflowRunResponse,
  WorkflowTerminateResponse,
} from '@outpost/protocol';
import { AGENTS_PAGE_SIZE, AUDIT_PAGE_SIZE } from './paging-policy.js';
import { pipelinePaths } from './pipelines-openapi.js';
import { secretPaths } from './secrets-openapi.js';
import { projectPaths } from './projects-openapi.js';
import { commitStatusPaths, commitStatusSchemas } from './commit-status-openapi.js';

export const OPENAPI_PATH = '/api/v1alpha/openapi.json';

type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; securitySchemes: Record<string, JsonObject> };
  security: Record<string, string[]>[];
}

/** Plain JSON Schema (TypeBox keeps its metadata under symbols, which a JSON document does not carry). */
const plain = (schema: TSchema): JsonObject => JSON.parse(JSON.stringify(schema)) as JsonObject;

// Not in @outpost/protocol: the hub reads this body field by hand (public-api/agent-types.ts readFlag).
const DisableAllInput = { type: 'object', properties: { only_idle: { type: 'boolean', default: true } } };
const Empty = { type: 'object', properties: {}, additionalProperties: false };

const SCHEMAS: Record<string, JsonObject> = {
  AgentType: plain(AgentType),
  AgentTypeInput: plain(AgentTypeInput),
  AgentTypeList: plain(AgentTypeList),
  ResetTokenInput: plain(ResetTokenInput),
  DisableAllInput,
  Agent: plain(Agent),
  AgentList: plain(AgentList),
  Job: plain(Job),
  JobInput: plain(JobInput),
  JobList: plain(JobList),
  JobLog: plain(JobLog),
  AuditEvent: plain(AuditEvent),
  AuditEventList: plain(AuditEventList),
  PipelineDescribe: plain(PipelineDescribe),
  PipelineList: plain(PipelineList),
  PipelineTopology: plain(PipelineTopology),
  PipelineTerminateInput: plain(PipelineTerminateInput),
  PipelineMessage: plain(PipelineMessage),
  PartialRebuildInput: plain(PartialRebuildInput),
  PartialRebuildResponse: plain(PartialRebuildResponse),
  RescheduleResponse: plain(RescheduleResponse),
  PipelineYamlRunInput: plain(PipelineYamlRunInput),
  PipelineYamlRunResponse: plain(PipelineYamlRunResponse),
  PipelineInvalidBody: plain(PipelineInvalidBody),
  PipelineValidateInput: plain(PipelineValidateInput),
  PipelineValidateResponse: plain(PipelineValidateResponse),
  YamlValidateInput: plain(YamlValidateInput),
  YamlValidateResponse: plain(YamlValidateResponse),
  SignInInput: plain(SignInInput),
  Session: plain(Session),
  Secret: plain(Secret),
  SecretInput: plain(SecretInput),
  SecretList: plain(SecretList),
  Project: plain(Project),
  ProjectInput: plain(ProjectInput),
  ProjectList: plain(ProjectList),
  WorkflowRunInput: plain(WorkflowRunInput),
  WorkflowRunResponse: plain(WorkflowRunResponse),
  WorkflowList: plain(WorkflowList),
  WorkflowDescribe: plain(WorkflowDescribe),
  WorkflowTerminateResponse: plain(WorkflowTerminateResponse),
  ...commitStatusSchemas(),
  Empty,
  ErrorBody: plain(ErrorBody),
};

const ERROR_MEANINGS: Record<number, string> = {
  400: 'the request is not valid (bad JSON, a bad query parameter)',
  401: 'no API token or session, or the token is invalid',
  403: 'your role lacks the permission, or the CSRF token of a session is missing',
  404: 'the named thing does not exist in your organization',
  409: 'the change conflicts with the current state',
  413: 'the request body is larger than the limit for this route',
  422: 'a field of the body is not valid; `field` names it',
  502: 'the hub could not fetch from the project\'s repository (unreachable, credentials refused, too slow or too large)',
  503: 'this hub is not set up for it (secrets without OUTPOST_SECRETS_KEY on PostgreSQL); the message says what to set',
};

export type SchemaName = keyof typeof SCHEMAS;
export const ref = (name: keyof typeof SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
export const json = (name: keyof typeof SCHEMAS) => ({ 'application/json': { schema: ref(name) } });

export interface Operation {
  summary: string;
  description?: string;
  params?: string[];
  query?: { name: string; description: string; schema: JsonObject }[];
  body?: keyof typeof SCHEMAS;
  bodyRequired?: boolean;
  ok: keyof typeof SCHEMAS;
  okContent?: JsonObject;
  errors: number[];
  /** Reading the document and signing in need no credentials. */
  public?: boolean;
}

export function operation(id: string, tag: string, op: Operation): JsonObject {
  const parameters = [
    ...(op.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(op.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema })),
  ];
  const errors = Object.fromEntries(op.errors.map((status) => [String(status), { description: ERROR_MEANINGS[status], content: json('ErrorBody') }]));
  return {
    operationId: id,
    tags: [tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: op.bodyRequired ?? true, content: json(op.body) } } : {}),
    responses: { '200': { description: 'OK', content: op.okContent ?? json(op.ok) }, ...errors },
    ...(op.public ? { security: [] } : {}),
  };
}

export const pageSize = (rule: { fallback: number; min: number; max: number }) => ({
  name: 'page_size',
  description: `results per page, ${rule.min} to ${rule.max}; 0 or absent means ${rule.fallback}`,
  schema: { type: 'integer', minimum: 0, maximum: rule.max },
});
export const str = (name: string, description: string) => ({ name, description, schema: { type: 'string' } });

const TYPES = '/api/v1alpha/self_hosted_agent_types';
const READ = [401, 403];
const CHANGE = [400, 401, 403];

/** The OpenAPI 3.1 document of every /api/v1alpha route the hub registers; schemas come from @outpost/protocol. */
export function buildOpenApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Outpost public API',
      version: 'v1alpha',
      description:
        "Semaphore's v1alpha paths and JSON for self-hosted agent types and agents, plus Outpost's jobs, logs, audit " +
        'events and web-UI session, and Semaphore\'s v1beta secrets (write-only). Every 4xx answer has an ErrorBody. Times are Unix seconds.',
    },
    security: [{ apiToken: [] }, { sessionCookie: [] }],
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        apiToken: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'An API token sent as `Authorization: Token <api token>` (`Bearer <api token>` works too).',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE_NAME,
          description: 'The web UI session from POST /api/v1alpha/session; changes also need the `X-CSRF-Token` header.',
        },
      },
    },
    paths: {
      [OPENAPI_PATH]: {
        get: operation('getOpenApi', 'meta', { summary: 'This document', ok: 'Empty', okContent: { 'application/json': { schema: { type: 'object' } } }, errors: [], public: true }),
      },
      [TYPES]: {
        get: operation('listAgentTypes', 'agent types', { summary: "List the organization's self-hosted agent types", ok: 'AgentTypeList', errors: READ }),
        post: operation('createAgentType', 'agent types', {
          summary: 'Create an agent type',
          description: 'The name must start with `s1-`. The answer is the only one that carries `status.registration_token`, apart from reset_token.',
          body: 'AgentTypeInput',
          ok: 'AgentType',
          errors: [...CHANGE, 409, 422],
        }),
      },
      [`${TYPES}/{name}`]: {
        get: operation('getAgentType', 'agent types', { summary: 'Describe an agent type', params: ['name'], ok: 'AgentType', errors: [...READ, 404] }),
        patch: operation('updateAgentType', 'agent types', {
          summary: "Change an agent type's name assignment settings (the name stays)",
          params: ['name'],
          body: 'AgentTypeInput',
          ok: 'AgentType',
          errors: [...CHANGE, 404, 422],
        }),
        delete: operation('deleteAgentType', 'agent types', {
          summary: 'Delete an agent type',
          description: 'Refused with 409 while agents of the type are connected or its jobs are queued or running.',
          params: ['name'],
          ok: 'Empty',
          errors: [...CHANGE, 404, 409],
        }),
      },
      [`${TYPES}/{name}/disable_all`]: {
        post: operation('disableAllAgents', 'agent types', {
          summary: 'Disable the agents of a type (only idle ones unless only_idle is false)',
          params: ['name'],
          body: 'DisableAllInput',
          bodyRequired: false,
          ok: 'Empty',
          errors: [...CHANGE, 404, 422],
        }),
      },
      [`${TYPES}/{name}/reset_token`]: {
        post: operation('resetRegistrationToken', 'agent types', {
          summary: 'Replace the registration token (Outpost extension)',
          description: 'The old token stops working at once; with disconnect_agents the connected agents are disconnected too.',
          params: ['name'],
          body: 'ResetTokenInput',
          bodyRequired: false,
          ok: 'AgentType',
          errors: [...CHANGE, 404, 422],
        }),
      },
      '/api/v1alpha/agents': {
        get: operation('listAgents', 'agents', {
          summary: 'List connected agents, oldest connection first',
          query: [
            str('agent_type', 'only agents of this type'),
            pageSize(AGENTS_PAGE_SIZE),
            str('cursor', 'the `cursor` of the previous page; an empty cursor in an answer means the last page'),
          ],
          ok: 'AgentList',
          errors: [400, ...READ, 404],
        }),
      },
      '/api/v1alpha/agents/{name}': {
        get: operation('getAgent', 'agents', { summary: 'Describe a connected agent', params: ['name'], ok: 'Agent', errors: [...READ, 404] }),
      },
      '/api/v1alpha/agents/{name}/disable': {
        post: operation('disableAgent', 'agents', {
          summary: 'Disable one agent (Outpost extension): it finishes its job, then disconnects',
          params: ['name'],
          ok: 'Agent',
          errors: [...CHANGE, 404],
        }),
      },
      '/api/v1alpha/jobs': {
        get: operation('listJobs', 'jobs', {
          summary: 'List jobs, newest first',
          query: [
            { name: 'state', description: 'QUEUED, RUNNING or FINISHED; repeatable or comma-separated (alias: states)', schema: { type: 'string' } },
            str('agent_type', 'only jobs for this agent type (alias: type)'),
            pageSize({ fallback: 100, min: 1, max: 1000 }),
            str('page_token', 'the `next_page_token` of the previous page'),
          ],
          ok: 'JobList',
          errors: [400, ...READ, 404],
        }),
        post: operation('createJob', 'jobs', {
          summary: "Submit a job for a self-hosted agent type (`spec.agent.machine.type`), in Semaphore's job shape",
          body: 'JobInput',
          ok: 'Job',
          errors: [...CHANGE, 413, 422],
        }),
      },
      '/api/v1alpha/jobs/{id}': {
        get: operation('getJob', 'jobs', { summary: 'Describe a job', params: ['id'], ok: 'Job', errors: [...READ, 404] }),
      },
      '/api/v1alpha/jobs/{id}/stop': {
        post: operation('stopJob', 'jobs', { summary: 'Stop a queued or running job', params: ['id'], ok: 'Job', errors: [...CHANGE, 404] }),
      },
      '/api/v1alpha/logs/{id}': {
        get: operation('getJobLog', 'jobs', {
          summary: "A job's log events",
          description: 'With `follow=true` the answer is NDJSON (one event per line), streamed until the job finishes.',
          params: ['id'],
          query: [
            { name: 'follow', description: 'stream NDJSON until the job finishes', schema: { type: 'boolean' } },
            { name: 'start_from', description: 'index of the first event to return', schema: { type: 'integer', minimum: 0 } },
          ],
          ok: 'JobLog',
          okContent: { ...json('JobLog'), 'application/x-ndjson': { schema: { type: 'string' } } },
          errors: [400, ...READ, 404],
        }),
      },
      ...pipelinePaths(),
      ...secretPaths(),
      ...projectPaths(),
      ...commitStatusPaths(),
      '/api/v1alpha/audit_events': {
        get: operation('listAuditEvents', 'audit', {
          summary: 'Who changed what, newest first (Outpost extension)',
          query: [pageSize(AUDIT_PAGE_SIZE), str('page_token', 'the `next_page_token` of the previous page')],
          ok: 'AuditEventList',
          errors: [400, ...READ],
        }),
      },
      '/api/v1alpha/session': {
        post: operation('signIn', 'session', {
          summary: 'Sign in to the web UI with email and password; sets the HttpOnly session cookie',
          body: 'SignInInput',
          ok: 'Session',
          errors: [400, 401],
          public: true,
        }),
        get: operation('getSession', 'session', { summary: 'Who is signed in, and the CSRF token to send with changes', ok: 'Session', errors: [401] }),
        delete: operation('signOut', 'session', { summary: 'Sign out (clears the session cookie)', ok: 'Empty', errors: [403] }),
      },
    },
  };
}
