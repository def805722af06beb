import type {
  Agent,
  AgentList,
  AgentType,
  AgentTypeList,
  Job,
  JobInput,
  JobList,
  PartialRebuildResponse,
  PipelineDescribe,
  PipelineList,
  PipelineMessage,
  PipelineValidateInput,
  PipelineValidateResponse,
  PipelineYamlRunInput,
  PipelineYamlRunResponse,
  RescheduleResponse,
  Secret,
  SecretInput,
  SecretList,
  Project,
  ProjectInput,
  ProjectList,
  WorkflowDescribe,
  WorkflowList,
  WorkflowRunInput,
  WorkflowRunResponse,
  WorkflowTerminateResponse,
  ApiTokenList,
  AuditEventList,
  CreatedApiToken,
  CreatedInvitation,
  InvitationList,
  Member,
  MemberList,
  Organization,
  OrganizationList,
  RoleName,
} from '@outpost/protocol';

/** A typed client over /api/v1alpha for the `outpost` CLI. Errors carry the hub's message for a person. */
export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export class ApiError extends Error {
  readonly status: number;
  /** The hub's parsed error body (e.g. a pipeline file's problems), when it sent JSON. */
  readonly body: unknown;
  constructor(message: string, status: number, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/** What every resource's methods send through: one authenticated JSON request, its error made readable. */
type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const enc = encodeURIComponent;

export function createApiClient(options: ApiClientOptions) {
  const hub: HubConnection = { doFetch: options.fetch ?? fetch, base: options.baseUrl.replace(/\/+$/, ''), token: options.token };
  const call: Call = (method, path, body) => callHub(hub, method, path, body);
  return {
    ...agentTypeMethods(call),
    ...agentMethods(call),
    ...secretMethods(call),
    ...jobMethods(call),
    ...pipelineMethods(call),
    ...projectMethods(call),
    ...workflowMethods(call),
    ...logMethods(call, hub),
    ...teamMethods(call),
  };
}

interface HubConnection {
  doFetch: typeof fetch;
  base: string;
  token: string;
}

async function callHub<T>({ doFetch, base, token }: HubConnection, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await doFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Token ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error',
    });
  } catch (cause) {
    throw new ApiError(`cannot reach the hub at ${base}: ${(cause as Error).message}`, 0);
  }
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : {};
  if (!res.ok) {
    const message = (parsed as { message?: string } | undefined)?.message ?? (text || res.statusText);
    throw new ApiError(`${method} ${path}: ${res.status} ${message}`, res.status, parsed);
  }
  return parsed as T;
}

/** Self-hosted agent types. */
function agentTypeMethods(call: Call) {
  return {
    listAgentTypes: () => call<AgentTypeList>('GET', '/api/v1alpha/self_hosted_agent_types'),
    getAgentType: (name: string) => call<AgentType>('GET', `/api/v1alpha/self_hosted_agent_types/${enc(name)}`),
    createAgentType: (body: unknown) => call<AgentType>('POST', '/api/v1alpha/self_hosted_agent_types', body),
    updateAgentType: (name: string, body: unknown) => call<AgentType>('PATCH', `/api/v1alpha/self_hosted_agent_types/${enc(name)}`, body),
    deleteAgentType: (name: string) => call<unknown>('DELETE', `/api/v1alpha/self_hosted_agent_types/${enc(name)}`),
    resetToken: (name: string, disconnectAgents: boolean) =>
      call<AgentType>('POST', `/api/v1alpha/self_hosted_agent_types/${enc(name)}/reset_token`, { disconnect_agents: disconnectAgents }),
    disableAll: (name: string, onlyIdle: boolean) =>
      call<unknown>('POST', `/api/v1alpha/self_hosted_agent_types/${enc(name)}/disable_all`, { only_idle: onlyIdle }),
  };
}

/** Connected agents. */
function agentMethods(call: Call) {
  return {
    listAgents: (agentType: string | undefined, cursor: string) =>
      call<AgentList>(
        'GET',
        `/api/v1alpha/agents?page_size=200${agentType ? `&agent_type=${enc(agentType)}` : ''}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      ),
    getAgent: (name: string) => call<Agent>('GET', `/api/v1alpha/agents/${enc(name)}`),
    disableAgent: (name: string) => call<unknown>('POST', `/api/v1alpha/agents/${enc(name)}/disable`),
  };
}

/** Organization secrets (v1beta). */
function secretMethods(call: Call) {
  return {
    listSecrets: (pageToken: string) => call<SecretList>('GET', `/api/v1beta/secrets?page_size=100${pageToken ? `&page_token=${enc(pageToken)}` : ''}`),
    getSecret: (idOrName: string) => call<Secret>('GET', `/api/v1beta/secrets/${enc(idOrName)}`),
    createSecret: (body: SecretInput) => call<Secret>('POST', '/api/v1beta/secrets', body),
    updateSecret: (idOrName: string, body: SecretInput) => call<Secret>('PATCH', `/api/v1beta/secrets/${enc(idOrName)}`, body),
    deleteSecret: (idOrName: string) => call<unknown>('DELETE', `/api/v1beta/secrets/${enc(idOrName)}`),
  };
}

/** Jobs. */
function jobMethods(call: Call) {
  return {
    createJob: (job: JobInput) => call<Job>('POST', '/api/v1alpha/jobs', job),
    getJob: (id: string) => call<Job>('GET', `/api/v1alpha/jobs/${enc(id)}`),
    listJobs: (query: string) => call<JobList>('GET', `/api/v1alpha/jobs${query}`),
    stopJob: (id: string) => call<unknown>('POST', `/api/v1alpha/jobs/${enc(id)}/stop`),
  };
}

/** Pipelines, their reruns and YAML validation. */
function pipelineMethods(call: Call) {
  return {
    runPipelineYaml: (body: PipelineYamlRunInput) => call<PipelineYamlRunResponse>('POST', '/api/v1alpha/pipelines/yaml', body),
    validatePipeline: (body: PipelineValidateInput) => call<PipelineValidateResponse>('POST', '/api/v1alpha/pipelines/validate', body),
    describePipeline: (id: string) => call<PipelineDescribe>('GET', `/api/v1alpha/pipelines/${enc(id)}?detailed=true`),
    listPipelines: (query: string) => call<PipelineList>('GET', `/api/v1alpha/pipelines${query}`),
    stopPipeline: (id: string) => call<PipelineMessage>('PATCH', `/api/v1alpha/pipelines/${enc(id)}`, { terminate_request: true }),
    rerunFailedBlocks: (id: string, requestToken: string) =>
      call<PartialRebuildResponse>('POST', `/api/v1alpha/pipelines/${enc(id)}/partial_rebuild`, { request_token: requestToken }),
    rerunWorkflow: (workflowId: string, requestToken: string) =>
      call<RescheduleResponse>('POST', `/api/v1alpha/plumber-workflows/${enc(workflowId)}/reschedule?request_token=${enc(requestToken)}`),
  };
}

/** Projects. */
function projectMethods(call: Call) {
  return {
    listProjects: (page: number) => call<ProjectList>('GET', `/api/v1alpha/projects?page=${page}`),
    getProject: (idOrName: string) => call<Project>('GET', `/api/v1alpha/projects/${enc(idOrName)}`),
    createProject: (body: ProjectInput) => call<Project>('POST', '/api/v1alpha/projects', body),
    updateProject: (idOrName: string, body: ProjectInput) => call<Project>('PATCH', `/api/v1alpha/projects/${enc(idOrName)}`, body),
    deleteProject: (idOrName: string) => call<unknown>('DELETE', `/api/v1alpha/projects/${enc(idOrName)}`),
    resetWebhookSecret: (idOrName: string) => call<Project>('POST', `/api/v1alpha/projects/${enc(idOrName)}/reset_webhook_secret`),
  };
}

/** Workflows. */
function workflowMethods(call: Call) {
  return {
    runWorkflow: (body: WorkflowRunInput) => call<WorkflowRunResponse>('POST', '/api/v1alpha/plumber-workflows', body),
    listWorkflows: (query: string) => call<WorkflowList>('GET', `/api/v1alpha/plumber-workflows?${query}`),
    getWorkflow: (id: string) => call<WorkflowDescribe>('GET', `/api/v1alpha/plumber-workflows/${enc(id)}`),
    terminateWorkflow: (id: string) => call<WorkflowTerminateResponse>('POST', `/api/v1alpha/plumber-workflows/${enc(id)}/terminate`),
  };
}

/** People, invitations, organizations, personal API tokens and the audit log. */
function teamMethods(call: Call) {
  return {
    listMembers: () => call<MemberList>('GET', '/api/v1alpha/members'),
    setMemberRole: (userId: string, role: RoleName) => call<Member>('PATCH', `/api/v1alpha/members/${enc(userId)}`, { role }),
    removeMember: (userId: string) => call<unknown>('DELETE', `/api/v1alpha/members/${enc(userId)}`),
    listInvitations: () => call<InvitationList>('GET', '/api/v1alpha/invitations'),
    createInvitation: (email: string, role: RoleName) => call<CreatedInvitation>('POST', '/api/v1alpha/invitations', { email, role }),
    revokeInvitation: (id: string) => call<unknown>('DELETE', `/api/v1alpha/invitations/${enc(id)}`),
    listOrganizations: () => call<OrganizationList>('GET', '/api/v1alpha/organizations'),
    createOrganization: (name: string) => call<Organization>('POST', '/api/v1alpha/organizations', { name }),
    listApiTokens: () => call<ApiTokenList>('GET', '/api/v1alpha/api_tokens'),
    createApiToken: (name: string) => call<CreatedApiToken>('POST', '/api/v1alpha/api_tokens', { name }),
    revokeApiToken: (id: string) => call<unknown>('DELETE', `/api/v1alpha/api_tokens/${enc(id)}`),
    listAuditEvents: (pageSize: number, pageToken: string) =>
      call<AuditEventList>('GET', `/api/v1alpha/audit_events?page_size=${pageSize}${pageToken ? `&page_token=${enc(pageToken)}` : ''}`),
  };
}

/** Job logs: one read, or followed as they grow. */
function logMethods(call: Call, hub: HubConnection) {
  return {
    getLog: (id: string) => call<{ events: unknown[] }>('GET', `/api/v1alpha/logs/${enc(id)}`),
    /** Streams NDJSON events until the hub ends the stream (job finished). */
    async *followLog(id: string): AsyncGenerator<Record<string, unknown>> {
      const res = await hub.doFetch(`${hub.base}/api/v1alpha/logs/${enc(id)}?follow=true`, {
        headers: { authorization: `Token ${hub.token}` },
      });
      if (!res.ok || !res.body) throw new ApiError(`GET logs of ${id}: ${res.status} ${await res.text()}`, res.status);
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffered.indexOf('\n')) !== -1) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) yield JSON.parse(line) as Record<string, unknown>;
        }
      }
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML error page, say): the caller shows the raw text instead.
    return undefined;
  }
}
