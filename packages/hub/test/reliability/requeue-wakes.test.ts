import { describe, expect, it } from 'vitest';
import { createType, describeEachDialect, startHubWithAdmin } from '../support/hub-clients.js';
import { startHub } from '../support/start-hub.js';
import { postgresAvailable } from '../support/test-database.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { isFinished, submitJob, waitForJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-requeue';
// Far below the 20 s a held sync would otherwise wait: only a wake-up can start the job in time.
const PICKUP_MS = 5_000;
const jobRow = (hub: TestHub, id: string) => hub.services.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

await describeEachDialect('a job back in the queue wakes a waiting agent (issue 16 §4) (%s)', (dialect) => {
  it('an expired offer is taken at once by one of two agents held in long-poll', async () => {
    let offsetMs = 0;
    const hub = await startHubWithAdmin({ dialect, now: () => Date.now() + offsetMs, config: { sweepIntervalMs: 50 } });
    const registrationToken = await createType(hub, TYPE);
    const frozen = await startFakeAgent({ hubUrl: hub.url, registrationToken, onRunJob: 'freeze' });
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await waitFor(async () => (await jobRow(hub, job.metadata.id)).state === 'offered', { message: 'the offer' });
    const takers = [await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 }), await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 })];
    await waitFor(() => hub.services.longPoll.heldCount() === 2, { message: 'both agents held' });
    offsetMs += 11_000;
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'a held agent to run the returned job', PICKUP_MS);
    expect(done.status.result).toBe('PASSED');
    expect(takers.flatMap((t) => t.ran)).toEqual([job.metadata.id]);
    expect(frozen.ran).toEqual([]);
  });

  it('the job of an agent lost before it accepted is taken at once by a held agent', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { lostAgentAfterMs: 1_000, sweepIntervalMs: 50 } });
    const registrationToken = await createType(hub, TYPE);
    const frozen = await startFakeAgent({ hubUrl: hub.url, registrationToken, onRunJob: 'freeze', longPollSeconds: 20 });
    await waitFor(() => frozen.syncs.length >= 2, { message: 'the first agent to long-poll' });
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await waitFor(async () => (await jobRow(hub, job.metadata.id)).state === 'offered', { message: 'the offer' });
    const taker = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 });
    await waitFor(() => hub.services.longPoll.heldCount() === 1, { message: 'the second agent held' });
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the held agent to run the returned job', PICKUP_MS);
    expect(done.status).toMatchObject({ result: 'PASSED', agent: { name: taker.name } });
  });
});

describe('a job back in the queue wakes a waiting agent across PostgreSQL replicas (issue 16 §4)', () => {
  it('an offer expired by either replica reaches an agent held by the other at once', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    let offsetMs = 0;
    const now = () => Date.now() + offsetMs;
    const first = await startHubWithAdmin({ dialect: 'postgres', now, config: { sweepIntervalMs: 50 } });
    const second = await startHub({ dialect: 'postgres', now, config: { databaseUrl: first.db.databaseUrl, sweepIntervalMs: 50 } });
    const registrationToken = await createType(first, TYPE);
    const frozen = await startFakeAgent({ hubUrl: first.url, registrationToken, onRunJob: 'freeze' });
    const job = await submitJob(first, TYPE, ['echo across']);
    await waitFor(async () => (await jobRow(first, job.metadata.id)).state === 'offered', { message: 'the offer' });
    const takers = [await startFakeAgent({ hubUrl: second.url, registrationToken, longPollSeconds: 20 }), await startFakeAgent({ hubUrl: second.url, registrationToken, longPollSeconds: 20 })];
    await waitFor(() => second.services.longPoll.heldCount() === 2, { message: 'both agents held on the second replica' });
    offsetMs += 11_000;
    const done = await waitForJob(first, job.metadata.id, isFinished, 'an agent held on the other replica to run the returned job', PICKUP_MS);
    expect(done.status.result).toBe('PASSED');
    expect(takers.flatMap((t) => t.ran)).toEqual([job.metadata.id]);
    expect(frozen.ran).toEqual([]);
    for (const taker of takers) taker.kill();
    await second.stop();
  });
});
