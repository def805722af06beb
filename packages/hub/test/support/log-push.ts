import type { JobRequest } from '@outpost/protocol';
import { AGENT_USER_AGENT, agentCall, createType, register } from './hub-clients.js';
import { submitJob } from './jobs-client.js';
import type { TestHub } from './start-hub.js';

/** Register, take a job of `type` and fetch it, exactly as the official agent would; returns what a log push needs. */
export async function takeJob(hub: TestHub, type: string): Promise<{ accessToken: string; jobId: string; logUrl: string; logToken: string }> {
  const registered = await register(hub, await createType(hub, type));
  const accessToken = (registered.body as { token: string }).token;
  const job = await submitJob(hub, type, ['echo hi']);
  await agentCall(hub, '/api/v1/self_hosted_agents/sync', accessToken, { state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 });
  const res = await fetch(`${hub.url}/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, { headers: { authorization: `Token ${accessToken}`, 'user-agent': AGENT_USER_AGENT } });
  const payload = (await res.json()) as JobRequest;
  return { accessToken, jobId: job.metadata.id, logUrl: payload.logger.url, logToken: payload.logger.token };
}

/** A log push as the official agent sends it (text/plain NDJSON); the body may be raw bytes. */
export async function pushLog(url: string, token: string | null, body: string | Buffer, query = '?start_from=0') {
  const res = await fetch(`${url}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': AGENT_USER_AGENT, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as { message?: string; code?: string }) : undefined };
}
