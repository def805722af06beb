import { describe, expect, it } from 'vitest';
import { startTestAgent } from '../support/agent.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const states = (hub: FakeHub) => hub.syncs().map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
const answer = (action: string, jobId = '') => ({ body: { action, job_id: jobId, shutdown_reason: '', next_sync_after: 20 } });

describe('the sync loop and the actions of spec §2.3', () => {
  it('runs a job: starting → running → finished with the result, then waits again after wait-for-jobs', async () => {
    const hub = await startFakeHub();
    const agent = startTestAgent(hub);
    const id = hub.queueJob({ commands: [{ directive: 'echo hi' }] });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished' && hub.syncs().at(-1)?.state === 'waiting-for-jobs');
    // No token ever reaches the agent log (STYLE §10.4), and job output does not either.
    const agentLog = agent.logLines.join('\n');
    for (const secret of ['registration-token', 'access-1', `log-token-${id}`, 'hi\\n']) expect(agentLog).not.toContain(secret);
    expect(states(hub).filter((s) => s !== 'starting-job')).toEqual(['waiting-for-jobs', 'running-job', 'finished-job', 'waiting-for-jobs']);
    const finished = hub.syncs().find((s) => s.state === 'finished-job');
    expect(finished).toEqual({ state: 'finished-job', job_id: id, job_result: 'passed', interrupted_at: 0 });
    expect(hub.requestsOf('job')[0]?.headers.authorization).toBe('Token access-1');
    // Everything was pushed before the result was reported.
    const reportedAt = hub.requestsOf('sync').find((r) => (r.body as { state: string }).state === 'finished-job')?.at ?? 0;
    expect(Math.max(...hub.requestsOf('logs').map((r) => r.at))).toBeLessThanOrEqual(reportedAt);
    expect(hub.logs(id).at(-1)).toMatchObject({ event: 'job_finished', result: 'passed' });
  });

  it('retries GET /jobs/:id (only 200 counts) and runs the job once it comes', async () => {
    const hub = await startFakeHub();
    const refusals = [{ status: 500 }, { status: 201, body: {} }, { drop: true }];
    hub.intercept('job', () => refusals.shift());
    startTestAgent(hub);
    const id = hub.queueJob({ commands: [{ directive: 'echo hi' }] });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.requestsOf('job')).toHaveLength(4);
    expect(hub.jobs.get(id)?.result).toBe('passed');
  });

  it('reports failed, with no log, when the job cannot be fetched', async () => {
    const hub = await startFakeHub();
    hub.intercept('job', () => ({ status: 404 }));
    startTestAgent(hub, { timings: { getJobAttempts: 3 } });
    const id = hub.queueJob({ commands: [{ directive: 'echo hi' }] });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.jobs.get(id)?.result).toBe('failed');
    expect(hub.requestsOf('job')).toHaveLength(3);
    expect(hub.requestsOf('logs')).toHaveLength(0);
  });

  it.each([
    { name: 'a docker-compose job', spec: { executor: 'dockercompose' } },
    { name: 'a pull logger', spec: { logger: { method: 'pull', url: '', token: '' } } },
  ])('reports failed for a job it cannot run: $name', async ({ spec }) => {
    const hub = await startFakeHub();
    startTestAgent(hub);
    const id = hub.queueJob({ commands: [{ directive: 'echo hi' }], ...spec });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.jobs.get(id)?.result).toBe('failed');
  });

  it('ignores stop-job while it has no job (the official agent crashes) and unknown actions', async () => {
    const hub = await startFakeHub();
    const scripted = [answer('stop-job', 'nope'), answer('dance')];
    hub.intercept('sync', () => scripted.shift());
    const agent = startTestAgent(hub);
    await waitFor(() => hub.syncs().length >= 4);
    expect(hub.syncs().every((s) => s.state === 'waiting-for-jobs')).toBe(true);
    expect(agent.events.filter((e) => e.kind === 'ignored')).toEqual([{ kind: 'ignored', action: 'stop-job', jobId: 'nope', why: 'stop-job while no job runs' }]);
  });

  it('ignores run-job while a job runs: one job at a time', async () => {
    const hub = await startFakeHub();
    const id = hub.queueJob({ commands: [{ directive: 'sleep 600' }] });
    let sent = false;
    hub.intercept('sync', (request) => {
      if (sent || (request.body as { state: string }).state !== 'running-job') return undefined;
      sent = true;
      return answer('run-job', 'second');
    });
    startTestAgent(hub);
    await waitFor(() => sent && hub.syncs().filter((s) => s.state === 'running-job').length >= 3);
    expect(hub.requestsOf('job').map((r) => r.path.split('/').pop())).toEqual([id]);
    hub.stopJob(id);
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
  });

  it('drops a running job when the hub answers wait-for-jobs, and waits again', async () => {
    const hub = await startFakeHub();
    const id = hub.queueJob({ commands: [{ directive: 'sleep 600' }] });
    let sent = false;
    hub.intercept('sync', (request) => {
      if (sent || (request.body as { state: string }).state !== 'running-job') return undefined;
      sent = true;
      return answer('wait-for-jobs');
    });
    startTestAgent(hub);
    await waitFor(() => sent && hub.syncs().at(-1)?.state === 'waiting-for-jobs');
    expect(hub.syncs().some((s) => s.state === 'finished-job')).toBe(false);
    expect(hub.logs(id).some((e) => e.event === 'job_finished')).toBe(false);
  });

  it('stop-job while the job is still being fetched ends it as stopped', async () => {
    const hub = await startFakeHub();
    let release: () => void = () => undefined;
    const fetched = new Promise<void>((resolve) => (release = resolve));
    hub.intercept('job', async () => {
      await fetched;
      return undefined;
    });
    let stopped = false;
    hub.intercept('sync', (request) => {
      const body = request.body as { state: string; job_id: string };
      if (stopped || body.state !== 'starting-job') return undefined;
      stopped = true;
      return answer('stop-job', body.job_id);
    });
    startTestAgent(hub);
    const id = hub.queueJob({ commands: [{ directive: 'echo never' }] });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    release();
    expect(hub.jobs.get(id)?.result).toBe('stopped');
    expect(hub.requestsOf('logs')).toHaveLength(0);
  });
});

describe('long-poll (Outpost extension)', () => {
  it('asks a hub that honours it to hold syncs, so a job queued later starts without waiting for next_sync_after', async () => {
    const hub = await startFakeHub({ longPoll: true, nextSyncAfterMs: 600_000 });
    startTestAgent(hub);
    await waitFor(() => hub.requestsOf('sync').length >= 2);
    const held = hub.requestsOf('sync')[1];
    expect(held?.headers['x-outpost-wait']).toBe('2');
    expect(hub.requestsOf('sync')[0]?.headers['x-outpost-wait']).toBeUndefined();
    const id = hub.queueJob({ commands: [{ directive: 'sleep 600' }] });
    await waitFor(() => hub.syncs().some((s) => s.state === 'running-job'));
    hub.stopJob(id);
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.jobs.get(id)?.result).toBe('stopped');
  });

  it('polls like the official agent against a hub that does not advertise it', async () => {
    const hub = await startFakeHub({ nextSyncAfterMs: 20 });
    startTestAgent(hub);
    await waitFor(() => hub.requestsOf('sync').length >= 5);
    expect(hub.requestsOf('sync').every((r) => r.headers['x-outpost-wait'] === undefined)).toBe(true);
  });
});
