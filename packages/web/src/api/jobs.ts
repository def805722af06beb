import type { Job, JobInput, JobList, JobState } from '@outpost/protocol';
import { enc, type ApiClient } from './client.js';

export interface JobFilters {
  state?: JobState;
  agentType?: string;
}

export async function listJobs(client: ApiClient, filters: JobFilters, signal?: AbortSignal): Promise<Job[]> {
  const query = new URLSearchParams();
  if (filters.state) query.set('state', filters.state);
  if (filters.agentType) query.set('agent_type', filters.agentType);
  const suffix = query.size > 0 ? `?${query}` : '';
  return (await client.get<JobList>(`/api/v1alpha/jobs${suffix}`, signal)).jobs;
}

export const getJob = (client: ApiClient, id: string, signal?: AbortSignal) => client.get<Job>(`/api/v1alpha/jobs/${enc(id)}`, signal);
export const createJob = (client: ApiClient, input: JobInput) => client.send<Job>('POST', '/api/v1alpha/jobs', input);
export const stopJob = (client: ApiClient, id: string) => client.send<unknown>('POST', `/api/v1alpha/jobs/${enc(id)}/stop`);
