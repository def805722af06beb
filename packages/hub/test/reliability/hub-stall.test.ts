import { expect, it } from 'vitest';
import { createType, describeEachDialect, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { getJob, isFinished, submitJob, waitForJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const TYPE = 's1-stall';
const LOST_AFTER_MS = 1_000;

/** Blocks this process's event loop, hub and agents alike, as SIGSTOP does to a hub process. */
function stallEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else may run
  }
}

await describeEachDialect('a stalled hub condemns no one (issue 16 §1) (%s)', (dialect) => {
  it('after a stall three times the lost threshold the running job goes on, the agent stays, and the gap is logged', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { lostAgentAfterMs: LOST_AFTER_MS, sweepIntervalMs: 50 } });
    const registrationToken = await createType(hub, TYPE);
    const busy = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 });
    const job = await submitJob(hub, TYPE, ['echo before', 'wait-for stall', 'echo after']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    const idle = await startFakeAgent({ hubUrl: hub.url, registrationToken });
    await waitFor(() => idle.syncs.length > 0, { message: 'the idle agent to sync' });

    stallEventLoop(3 * LOST_AFTER_MS);
    const sentAfterStall = { busy: busy.syncsSent(), idle: idle.syncsSent() };
    await waitFor(() => busy.syncsSent() > sentAfterStall.busy + 1 && idle.syncsSent() > sentAfterStall.idle + 1, { message: 'both agents to sync again' });

    expect((await getJob(hub, job.metadata.id)).status.state).toBe('RUNNING');
    const agents = await hub.services.store.db.selectFrom('agents').select(['name', 'status']).orderBy('name').execute();
    expect(agents).toEqual([busy.name, idle.name].sort().map((name) => ({ name, status: 'registered' })));
    busy.release('stall');
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    expect(done.status).toMatchObject({ result: 'PASSED', agent: { name: busy.name } });
    const stalls = hub.logLines.map((line) => JSON.parse(line) as { msg: string; gapMs?: number }).filter((line) => line.msg.startsWith('the hub was stalled'));
    expect(stalls.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...stalls.map((line) => line.gapMs ?? 0))).toBeGreaterThanOrEqual(3 * LOST_AFTER_MS);
  });

  it('still declares an agent lost once it stays silent a full threshold after the stall', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { lostAgentAfterMs: LOST_AFTER_MS, sweepIntervalMs: 50 } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), longPollSeconds: 20 });
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    agent.kill();
    stallEventLoop(2 * LOST_AFTER_MS);
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the silent agent to be declared lost');
    expect(done.status).toMatchObject({ result: 'FAILED', failure_reason: 'agent lost' });
  });
});
