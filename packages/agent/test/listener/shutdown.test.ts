import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestAgent, testHome } from '../support/agent.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { waitFor } from '../../../../test-support/wait-for.js';

/** A shutdown hook that writes SEMAPHORE_AGENT_SHUTDOWN_REASON and how many disconnects the hub had seen. */
function shutdownHook(dir: string): { path: string; reason: () => string | undefined } {
  const path = join(dir, 'shutdown.sh');
  const out = join(dir, 'reason');
  writeFileSync(path, `echo -n "$SEMAPHORE_AGENT_SHUTDOWN_REASON" > ${out}\n`);
  return { path, reason: () => (existsSync(out) ? readFileSync(out, 'utf8') : undefined) };
}

const states = (hub: FakeHub) => hub.syncs().map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);

describe('shutdown reasons, exit codes and the shutdown hook (spec §2.7)', () => {
  it('idle: the hub ends an idle agent after its idle timeout', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    const agent = startTestAgent(hub, { config: { 'disconnect-after-idle-timeout': 1, 'shutdown-hook-path': hook.path } });
    expect(await agent.exit).toBe(0);
    expect(hook.reason()).toBe('IDLE');
    expect(hub.requestsOf('disconnect')).toHaveLength(1);
  });

  it('job finished: a single-job agent leaves after its job, reporting it first', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    const agent = startTestAgent(hub, { config: { 'disconnect-after-job': true, 'shutdown-hook-path': hook.path } });
    const id = hub.queueJob({ commands: [{ directive: 'echo one job' }] });
    expect(await agent.exit).toBe(0);
    expect(hook.reason()).toBe('JOB_FINISHED');
    expect(hub.jobs.get(id)?.result).toBe('passed');
    expect(hub.registered()?.single_job).toBe(true);
  });

  it('requested while waiting', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hook.path } });
    await waitFor(() => hub.syncs().length > 0);
    hub.requestShutdown();
    expect(await agent.exit).toBe(0);
    expect(hook.reason()).toBe('REQUESTED');
  });

  it('requested while a job runs: the hub stops the job first, then shuts the agent down', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hook.path } });
    const id = hub.queueJob({ commands: [{ directive: 'sleep 600' }] });
    await waitFor(() => hub.syncs().some((s) => s.state === 'running-job'));
    hub.requestShutdown();
    expect(await agent.exit).toBe(0);
    expect(hook.reason()).toBe('REQUESTED');
    expect(hub.jobs.get(id)?.result).toBe('stopped');
  });

  it('interrupted while idle: interrupted_at goes out at once and the hub answers shutdown', async () => {
    const hub = await startFakeHub({ nextSyncAfterMs: 600_000 });
    const hook = shutdownHook(testHome());
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hook.path } });
    await waitFor(() => hub.syncs().length === 1);
    const before = Math.floor(Date.now() / 1000);
    agent.listener.interrupt();
    expect(await agent.exit).toBe(0);
    // The 10-minute next_sync_after was obeyed: the only other sync is the one the interrupt forced.
    expect(hub.syncs()).toHaveLength(2);
    expect(hub.syncs()[1]?.interrupted_at).toBeGreaterThanOrEqual(before);
    expect(hook.reason()).toBe('INTERRUPTED');
  });

  it('interrupted during a job without a grace period: the job is stopped, reported, then the agent leaves', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hook.path } });
    const id = hub.queueJob({ commands: [{ directive: 'sleep 600' }] });
    await waitFor(() => hub.syncs().some((s) => s.state === 'running-job'));
    agent.listener.interrupt();
    expect(await agent.exit).toBe(0);
    expect(hub.jobs.get(id)?.result).toBe('stopped');
    expect(hook.reason()).toBe('INTERRUPTED');
    expect(states(hub).slice(-3)).toEqual(['running-job', 'stopping-job', 'finished-job']);
  });

  it('interrupted during a job with a grace period: the job finishes normally, then the agent leaves', async () => {
    const hub = await startFakeHub();
    const home = testHome();
    const hook = shutdownHook(home);
    const flag = join(home, 'go');
    const agent = startTestAgent(hub, { home, config: { 'shutdown-hook-path': hook.path, 'interruption-grace-period': 60 } });
    const id = hub.queueJob({ commands: [{ directive: `while [ ! -f ${flag} ]; do sleep 0.02; done; echo done` }] });
    await waitFor(() => hub.syncs().some((s) => s.state === 'running-job'));
    agent.listener.interrupt();
    await waitFor(() => hub.syncs().some((s) => s.state === 'running-job' && s.interrupted_at > 0));
    writeFileSync(flag, '');
    expect(await agent.exit).toBe(0);
    expect(hub.jobs.get(id)?.result).toBe('passed');
    expect(hook.reason()).toBe('INTERRUPTED');
  });

  it('an unknown or empty reason is UNKNOWN, still exit 0', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    hub.intercept('sync', () => ({ body: { action: 'shutdown', job_id: '', shutdown_reason: 'bored', next_sync_after: 0 } }));
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hook.path } });
    expect(await agent.exit).toBe(0);
    expect(hook.reason()).toBe('UNKNOWN');
  });

  it('unable to sync: after the limit without a successful sync it disconnects (retrying), runs the hook and exits 1', async () => {
    const hub = await startFakeHub();
    const hook = shutdownHook(testHome());
    hub.intercept('sync', () => ({ status: 500 }));
    hub.intercept('disconnect', () => ({ drop: true }));
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hook.path }, timings: { unableToSyncMs: 300, disconnectAttempts: 3 } });
    expect(await agent.exit).toBe(1);
    expect(hook.reason()).toBe('UNABLE_TO_SYNC');
    expect(hub.requestsOf('disconnect')).toHaveLength(3);
  });

  it('retries disconnect until the hub takes it, and runs the hook only after that', async () => {
    const hub = await startFakeHub();
    const home = testHome();
    const log = join(home, 'order');
    const hookPath = join(home, 'hook.sh');
    writeFileSync(hookPath, `echo hook >> ${log}\n`);
    let refusals = 2;
    hub.intercept('disconnect', () => {
      writeFileSync(log, 'disconnect\n', { flag: 'a' });
      return refusals-- > 0 ? { status: 503 } : undefined;
    });
    const agent = startTestAgent(hub, { config: { 'shutdown-hook-path': hookPath } });
    await waitFor(() => hub.syncs().length > 0);
    hub.requestShutdown();
    expect(await agent.exit).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('disconnect\ndisconnect\ndisconnect\nhook\n');
  });

  it('a shutdown during a job abandons it: no job_finished, no finished-job report, its processes killed', async () => {
    const hub = await startFakeHub();
    const home = testHome();
    const pidFile = join(home, 'pid');
    hub.intercept('sync', (request) => {
      const body = request.body as { state: string };
      return body.state === 'running-job' && existsSync(pidFile) ? { body: { action: 'shutdown', job_id: '', shutdown_reason: 'requested', next_sync_after: 0 } } : undefined;
    });
    const agent = startTestAgent(hub, { home });
    const id = hub.queueJob({ commands: [{ directive: `sleep 600 & echo $! > ${pidFile}; wait` }] });
    expect(await agent.exit).toBe(0);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
    expect(hub.logs(id).some((e) => e.event === 'job_finished')).toBe(false);
    expect(hub.syncs().some((s) => s.state === 'finished-job')).toBe(false);
  });
});
