import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Job, JobList } from '@outpost/protocol';
import { api, createType, createUserToken, startHubWithAdmin } from '../support/hub-clients.js';
import { isFinished, submitJob, waitForJob } from '../support/jobs-client.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const TYPE = 's1-api';
const valid = (spec: Record<string, unknown> = {}) => ({ metadata: { name: 'build' }, spec: { agent: { machine: { type: TYPE } }, commands: ['echo hi'], ...spec } });

describe('POST /api/v1alpha/jobs', () => {
  it('queues a job in Semaphore\'s shape and answers it with state QUEUED', async () => {
    const hub = await startHubWithAdmin();
    await createType(hub, TYPE);
    const res = await api(hub, 'POST', '/api/v1alpha/jobs', { body: valid({ env_vars: [{ name: 'A', value: '1' }], execution_time_limit: 600 }) });
    expect(res.status).toBe(200);
    const job = res.body as Job;
    expect(job.metadata).toMatchObject({ name: 'build', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(job.metadata.create_time).toBeGreaterThan(1_700_000_000);
    expect(job.spec).toEqual(valid({ env_vars: [{ name: 'A', value: '1' }], execution_time_limit: 600 }).spec);
    expect(job.status).toEqual({ state: 'QUEUED', log: { events: 0, bytes: 0, trimmed: false } });
    const row = await hub.services.store.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ priority: 50, execution_time_limit_s: 600, state: 'queued' });
  });

  it.each([
    { name: 'no token', token: null, body: valid(), status: 401, field: undefined },
    { name: 'a member (view only)', token: 'member', body: valid(), status: 403, field: undefined },
    { name: 'a body that is not JSON', raw: '{"metadata":', status: 400, field: undefined },
    { name: 'a JSON array', body: [1], status: 422, field: 'body', message: 'the request body must be a JSON object' },
    { name: 'no metadata.name', body: { metadata: {}, spec: valid().spec }, status: 422, field: 'metadata.name', message: 'the request is not valid: metadata.name is required' },
    { name: 'no machine type', body: { metadata: { name: 'x' }, spec: { agent: { machine: {} } } }, status: 422, field: 'spec.agent.machine.type', message: 'spec.agent.machine.type is required' },
    { name: 'an unknown agent type', body: valid({ agent: { machine: { type: 's1-nope' } } }), status: 422, field: 'spec.agent.machine.type', message: "agent type 's1-nope' does not exist" },
    { name: 'a cloud machine type', body: valid({ agent: { machine: { type: 'e1-standard-2' } } }), status: 422, field: 'spec.agent.machine.type', message: 'is not a self-hosted agent type' },
    { name: 'priority 101', body: valid({ priority: 101 }), status: 422, field: 'spec.priority', message: 'spec.priority must be at most 100; got 101' },
    { name: 'a negative priority', body: valid({ priority: -1 }), status: 422, field: 'spec.priority', message: 'spec.priority must be at least 0; got -1' },
    { name: 'a fractional priority', body: valid({ priority: 1.5 }), status: 422, field: 'spec.priority', message: 'spec.priority must be a whole number; got 1.5' },
    { name: 'a zero time limit', body: valid({ execution_time_limit: 0 }), status: 422, field: 'spec.execution_time_limit', message: 'must be at least 1; got 0' },
    { name: 'a command that is not text', body: valid({ commands: [{ directive: 'x' }] }), status: 422, field: 'spec.commands.0', message: 'spec.commands.0 must be a string; got an object' },
    { name: 'an empty name', body: { metadata: { name: '' }, spec: valid().spec }, status: 422, field: 'metadata.name', message: 'metadata.name must not be empty' },
    { name: 'file content that is not base64', body: valid({ files: [{ path: 'a', content: '%%%' }] }), status: 422, field: 'spec.files.0.content', message: 'must be standard base64 with padding' },
    { name: 'a bad env name', body: valid({ env_vars: [{ name: 'A-B', value: '' }] }), status: 422, field: 'spec.env_vars.0.name', message: "env var name 'A-B'" },
  ])('refuses $name with $status', async ({ token, body, raw, status, field, message }) => {
    const hub = await startHubWithAdmin();
    await createType(hub, TYPE);
    const asToken = token === 'member' ? await createUserToken(hub, 'member') : token;
    const res = await api(hub, 'POST', '/api/v1alpha/jobs', { token: asToken, body, rawBody: raw });
    expect(res.status).toBe(status);
    const text = (res.body as { message: string }).message;
    expect(text).toBeTruthy();
    if (message) expect(text).toContain(message);
    if (field) expect((res.body as { field?: string }).field).toBe(field);
    expect(await hub.services.store.db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });
});

describe('GET /api/v1alpha/jobs and /jobs/:id', () => {
  it('lists newest first, filters by state and type, and pages with next_page_token', async () => {
    const hub = await startHubWithAdmin();
    await createType(hub, TYPE);
    await createType(hub, 's1-other');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submitJob(hub, TYPE, [`echo ${i}`])).metadata.id);
    const other = await submitJob(hub, 's1-other', ['echo other']);
    await api(hub, 'POST', `/api/v1alpha/jobs/${ids[0]}/stop`);

    const all = (await api(hub, 'GET', '/api/v1alpha/jobs')).body as JobList;
    expect(all.jobs.map((j) => j.metadata.id)).toEqual([other.metadata.id, ...[...ids].reverse()]);
    expect(all.next_page_token).toBe('');

    const ofType = (await api(hub, 'GET', `/api/v1alpha/jobs?agent_type=${TYPE}&state=QUEUED`)).body as JobList;
    expect(ofType.jobs.map((j) => j.metadata.id)).toEqual([...ids.slice(1)].reverse());
    const finished = (await api(hub, 'GET', '/api/v1alpha/jobs?states=FINISHED')).body as JobList;
    expect(finished.jobs.map((j) => j.metadata.id)).toEqual([ids[0]]);

    const seen: string[] = [];
    let token = '';
    do {
      const page = (await api(hub, 'GET', `/api/v1alpha/jobs?page_size=2${token ? `&page_token=${token}` : ''}`)).body as JobList;
      expect(page.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...page.jobs.map((j) => j.metadata.id));
      token = page.next_page_token;
    } while (token);
    expect(seen).toEqual(all.jobs.map((j) => j.metadata.id));
  });

  it.each([
    { name: 'an unknown state', query: '?state=DONE', status: 400, field: 'state' },
    { name: 'a page size of 5000', query: '?page_size=5000', status: 400, field: 'page_size' },
    { name: 'a forged page token', query: '?page_token=!!', status: 400, field: 'page_token' },
    { name: 'an unknown agent type', query: '?agent_type=s1-nope', status: 404, field: undefined },
  ])('answers $name with $status', async ({ query, status, field }) => {
    const hub = await startHubWithAdmin();
    const res = await api(hub, 'GET', `/api/v1alpha/jobs${query}`);
    expect(res.status).toBe(status);
    if (field) expect((res.body as { field?: string }).field).toBe(field);
  });

  it('describes one job (404 for an unknown id), and lets members look but not stop', async () => {
    const hub = await startHubWithAdmin();
    await createType(hub, TYPE);
    const job = await submitJob(hub, TYPE, ['echo hi']);
    const member = await createUserToken(hub, 'member');
    expect((await api(hub, 'GET', `/api/v1alpha/jobs/${job.metadata.id}`, { token: member })).status).toBe(200);
    expect((await api(hub, 'POST', `/api/v1alpha/jobs/${job.metadata.id}/stop`, { token: member })).status).toBe(403);
    expect((await api(hub, 'GET', '/api/v1alpha/jobs/nope')).status).toBe(404);
    expect((await api(hub, 'POST', '/api/v1alpha/jobs/nope/stop')).status).toBe(404);
    expect((await api(hub, 'GET', '/api/v1alpha/logs/nope')).status).toBe(404);
    expect((await api(hub, 'GET', `/api/v1alpha/logs/${job.metadata.id}?follow=maybe`)).status).toBe(400);
  });

  it('refuses to stop a finished job with 409, saying how it ended, and leaves it as it was', async () => {
    const hub = await startHubWithAdmin();
    const registrationToken = await createType(hub, TYPE);
    const queued = await submitJob(hub, TYPE, ['echo hi']);
    const first = await api(hub, 'POST', `/api/v1alpha/jobs/${queued.metadata.id}/stop`);
    expect(first.status).toBe(200);
    const again = await api(hub, 'POST', `/api/v1alpha/jobs/${queued.metadata.id}/stop`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'JOB_ALREADY_FINISHED', message: `job ${queued.metadata.id} already finished (STOPPED); there is nothing to stop` });
    expect((await api(hub, 'GET', `/api/v1alpha/jobs/${queued.metadata.id}`)).body).toEqual(first.body);

    await startFakeAgent({ hubUrl: hub.url, registrationToken });
    const ran = await submitJob(hub, TYPE, ['echo hi']);
    await waitForJob(hub, ran.metadata.id, isFinished, 'the job to finish');
    const late = await api(hub, 'POST', `/api/v1alpha/jobs/${ran.metadata.id}/stop`);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'JOB_ALREADY_FINISHED', message: `job ${ran.metadata.id} already finished (PASSED); there is nothing to stop` });
  });
});

describe('GET /metrics (Prometheus)', () => {
  it('exposes queue depth per type, agents by state, pickup latency and syncs', async () => {
    const hub = await startHubWithAdmin();
    const registrationToken = await createType(hub, TYPE);
    await createType(hub, 's1-idle');
    await submitJob(hub, 's1-idle', ['echo waits']);
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 });
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await waitFor(() => agent.results.has(job.metadata.id), { message: 'the job to run' });
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/outpost_jobs_queued\{org="[^"]+",agent_type="s1-idle"\} 1/);
    expect(text).toMatch(/outpost_agents\{state="[a-z-]+"\} 1/);
    expect(text).toMatch(/outpost_job_pickup_seconds_count\{mode="long-poll"\} 1/);
    expect(text).toMatch(/outpost_syncs_total\{state="waiting-for-jobs",action="run-job"\} 1/);
    expect(text).toContain('outpost_long_poll_held');
  });

  it('asks for the bearer token when OUTPOST_METRICS_TOKEN is set', async () => {
    const hub = await startHubWithAdmin({ env: { OUTPOST_METRICS_TOKEN: 'scrape-secret-0123456789' } });
    for (const authorization of [undefined, 'Bearer wrong', 'Token scrape-secret-0123456789']) {
      const res = await fetch(`${hub.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED' });
    }
    const ok = await fetch(`${hub.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('outpost_syncs_total');
  });

  // Series carry organization ids: one tenant must not learn the others' from an open /metrics.
  it('refuses without a configured token once the hub has a second organization', async () => {
    const hub = await startHubWithAdmin();
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(200);
    await hub.services.store.db.insertInto('organizations').values({ id: randomUUID(), name: 'second', created_at: Date.now() }).execute();
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'METRICS_TOKEN_NOT_SET', message: expect.stringContaining('OUTPOST_METRICS_TOKEN') });
  });
});
