import { expect, it } from 'vitest';
import { agentCall, createType, startHubWithAdmin, describeEachDialect } from '../support/hub-clients.js';
import { detectLostAgents } from '../../src/sweeps/detect-lost-agents.js';
import { startFakeAgent, type FakeAgent } from '../support/fake-agent.js';
import { getJob, isFinished, submitJob, waitForJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-recovery';
const jobRow = (hub: TestHub, id: string) => hub.services.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const agentRow = (hub: TestHub, name: string) => hub.services.store.db.selectFrom('agents').selectAll().where('name', '=', name).executeTakeFirst();

await describeEachDialect('lost agents (issue §6) (%s)', (dialect) => {
  it('fails the running job of a long-polling agent that stops syncing with "agent lost" and frees its name', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { lostAgentAfterMs: 1_000, sweepIntervalMs: 50 } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), longPollSeconds: 20 });
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    agent.kill();
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the lost agent to be noticed');
    expect(done.status).toMatchObject({ result: 'FAILED', failure_reason: 'agent lost', agent: { name: agent.name } });
    await waitFor(async () => (await agentRow(hub, agent.name)) === undefined, { message: 'the agent row to go' });
    const audited = await hub.services.store.db
      .selectFrom('audit_events')
      .select(['actor', 'action'])
      .where('target_name', '=', agent.name)
      .where('action', 'in', ['agent.lost', 'agent.disconnected'])
      .execute();
    expect(audited).toEqual([{ actor: 'system', action: 'agent.lost' }]);
  });

  it('notices a polling agent after missed intervals and holds its name for release_after', async () => {
    let offsetMs = 0;
    const hub = await startHubWithAdmin({ dialect, now: () => Date.now() + offsetMs, config: { sweepIntervalMs: 50 } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE, { release_after: 120 }) });
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    agent.kill();
    offsetMs += 10_000;
    await detectLostAgents(hub.services, 0);
    expect((await getJob(hub, job.metadata.id)).status.state).toBe('RUNNING');
    expect((await agentRow(hub, agent.name))?.status).toBe('registered');
    offsetMs += 30_000;
    await detectLostAgents(hub.services, 0);
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the lost agent to be noticed');
    expect(done.status).toMatchObject({ result: 'FAILED', failure_reason: 'agent lost' });
    const row = await waitFor(async () => {
      const current = await agentRow(hub, agent.name);
      return current?.status === 'disconnected' ? current : null;
    }, { message: 'the name to be held' });
    expect(row.release_at).toBe((row.disconnected_at ?? 0) + 120_000);
  });

  it('fails the job of an agent that disconnected in the middle of it', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { sweepIntervalMs: 50 } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE) });
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped']);
    await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', agent.accessToken())).status).toBe(200);
    agent.kill();
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the orphaned job to be noticed');
    expect(done.status).toMatchObject({ result: 'FAILED', failure_reason: 'agent lost' });
  });
});

await describeEachDialect('offer → accept (DESIGN §2) (%s)', (dialect) => {
  it('returns an offer nobody fetched to the queue after the deadline; another agent runs it', async () => {
    let offsetMs = 0;
    const hub = await startHubWithAdmin({ dialect, now: () => Date.now() + offsetMs, config: { sweepIntervalMs: 50 } });
    const registrationToken = await createType(hub, TYPE);
    const frozen = await startFakeAgent({ hubUrl: hub.url, registrationToken, onRunJob: 'freeze' });
    const job = await submitJob(hub, TYPE, ['echo hi']);
    await waitFor(async () => (await jobRow(hub, job.metadata.id)).state === 'offered', { message: 'the offer' });
    const taker = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 });
    await waitFor(() => hub.services.longPoll.heldCount() === 1, { message: 'the second agent to wait' });
    expect((await jobRow(hub, job.metadata.id)).agent_name).toBe(frozen.name);
    offsetMs += 11_000;
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish on the other agent');
    expect(done.status).toMatchObject({ result: 'PASSED', agent: { name: taker.name } });
    expect(taker.ran).toEqual([job.metadata.id]);
    expect(frozen.ran).toEqual([]);
  });

  it('returns an offer to the queue when its agent syncs waiting-for-jobs again (the run-job answer was lost)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), onRunJob: 'drop-first' });
    const job = await submitJob(hub, TYPE, ['echo hi']);
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    expect(done.status).toMatchObject({ result: 'PASSED', agent: { name: agent.name } });
    const offers = agent.syncs.filter((s) => s.action === 'run-job');
    expect(offers.map((s) => [s.state, s.answerJobId])).toEqual([
      ['waiting-for-jobs', job.metadata.id],
      ['waiting-for-jobs', job.metadata.id],
    ]);
    expect(agent.ran).toEqual([job.metadata.id]);
    expect(agent.violations).toEqual([]);
  });
});

await describeEachDialect('dispatch under contention (%s)', (dialect) => {
  it('gives one job to exactly one of two long-polling agents racing for it', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const agents = [await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 }), await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20 })];
    await waitFor(() => hub.services.longPoll.heldCount() === 2, { message: 'both agents held' });
    const job = await submitJob(hub, TYPE, ['echo race']);
    await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    const offers = agents.flatMap((a) => a.syncs.filter((s) => s.action === 'run-job').map((s) => s.answerJobId));
    expect(offers).toEqual([job.metadata.id]);
    expect(agents.flatMap((a) => a.ran)).toEqual([job.metadata.id]);
    expect(agents.flatMap((a) => a.violations)).toEqual([]);
  });

  it('runs one hundred jobs over ten agents, each job exactly once', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const registrationToken = await createType(hub, TYPE);
    const agents: FakeAgent[] = [];
    for (let i = 0; i < 10; i++) agents.push(await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: i % 2 === 0 ? 20 : undefined }));
    const jobs = await Promise.all(Array.from({ length: 100 }, (_, i) => submitJob(hub, TYPE, [`echo job ${i}`], { priority: i % 3 === 0 ? 80 : 50 })));
    const ids = jobs.map((j) => j.metadata.id);
    await waitFor(async () => {
      const rows = await hub.services.store.db.selectFrom('jobs').select(['state', 'result']).execute();
      return rows.length === 100 && rows.every((r) => r.state === 'finished');
    }, { timeoutMs: 30_000, message: 'all jobs to finish' });
    const rows = await hub.services.store.db.selectFrom('jobs').select(['id', 'result']).execute();
    expect(rows.every((r) => r.result === 'passed')).toBe(true);
    const ran = agents.flatMap((a) => a.ran);
    expect(ran).toHaveLength(100);
    expect(new Set(ran)).toEqual(new Set(ids));
    expect(agents.filter((a) => a.ran.length > 0).length).toBeGreaterThan(1);
    expect(agents.flatMap((a) => a.violations)).toEqual([]);
  });

  it('stops a job that runs past its execution_time_limit', async () => {
    const hub = await startHubWithAdmin({ dialect, config: { sweepIntervalMs: 50 } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), longPollSeconds: 20 });
    const job = await submitJob(hub, TYPE, ['sleep-until-stopped'], { execution_time_limit: 1 });
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the time limit to stop the job');
    expect(done.status).toMatchObject({ result: 'STOPPED', failure_reason: 'execution time limit exceeded' });
    expect(agent.violations).toEqual([]);
  });
});
