import type {
  PipelineDescribe,
  PipelineList,
  Project,
  ProjectForge,
  ProjectForgeInput,
  ProjectInput,
  ProjectList,
  WorkflowList,
  WorkflowRunInput,
  WorkflowRunResponse,
} from '@outpost/protocol';
import { enc, type ApiClient } from './client.js';

const PROJECTS = '/api/v1alpha/projects';
const WORKFLOWS = '/api/v1alpha/plumber-workflows';

export const listProjects = (client: ApiClient, signal?: AbortSignal) => client.get<ProjectList>(PROJECTS, signal);
export const getProject = (client: ApiClient, name: string, signal?: AbortSignal) => client.get<Project>(`${PROJECTS}/${enc(name)}`, signal);
export const createProject = (client: ApiClient, input: ProjectInput) => client.send<Project>('POST', PROJECTS, input);
export const updateProject = (client: ApiClient, name: string, input: ProjectInput) => client.send<Project>('PATCH', `${PROJECTS}/${enc(name)}`, input);
export const deleteProject = (client: ApiClient, name: string) => client.send<unknown>('DELETE', `${PROJECTS}/${enc(name)}`);
export const resetWebhookSecret = (client: ApiClient, name: string) => client.send<Project>('POST', `${PROJECTS}/${enc(name)}/reset_webhook_secret`);

export const getProjectForge = (client: ApiClient, name: string, signal?: AbortSignal) => client.get<ProjectForge>(`${PROJECTS}/${enc(name)}/commit_status`, signal);
export const updateProjectForge = (client: ApiClient, name: string, input: ProjectForgeInput) =>
  client.send<ProjectForge>('PUT', `${PROJECTS}/${enc(name)}/commit_status`, input);

export const listWorkflows = (client: ApiClient, projectId: string, pageSize: number, signal?: AbortSignal) =>
  client.get<WorkflowList>(`${WORKFLOWS}?project_id=${enc(projectId)}&page_size=${pageSize}`, signal);
export const runWorkflow = (client: ApiClient, input: WorkflowRunInput) => client.send<WorkflowRunResponse>('POST', WORKFLOWS, input);

export const listWorkflowPipelines = (client: ApiClient, workflowId: string, signal?: AbortSignal) =>
  client.get<PipelineList>(`/api/v1alpha/pipelines?wf_id=${enc(workflowId)}`, signal);
export const describePipeline = (client: ApiClient, id: string, signal?: AbortSignal) => client.get<PipelineDescribe>(`/api/v1alpha/pipelines/${enc(id)}`, signal);
