import { describe, expect, it } from 'vitest';
import type { SyncResponse } from '@outpost/protocol';
import { AGENT_USER_AGENT, agentCall, createType, describeEachDialect, register, startHubWithAdmin } from '../support/hub-clients.js';
import { getJob, submitJob } from '../support/jobs-client.js';
import { startHub, type TestHub } from '../support/start-hub.js';
import { postgresAvailable } from '../support/test-database.js';

/**
 * A polling (official) agent's next sync is aimed at its next deadline — idle timeout, interruption grace end,
 * execution time limit — from the facts the database holds, on both dialects. The hub's clock is the test's, so
 * the intervals are exact: `deadline - now + 50 ms` when that is shorter than the usual interval.
 */
const SYNC = '/api/v1/self_hosted_agents/sync';
const TYPE = 's1-aimed';
const waiting = { state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 };
const running = (jobId: string, interruptedAt = 0) => ({ state: 'running-job', job_id: jobId, job_result: '', interrupted_at: interruptedAt });

function clock() {
  let at = 1_800_000_000_000;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

async function agent(hub: TestHub, settings: Record<string, unknown> = {}) {
  const res = await register(hub, await createType(hub, TYPE), settings);
  const token = (res.body as { token: string }).token;
  return { token, sync: async (body: unknown) => (await agentCall(hub, SYNC, token, body)).body as SyncResponse };
}

/** An agent that was handed a job and fetched it (the job runs from then on). */
async function runningAgent(hub: TestHub, settings: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  const { sync, token } = await agent(hub, settings);
  const job = await submitJob(hub, TYPE, ['sleep 600'], spec);
  const jobId = job.metadata.id;
  expect(await sync(waiting)).toMatchObject({ action: 'run-job', job_id: jobId });
  const fetched = await fetch(`${hub.url}/api/v1/self_hosted_agents/jobs/${jobId}`, { headers: { 'user-agent': AGENT_USER_AGENT, authorization: `Token ${token}` } });
  expect(fetched.status).toBe(200);
  return { sync, jobId, token };
}

await describeEachDialect('next_sync_after aimed at the next deadline (%s)', (dialect) => {
  it('idle timeout 15 s: the usual 4–6 s, then 50 ms past the deadline, then shutdown idle', async () => {
    const time = clock();
    const hub = await startHubWithAdmin({ dialect, now: time.now });
    const { sync } = await agent(hub, { idle_timeout: 15 });
    const first = await sync(waiting);
    expect(first.action).toBe('continue');
    expect(first.next_sync_after).toBeGreaterThanOrEqual(4_000);
    expect(first.next_sync_after).toBeLessThan(6_000);
    time.advance(12_000);
    expect(await sync(waiting)).toMatchObject({ action: 'continue', next_sync_after: 3_050 });
    time.advance(3_050);
    expect(await sync(waiting)).toMatchObject({ action: 'shutdown', shutdown_reason: 'idle' });
  });

  it('a running polling agent syncs within the running interval, so a stop reaches it', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { runningSyncIntervalMs: 1_500 } });
    const { sync, jobId } = await runningAgent(hub, {});
    const answer = await sync(running(jobId));
    expect(answer.action).toBe('continue');
    expect(answer.next_sync_after).toBeGreaterThanOrEqual(1_125);
    expect(answer.next_sync_after).toBeLessThanOrEqual(1_500);
  });

  it('interruption grace 10 s: the sync after the interrupt is aimed at the grace end, which answers stop-job', async () => {
    const time = clock();
    const hub = await startHubWithAdmin({ dialect, now: time.now, config: { runningSyncIntervalMs: 30_000 } });
    const { sync, jobId } = await runningAgent(hub, { interruption_grace_period: 10 });
    expect(await sync(running(jobId, Math.floor(time.now() / 1000)))).toMatchObject({ action: 'continue', next_sync_after: 10_050 });
    time.advance(10_050);
    expect(await sync(running(jobId, Math.floor(time.now() / 1000)))).toMatchObject({ action: 'stop-job', job_id: jobId });
  });

  it('execution time limit: aimed at the limit; the sync past it flags the stop and answers stop-job', async () => {
    const time = clock();
    const hub = await startHubWithAdmin({ dialect, now: time.now, config: { runningSyncIntervalMs: 30_000 } });
    const { sync, jobId } = await runningAgent(hub, {}, { execution_time_limit: 3 });
    time.advance(1_000);
    expect(await sync(running(jobId))).toMatchObject({ action: 'continue', next_sync_after: 2_050 });
    time.advance(2_050);
    expect(await sync(running(jobId))).toMatchObject({ action: 'stop-job', job_id: jobId });
    expect(await sync({ state: 'finished-job', job_id: jobId, job_result: 'stopped', interrupted_at: 0 })).toMatchObject({ action: 'wait-for-jobs' });
    const job = await getJob(hub, jobId);
    expect(job.status).toMatchObject({ state: 'FINISHED', result: 'STOPPED' });
  });
});

describe('the deadline across hubs sharing PostgreSQL', () => {
  it('an agent interrupted through one hub is aimed at the same grace end, and stopped, by the other', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    const time = clock();
    const first = await startHubWithAdmin({ dialect: 'postgres', now: time.now, config: { runningSyncIntervalMs: 30_000 } });
    const second = await startHub({ dialect: 'postgres', now: time.now, config: { databaseUrl: first.db.databaseUrl, runningSyncIntervalMs: 30_000 } });
    const { sync, jobId, token } = await runningAgent(first, { interruption_grace_period: 10 });
    const interruptedAt = Math.floor(time.now() / 1000);
    expect(await sync(running(jobId, interruptedAt))).toMatchObject({ action: 'continue', next_sync_after: 10_050 });
    time.advance(4_000);
    const viaSecond = async (body: unknown) => (await agentCall(second, SYNC, token, body)).body as SyncResponse;
    expect(await viaSecond(running(jobId, interruptedAt))).toMatchObject({ action: 'continue', next_sync_after: 6_050 });
    time.advance(6_050);
    expect(await viaSecond(running(jobId, interruptedAt))).toMatchObject({ action: 'stop-job', job_id: jobId });
    await second.stop();
  });
});
