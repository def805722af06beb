import { expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { JobRequest, SyncResponse } from '@outpost/protocol';
import { AGENT_USER_AGENT, agentCall, api, createType, register, startHubWithAdmin, type Response, describeEachDialect } from '../support/hub-clients.js';
import { submitJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';

const SYNC = '/api/v1/self_hosted_agents/sync';
const TYPE = 's1-sync';
const waiting = { state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 };

async function agentGet(hub: TestHub, path: string, token: string | null): Promise<Response> {
  const res = await fetch(`${hub.url}${path}`, { headers: { 'user-agent': AGENT_USER_AGENT, ...(token ? { authorization: `Token ${token}` } : {}) } });
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

async function newAgent(hub: TestHub, registrationToken: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await register(hub, registrationToken, overrides);
  return (res.body as { token: string }).token;
}

/** A sync sent like an Outpost agent: the official request plus X-Outpost-Wait. */
async function longPollSync(hub: TestHub, token: string, body: unknown, seconds = 20): Promise<Response> {
  const res = await fetch(`${hub.url}${SYNC}`, {
    method: 'POST',
    headers: { authorization: `Token ${token}`, 'user-agent': AGENT_USER_AGENT, 'x-outpost-wait': String(seconds) },
    body: new TextEncoder().encode(JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as unknown, headers: res.headers };
}

await describeEachDialect('POST /sync as the official agent sends it (spec §1.3) (%s)', (dialect) => {
  it('answers 200 with the four keys, an idle interval of 4–6 s and the long-poll marker, and records the sync', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const res = await agentCall(hub, SYNC, token, waiting);
    expect(res.status).toBe(200);
    expect(Value.Check(SyncResponse, res.body)).toBe(true);
    expect(Object.keys(res.body as object).sort()).toEqual(['action', 'job_id', 'next_sync_after', 'shutdown_reason']);
    const answer = res.body as SyncResponse;
    expect(answer).toMatchObject({ action: 'continue', job_id: '', shutdown_reason: '' });
    expect(answer.next_sync_after).toBeGreaterThanOrEqual(4000);
    expect(answer.next_sync_after).toBeLessThan(6000);
    expect(res.headers.get('x-outpost-long-poll')).toBe('1');
    const row = await hub.services.store.db.selectFrom('agents').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'waiting-for-jobs', long_poll: 0 });
    expect(row.last_sync_at).toBeGreaterThan(0);
  });

  it('hands a queued job out with run-job, then the job payload of spec §3.5 on GET /jobs/:id', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const job = await submitJob(hub, TYPE, ['echo hi'], { env_vars: [{ name: 'A', value: 'b' }] });
    const answer = (await agentCall(hub, SYNC, token, waiting)).body as SyncResponse;
    expect(answer).toMatchObject({ action: 'run-job', job_id: job.metadata.id });
    const res = await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, token);
    expect(res.status).toBe(200);
    expect(Value.Check(JobRequest, res.body)).toBe(true);
    const payload = res.body as JobRequest;
    expect(payload.logger).toEqual({ method: 'push', url: `${hub.url}/api/v1/logs/${job.metadata.id}`, token: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(payload.env_vars).toContainEqual({ name: 'SEMAPHORE_JOB_ID', value: Buffer.from(job.metadata.id).toString('base64') });
    expect(payload.env_vars).toContainEqual({ name: 'A', value: Buffer.from('b').toString('base64') });
    const running = (await agentCall(hub, SYNC, token, { state: 'running-job', job_id: job.metadata.id, job_result: '', interrupted_at: 0 })).body as SyncResponse;
    expect(running.action).toBe('continue');
    // A polling agent with a job in hand syncs within OUTPOST_RUNNING_SYNC_INTERVAL_MS (1.5 s), so a stop reaches it.
    expect(running.next_sync_after).toBeLessThanOrEqual(1500);
  });

  it('records a repeated finished-job once and answers wait-for-jobs each time (spec §2.2)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await agentCall(hub, SYNC, token, waiting);
    await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, token);
    const finished = { state: 'finished-job', job_id: job.metadata.id, job_result: 'passed', interrupted_at: 0 };
    expect(((await agentCall(hub, SYNC, token, finished)).body as SyncResponse).action).toBe('wait-for-jobs');
    const repeated = await agentCall(hub, SYNC, token, { ...finished, job_result: 'failed' });
    expect((repeated.body as SyncResponse).action).toBe('wait-for-jobs');
    const view = await api(hub, 'GET', `/api/v1alpha/jobs/${job.metadata.id}`);
    expect(view.body).toMatchObject({ status: { state: 'FINISHED', result: 'PASSED' } });
  });

  it.each([
    { name: 'no Authorization', token: null, body: waiting, status: 401, message: 'send an API token' },
    { name: 'an unknown access token', token: 'nope', body: waiting, status: 401, message: 'the agent access token is invalid' },
    { name: 'a body that is not JSON', token: 'valid', raw: '{"state":', status: 400, message: 'not valid JSON' },
    { name: 'no body', token: 'valid', raw: '', status: 422, message: 'must be a JSON object' },
    { name: 'an array body', token: 'valid', body: [waiting], status: 422, message: 'must be a JSON object' },
    { name: 'a JSON string body', token: 'valid', raw: '"sync"', status: 422, message: 'the sync request body must be a JSON object' },
    { name: 'an unknown state', token: 'valid', body: { ...waiting, state: 'dancing' }, status: 422, message: 'the sync request is not valid: state must be one of "waiting-for-jobs", "starting-job", "running-job", "stopping-job", "finished-job"; got "dancing"' },
    { name: 'a missing key', token: 'valid', body: { state: 'waiting-for-jobs', job_id: '', job_result: '' }, status: 422, message: 'the sync request is not valid: interrupted_at is required' },
    { name: 'an unknown job result', token: 'valid', body: { ...waiting, job_result: 'great' }, status: 422, message: 'job_result must be one of "", "passed", "failed", "stopped"; got "great"' },
    { name: 'a negative interrupted_at', token: 'valid', body: { ...waiting, interrupted_at: -1 }, status: 422, message: 'interrupted_at must be at least 0; got -1' },
    { name: 'interrupted_at as text', token: 'valid', body: { ...waiting, interrupted_at: '0' }, status: 422, message: 'interrupted_at must be a whole number; got "0"' },
    { name: 'a job_id over 200 characters', token: 'valid', body: { ...waiting, job_id: 'j'.repeat(201) }, status: 422, message: 'job_id may have at most 200 characters; got 201' },
    { name: 'a null job_id', token: 'valid', body: { ...waiting, job_id: null }, status: 422, message: 'job_id must be a string; got null' },
  ])('answers $name with $status and a readable message', async ({ token, body, raw, status, message }) => {
    const hub = await startHubWithAdmin({ dialect });
    const valid = await newAgent(hub, await createType(hub, TYPE));
    const res = await agentCall(hub, SYNC, token === 'valid' ? valid : token, body, raw);
    expect(res.status).toBe(status);
    expect((res.body as { message: string }).message).toContain(message);
  });
});

await describeEachDialect('GET /jobs/:id, /refresh and /metrics (%s)', (dialect) => {
  it('answers 404 for a job that is not assigned to the agent, and for another agent\'s job', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const [mine, other] = [await newAgent(hub, registrationToken), await newAgent(hub, registrationToken)];
    const job = await submitJob(hub, TYPE, ['echo hi']);
    expect((await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, mine)).status).toBe(404);
    await agentCall(hub, SYNC, mine, waiting);
    const stolen = await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, other);
    expect(stolen.status).toBe(404);
    expect((stolen.body as { code: string }).code).toBe('JOB_NOT_ASSIGNED');
    expect((await agentGet(hub, '/api/v1/self_hosted_agents/jobs/unknown', mine)).status).toBe(404);
    expect((await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, null)).status).toBe(401);
  });

  it('refreshes a log token only while a job is assigned (422 otherwise, like production)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const idle = await agentCall(hub, '/api/v1/self_hosted_agents/refresh', token);
    expect(idle.status).toBe(422);
    expect((idle.body as { code: string }).code).toBe('NO_JOB_ASSIGNED');
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await agentCall(hub, SYNC, token, waiting);
    const first = (await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, token)).body as JobRequest;
    const refreshed = await agentCall(hub, '/api/v1/self_hosted_agents/refresh', token);
    expect(refreshed.status).toBe(200);
    const next = (refreshed.body as { token: string }).token;
    expect(next).toMatch(/^[0-9a-f]{64}$/);
    expect(next).not.toBe(first.logger.token);
  });

  it('reports queued/running jobs and idle/occupied agents to an autoscaler holding the registration token', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const [busy] = [await newAgent(hub, registrationToken), await newAgent(hub, registrationToken)];
    const first = await submitJob(hub, TYPE, ['echo one']);
    await submitJob(hub, TYPE, ['echo two']);
    await agentCall(hub, SYNC, busy!, waiting);
    await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${first.metadata.id}`, busy!);
    const res = await agentGet(hub, '/api/v1/self_hosted_agents/metrics', registrationToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jobs: { queued: 1, running: 1 }, agents: { idle: 1, occupied: 1 } });
    expect((await agentGet(hub, '/api/v1/self_hosted_agents/metrics', null)).status).toBe(401);
    expect((await agentGet(hub, '/api/v1/self_hosted_agents/metrics', 'f'.repeat(64))).status).toBe(404);
  });
});

await describeEachDialect('long-poll (X-Outpost-Wait, DESIGN §2) (%s)', (dialect) => {
  it('holds a waiting agent and answers run-job the moment a job is queued for its type', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const held = longPollSync(hub, token, waiting);
    await waitFor(() => hub.services.longPoll.heldCount() === 1, { message: 'the sync to be held' });
    const job = await submitJob(hub, TYPE, ['echo hi']);
    const res = await held;
    expect(res.body).toMatchObject({ action: 'run-job', job_id: job.metadata.id });
    expect(res.headers.get('x-outpost-long-poll')).toBe('1');
  });

  it('answers a held running agent with stop-job the moment its job is stopped', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await agentCall(hub, SYNC, token, waiting);
    await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, token);
    const held = longPollSync(hub, token, { state: 'running-job', job_id: job.metadata.id, job_result: '', interrupted_at: 0 });
    await waitFor(() => hub.services.longPoll.heldCount() === 1, { message: 'the sync to be held' });
    await api(hub, 'POST', `/api/v1alpha/jobs/${job.metadata.id}/stop`);
    expect((await held).body).toMatchObject({ action: 'stop-job', job_id: job.metadata.id });
  });

  it('answers a held idle agent with shutdown requested the moment it is disabled', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const token = await newAgent(hub, registrationToken, { name: 'held-agent-1' });
    const held = longPollSync(hub, token, waiting);
    await waitFor(() => hub.services.longPoll.heldCount() === 1, { message: 'the sync to be held' });
    await api(hub, 'POST', '/api/v1alpha/agents/held-agent-1/disable');
    expect((await held).body).toMatchObject({ action: 'shutdown', shutdown_reason: 'requested' });
  });

  it('answers shutdown idle when the idle timeout passes during the hold', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE), { idle_timeout: 1 });
    expect((await longPollSync(hub, token, waiting)).body).toMatchObject({ action: 'shutdown', shutdown_reason: 'idle' });
  });

  it('answers every held sync with continue when the hub shuts down', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const held = longPollSync(hub, token, waiting);
    await waitFor(() => hub.services.longPoll.heldCount() === 1, { message: 'the sync to be held' });
    await hub.stop();
    const res = await held;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'continue' });
  });

  it('does not hold an agent that has something to hear (a queued job) and never holds finished-job', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await newAgent(hub, await createType(hub, TYPE));
    const job = await submitJob(hub, TYPE, ['echo hi']);
    expect((await longPollSync(hub, token, waiting)).body).toMatchObject({ action: 'run-job' });
    await agentGet(hub, `/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, token);
    const finished = await longPollSync(hub, token, { state: 'finished-job', job_id: job.metadata.id, job_result: 'passed', interrupted_at: 0 });
    expect(finished.body).toMatchObject({ action: 'wait-for-jobs' });
    const row = await hub.services.store.db.selectFrom('agents').select('long_poll').executeTakeFirstOrThrow();
    expect(row.long_poll).toBe(1);
  });
});
