import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import type { AgentDriver } from './support/agent-drivers.js';
import { describeEachAgent, figure, finishedJob, logShows, logText, newType, sleepingJob, syncedAgent } from './support/compat.js';
import { agentsOf, api, getJob, kill, startHubProcess, submitJob, tempDir, type HubProcess } from './support/processes.js';

/**
 * The compatibility suite, part 2: the agent's lifecycle against every agent binary — interruption, idle timeout,
 * single-job agents, disable, log token refresh and budget, a hub restart mid-job, SIGKILL. The official agent gets
 * the settings of the issue (grace 10 s, idle 15 s); Outpost's agent shorter ones, to keep `npm test` quick.
 */
const timings = (driver: AgentDriver) => (driver.kind === 'official' ? { graceS: 10, idleS: 15 } : { graceS: 3, idleS: 3 });
/** The 2 s bound for the official agent (led by next_sync_after); Outpost's agent keeps its own timers, so its
 * bound only catches a missed deadline, with room for a CI machine running every suite at once. */
const slackMs = (driver: AgentDriver) => (driver.kind === 'official' ? 2_000 : 5_000);

/**
 * Short log token life, a small log budget and quick lost-agent detection, for the scenarios that need them. The
 * token outlives the official agent's push interval (1.5–3 s): a shorter one expires between its refresh and its push.
 */
const HUB_ENV = {
  OUTPOST_LOG_TOKEN_TTL_MS: '5000',
  OUTPOST_LOG_BUDGET_BYTES: '65536',
  OUTPOST_LOST_AGENT_AFTER_MS: '2000',
  OUTPOST_LOST_AGENT_MISSED_SYNCS: '2',
  OUTPOST_SWEEP_INTERVAL_MS: '100',
};

let hub: HubProcess;
beforeAll(async () => {
  hub = await startHubProcess({ untilKilled: true, env: HUB_ENV });
});
afterAll(async () => {
  await kill(hub.proc);
});

describeEachAgent('lifecycle', (driver) => {
  const connect = async (on = hub) => {
    const { type, token } = await newType(on, driver);
    return { type, connect: { endpoint: on.endpoint, token } };
  };

  it('SIGTERM with a grace period: the job runs on until the grace ends, then is stopped; exit 0', { timeout: 90_000 }, async () => {
    const { graceS } = timings(driver);
    const { type, connect: c } = await connect();
    const sleeper = sleepingJob();
    const id = await submitJob(hub, type, { commands: [sleeper.command] });
    const proc = driver.start({ connect: c, args: ['--interruption-grace-period', String(graceS)] });
    await logShows(hub, id, 'started\n', proc);
    const t0 = performance.now();
    proc.child.kill('SIGTERM');
    await sleeper.ended();
    const stoppedMs = performance.now() - t0;
    const job = await finishedJob(hub, id, proc);
    figure(driver, `SIGTERM with grace ${graceS} s → job process ended`, stoppedMs);
    figure(driver, `SIGTERM with grace ${graceS} s → hub has the STOPPED result`, performance.now() - t0);
    expect(job.status.result).toBe('STOPPED');
    expect(stoppedMs).toBeGreaterThanOrEqual(graceS * 1000);
    expect(stoppedMs).toBeLessThan(graceS * 1000 + slackMs(driver));
    expect(await proc.exited).toBe(0);
  });

  it('--disconnect-after-idle-timeout: the agent leaves when the timeout passes; exit 0', { timeout: 90_000 }, async () => {
    const { idleS } = timings(driver);
    const { type, connect: c } = await connect();
    const proc = driver.start({ connect: c, args: ['--disconnect-after-idle-timeout', String(idleS)] });
    // From its first sync as the hub shows it (polled every 20 ms): the process's own start-up is not the hub's doing.
    await syncedAgent(hub, type, proc);
    const t0 = performance.now();
    expect(await proc.exited).toBe(0);
    const leftMs = performance.now() - t0;
    figure(driver, `idle timeout ${idleS} s → agent exited (from its first sync)`, leftMs);
    expect(leftMs).toBeLessThan(idleS * 1000 + slackMs(driver));
    await waitFor(async () => (await agentsOf(hub, type)).length === 0, { message: 'the agent to be gone from the list' });
  });

  it('--disconnect-after-job: one job, then exit 0', async () => {
    const { type, connect: c } = await connect();
    const id = await submitJob(hub, type, { commands: ['echo single'] });
    const proc = driver.start({ connect: c, args: ['--disconnect-after-job'] });
    expect(await proc.exited).toBe(0);
    expect((await getJob(hub, id)).status.result).toBe('PASSED');
  });

  it('--job-id: the agent runs the job it asked for, not the queue head, then exits 0', async () => {
    const { type, connect: c } = await connect();
    const head = await submitJob(hub, type, { commands: ['echo head'] });
    const wanted = await submitJob(hub, type, { commands: ['echo wanted'] });
    const proc = driver.start({ connect: c, args: ['--disconnect-after-job', '--job-id', wanted] });
    expect(await proc.exited).toBe(0);
    expect((await getJob(hub, wanted)).status.result).toBe('PASSED');
    expect((await getJob(hub, head)).status.state).toBe('QUEUED');
    await api(hub, 'POST', `/api/v1alpha/jobs/${head}/stop`);
  });

  it('disable from the API: the agent shuts down; exit 0', async () => {
    const { type, connect: c } = await connect();
    const name = `compat-disable-${driver.kind}-${process.pid}`;
    const proc = driver.start({ connect: c, args: ['--name', name] });
    await syncedAgent(hub, type, proc);
    await api(hub, 'POST', `/api/v1alpha/agents/${name}/disable`);
    expect(await proc.exited).toBe(0);
  });

  it('a log token that expires mid-job is refreshed; the whole log arrives', { timeout: 90_000 }, async () => {
    const { type, connect: c } = await connect();
    const id = await submitJob(hub, type, { commands: ['for i in $(seq 1 80); do echo "tick $i"; sleep 0.1; done'] });
    const proc = driver.start({ connect: c });
    expect((await finishedJob(hub, id, proc)).status.result).toBe('PASSED');
    const ticks = (await logText(hub, id)).split('\n').filter((line) => line.startsWith('tick '));
    expect(ticks).toEqual(Array.from({ length: 80 }, (_, i) => `tick ${i + 1}`));
  });

  it('past the log budget the job still finishes and its log is marked trimmed', async () => {
    const { type, connect: c } = await connect();
    const id = await submitJob(hub, type, { commands: ['for i in $(seq 1 5000); do echo "budget line $i ................................................................"; done'] });
    const proc = driver.start({ connect: c });
    const job = await finishedJob(hub, id, proc);
    expect(job.status.result).toBe('PASSED');
    expect(job.status.log?.trimmed).toBe(true);
  });

  it('the hub killed and restarted mid-job: the job finishes PASSED with every line once, in order', { timeout: 120_000 }, async () => {
    const first = await startHubProcess();
    const { type, connect: c } = await connect(first);
    const flag = join(tempDir(), 'go');
    const id = await submitJob(first, type, { commands: [`i=0; while [ ! -f ${flag} ]; do i=$((i+1)); echo "line $i"; sleep 0.02; done; echo last`] });
    const proc = driver.start({ connect: c });
    await logShows(first, id, 'line 3\n', proc);
    await kill(first.proc);
    const again = await startHubProcess({ port: first.port, dataDir: first.dataDir });
    await logShows(again, id, 'line 200\n', proc, 60_000);
    writeFileSync(flag, '');
    const job = await finishedJob(again, id, proc, 60_000);
    expect(job.status.result).toBe('PASSED');
    const text = await logText(again, id);
    const lines = text.split('\n').filter((line) => line.startsWith('line '));
    lines.forEach((line, i) => expect(line).toBe(`line ${i + 1}`));
    expect(text).toContain('last\n');
  });

  it('SIGKILL: the hub finds the agent lost and releases its name for the next agent', { timeout: 90_000 }, async () => {
    const { type, connect: c } = await connect();
    const name = `compat-killed-${driver.kind}-${process.pid}`;
    const killed = driver.start({ connect: c, args: ['--name', name] });
    await syncedAgent(hub, type, killed);
    await kill(killed);
    await waitFor(async () => (await agentsOf(hub, type)).length === 0, { timeoutMs: 30_000, message: `${name} to be found lost` });
    const next = driver.start({ connect: c, args: ['--name', name] });
    expect((await syncedAgent(hub, type, next)).metadata.name).toBe(name);
  });
});
