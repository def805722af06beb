import { describe, expect, it } from 'vitest';
import { api, createType, startHubWithAdmin, describeEachDialect } from '../support/hub-clients.js';
import { startFakeAgent, type FakeAgent, type FakeAgentOptions } from '../support/fake-agent.js';
import { getJob, isFinished, storedEvents, submitJob, waitForJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';
import type { TestDialect } from '../support/test-database.js';

const TYPE = 's1-flows';
const modes: Array<{ mode: string; longPollSeconds?: number }> = [{ mode: 'polling (official agent)' }, { mode: 'long-poll', longPollSeconds: 10 }];

async function setUp(dialect: TestDialect, agentOptions: Partial<FakeAgentOptions> = {}, mode: { longPollSeconds?: number } = {}) {
  const hub = await startHubWithAdmin({ dialect });
  const registrationToken = await createType(hub, TYPE);
  const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: mode.longPollSeconds, ...agentOptions });
  return { hub, registrationToken, agent };
}

const parsed = (agent: FakeAgent, id: string) => (agent.events.get(id) ?? []).map((line) => JSON.parse(line) as unknown);
const agentRow = (hub: TestHub, name: string) =>
  hub.services.store.db.selectFrom('agents').selectAll().where('name', '=', name).executeTakeFirst();
/** Actions the hub sent while the agent reported `state`. */
const actionsIn = (agent: FakeAgent, state: string) => agent.syncs.filter((s) => s.state === state).map((s) => s.action);

await describeEachDialect('whole jobs through a real hub (%s)', (dialect) => describe.each(modes)('$mode', (mode) => {
  it('runs a passing job: payload, env, files, log and result arrive', async () => {
    const { hub, agent } = await setUp(dialect, {}, mode);
    const job = await submitJob(hub, TYPE, ['echo hello', 'true'], {
      env_vars: [{ name: 'GREETING', value: 'hi "there" $HOME' }],
      files: [{ path: 'config/app.yml', content: Buffer.from('a: 1\n').toString('base64'), mode: '0600' }],
      epilogue_always_commands: ['echo bye'],
    });
    const id = job.metadata.id;
    const done = await waitForJob(hub, id, isFinished, 'the job to finish');
    expect(done.status).toMatchObject({ state: 'FINISHED', result: 'PASSED', agent: { name: agent.name } });
    // status.agent.ip is the address the agent registered from, as its own record shows it.
    const registeredFrom = (await agentRow(hub, agent.name))?.ip_address;
    expect(registeredFrom).toMatch(/\d+\.\d+\.\d+\.\d+|:/);
    expect(done.status.agent?.ip).toBe(registeredFrom);
    expect(done.metadata.start_time).toBeGreaterThan(0);
    expect(agent.ran).toEqual([id]);
    expect(agent.env(id)).toMatchObject({ SEMAPHORE_JOB_ID: id, SEMAPHORE_JOB_NAME: 'test job', SEMAPHORE_AGENT_MACHINE_TYPE: TYPE, GREETING: 'hi "there" $HOME' });
    expect(agent.payloads[0]?.files).toEqual([{ path: 'config/app.yml', content: Buffer.from('a: 1\n').toString('base64'), mode: '0600' }]);
    expect(agent.payloads[0]?.logger.url).toBe(`${hub.url}/api/v1/logs/${id}`);
    expect(await storedEvents(hub, id)).toEqual(parsed(agent, id));
    expect(parsed(agent, id).at(-1)).toMatchObject({ event: 'job_finished', result: 'passed' });
    await waitFor(() => agent.state() === 'waiting-for-jobs', { message: 'the agent to wait for jobs again' });
    expect((await agentRow(hub, agent.name))?.job_id).toBeNull();
    expect(agent.violations).toEqual([]);
  });

  it('runs a failing job: FAILED, the on-fail epilogue ran, commands after the failure did not', async () => {
    const { hub, agent } = await setUp(dialect, {}, mode);
    const job = await submitJob(hub, TYPE, ['echo one', 'false', 'echo never'], { epilogue_on_fail_commands: ['echo cleanup'] });
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    expect(done.status).toMatchObject({ result: 'FAILED' });
    expect(done.status.failure_reason).toBeUndefined();
    const directives = (await storedEvents(hub, job.metadata.id)).map((e) => (e as { directive?: string }).directive).filter(Boolean);
    expect(directives).toContain('echo cleanup');
    expect(directives).not.toContain('echo never');
    expect(agent.violations).toEqual([]);
  });

  it('stops a running job: stop-job only once the agent reports running-job, then STOPPED', async () => {
    const { hub, agent } = await setUp(dialect, {}, mode);
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    const stop = await api(hub, 'POST', `/api/v1alpha/jobs/${job.metadata.id}/stop`);
    expect(stop.status).toBe(200);
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to stop');
    expect(done.status.result).toBe('STOPPED');
    expect(agent.syncs.filter((s) => s.action === 'stop-job').every((s) => s.state === 'running-job')).toBe(true);
    expect(agent.violations).toEqual([]);
  });

  it('disables a running agent: stop-job first, then shutdown requested after the job finished', async () => {
    const { hub, agent } = await setUp(dialect, {}, mode);
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    expect((await api(hub, 'POST', `/api/v1alpha/agents/${agent.name}/disable`)).status).toBe(200);
    await agent.exited;
    expect(agent.shutdownReason()).toBe('requested');
    expect((await getJob(hub, job.metadata.id)).status.result).toBe('STOPPED');
    expect(actionsIn(agent, 'running-job')).toContain('stop-job');
    expect(agent.violations).toEqual([]);
  });

  it('interrupts a running agent with no grace period: stop-job at once, then shutdown interrupted (spec §2.8)', async () => {
    const { hub, agent } = await setUp(dialect, {}, mode);
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    agent.interrupt();
    await agent.exited;
    expect(agent.shutdownReason()).toBe('interrupted');
    expect((await getJob(hub, job.metadata.id)).status.result).toBe('STOPPED');
    expect(agent.violations).toEqual([]);
  });
}));

await describeEachDialect('agent lifecycle the hub decides (spec §2.4, §2.9) (%s)', (dialect) => {
  it('stops a queued job without any agent: STOPPED at once, and no agent ever runs it', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const job = await submitJob(hub, TYPE, ['echo never']);
    const stopped = await api(hub, 'POST', `/api/v1alpha/jobs/${job.metadata.id}/stop`);
    expect(stopped.body).toMatchObject({ status: { state: 'FINISHED', result: 'STOPPED', failure_reason: 'stopped before an agent took it' } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken });
    const probe = await submitJob(hub, TYPE, ['echo probe']);
    await waitForJob(hub, probe.metadata.id, isFinished, 'a later job to run');
    expect(agent.ran).toEqual([probe.metadata.id]);
  });

  it.each(modes)('disables an idle agent: shutdown requested, and its row is gone ($mode)', async (mode) => {
    const { hub, agent } = await setUp(dialect, {}, mode);
    await waitFor(() => agent.syncsSent() > 0, { message: 'a first sync' });
    expect((await api(hub, 'POST', `/api/v1alpha/agents/${agent.name}/disable`)).status).toBe(200);
    await agent.exited;
    expect(agent.shutdownReason()).toBe('requested');
    expect(await agentRow(hub, agent.name)).toBeUndefined();
    expect(agent.violations).toEqual([]);
  });

  it('shuts an agent down as idle once idle_timeout has passed without a job', async () => {
    const { agent } = await setUp(dialect, { idleTimeoutSeconds: 1 });
    await agent.exited;
    expect(agent.shutdownReason()).toBe('idle');
    expect(agent.ran).toEqual([]);
  });

  it('runs the job a single-job agent asked for at registration, not an older one, then shuts it down job-finished', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const older = await submitJob(hub, TYPE, ['echo older']);
    const wanted = await submitJob(hub, TYPE, ['echo wanted']);
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken, singleJob: true, jobId: wanted.metadata.id });
    await agent.exited;
    expect(agent.shutdownReason()).toBe('job-finished');
    expect(agent.ran).toEqual([wanted.metadata.id]);
    expect((await getJob(hub, wanted.metadata.id)).status.result).toBe('PASSED');
    expect((await getJob(hub, older.metadata.id)).status.state).toBe('QUEUED');
  });

  it('shuts a single-job agent down after one job from the queue', async () => {
    const { hub, agent } = await setUp(dialect, { singleJob: true });
    const first = await submitJob(hub, TYPE, ['echo one']);
    const second = await submitJob(hub, TYPE, ['echo two']);
    await agent.exited;
    expect(agent.shutdownReason()).toBe('job-finished');
    expect(agent.ran).toEqual([first.metadata.id]);
    expect((await getJob(hub, second.metadata.id)).status.state).toBe('QUEUED');
  });

  it('shuts an interrupted idle agent down with reason interrupted', async () => {
    const { agent } = await setUp(dialect, { longPollSeconds: 10 });
    await waitFor(() => agent.syncsSent() > 0, { message: 'a first sync' });
    agent.interrupt();
    await agent.exited;
    expect(agent.shutdownReason()).toBe('interrupted');
  });

  it('lets a running job finish within the interruption grace period, then shuts down interrupted', async () => {
    const { hub, agent } = await setUp(dialect, { gracePeriodSeconds: 300 });
    const job = await submitJob(hub, TYPE, ['wait-for go']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    agent.interrupt();
    await waitFor(() => agent.syncs.filter((s) => s.state === 'running-job').length >= 3, { message: 'running syncs after the interrupt' });
    agent.release('go');
    await agent.exited;
    expect(agent.shutdownReason()).toBe('interrupted');
    expect((await getJob(hub, job.metadata.id)).status.result).toBe('PASSED');
    expect(actionsIn(agent, 'running-job')).not.toContain('stop-job');
  });

  it('stops a running job once the interruption grace period is over', async () => {
    const { hub, agent } = await setUp(dialect, { gracePeriodSeconds: 1, longPollSeconds: 10 });
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    agent.interrupt();
    await agent.exited;
    expect(agent.shutdownReason()).toBe('interrupted');
    expect((await getJob(hub, job.metadata.id)).status.result).toBe('STOPPED');
    expect(agent.violations).toEqual([]);
  });
});
