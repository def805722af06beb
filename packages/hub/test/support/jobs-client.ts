import type { Job } from '@outpost/protocol';
import type { TestHub } from './start-hub.js';
import { api } from './hub-clients.js';
import { waitFor } from '../../../../test-support/wait-for.js';

/** Queues a job through the public API, as a user or the CLI would. */
export async function submitJob(hub: TestHub, type: string, commands: string[], spec: Record<string, unknown> = {}, name = 'test job'): Promise<Job> {
  const res = await api(hub, 'POST', '/api/v1alpha/jobs', { body: { metadata: { name }, spec: { agent: { machine: { type } }, commands, ...spec } } });
  if (res.status !== 200) throw new Error(`submit job: ${res.status} ${res.text}`);
  return res.body as Job;
}

export async function getJob(hub: TestHub, id: string): Promise<Job> {
  const res = await api(hub, 'GET', `/api/v1alpha/jobs/${id}`);
  if (res.status !== 200) throw new Error(`get job: ${res.status} ${res.text}`);
  return res.body as Job;
}

export async function waitForJob(hub: TestHub, id: string, predicate: (job: Job) => boolean, message: string, timeoutMs = 15_000): Promise<Job> {
  return waitFor(async () => {
    const job = await getJob(hub, id);
    return predicate(job) ? job : null;
  }, { timeoutMs, message });
}

export const isFinished = (job: Job) => job.status.state === 'FINISHED';

export async function storedEvents(hub: TestHub, id: string): Promise<unknown[]> {
  const res = await api(hub, 'GET', `/api/v1alpha/logs/${id}`);
  if (res.status !== 200) throw new Error(`get log: ${res.status} ${res.text}`);
  return (res.body as { events: unknown[] }).events;
}
