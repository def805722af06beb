import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { api, createAgentType, eventsOf, getJob, kill, startAgentProcess, startHubProcess, submitJob, tempDir, waitForJob, type AgentProc, type HubProcess } from './support/processes.js';

/**
 * Every shutdown reason with real processes and real signals (spec §2.7–2.8): exit code, the shutdown hook's
 * SEMAPHORE_AGENT_SHUTDOWN_REASON, and what happened to the job.
 */
let hub: HubProcess;
let types = 0;
beforeAll(async () => {
  hub = await startHubProcess({ untilKilled: true });
});
afterAll(async () => {
  await kill(hub.proc);
});

async function agentWithHook(args: string[] = [], env: Record<string, string> = {}) {
  const type = `s1-e2e-shutdown-${++types}`;
  const token = await createAgentType(hub, type);
  const dir = tempDir();
  const hook = join(dir, 'hook.sh');
  const reasonFile = join(dir, 'reason');
  writeFileSync(hook, `echo -n "$SEMAPHORE_AGENT_SHUTDOWN_REASON" > ${reasonFile}\n`);
  const agent = startAgentProcess(hub, token, { args: ['--shutdown-hook-path', hook, ...args], env });
  const reason = () => (existsSync(reasonFile) ? readFileSync(reasonFile, 'utf8') : undefined);
  return { type, token, agent, reason, registered: () => registered(agent) };
}

const registered = (agent: AgentProc) => waitFor(() => eventsOf(agent, 'registered').length > 0, { message: `registration (${agent.output()})` });

const running = (hub: HubProcess, id: string) => waitFor(async () => (await getJob(hub, id)).status.state === 'RUNNING' || undefined, { timeoutMs: 20_000 });

describe('shutdown reasons with real hub and agent processes', () => {
  it('idle: exit 0, IDLE', async () => {
    const { agent, reason } = await agentWithHook(['--disconnect-after-idle-timeout', '1']);
    expect(await agent.exited).toBe(0);
    expect(reason()).toBe('IDLE');
  });

  it('job finished: a single-job agent runs one job, exits 0, JOB_FINISHED', async () => {
    const { type, agent, reason } = await agentWithHook(['--disconnect-after-job']);
    const id = await submitJob(hub, type, { commands: ['echo single'] });
    expect(await agent.exited).toBe(0);
    expect(reason()).toBe('JOB_FINISHED');
    expect((await getJob(hub, id)).status.result).toBe('PASSED');
  });

  it('requested: disabling the agent from the API makes it exit 0, REQUESTED', async () => {
    const { agent, reason, registered } = await agentWithHook(['--name', 'e2e-agent-requested']);
    await registered();
    await api(hub, 'POST', '/api/v1alpha/agents/e2e-agent-requested/disable');
    expect(await agent.exited).toBe(0);
    expect(reason()).toBe('REQUESTED');
  });

  it('interrupted while idle: SIGTERM → exit 0, INTERRUPTED', async () => {
    const { agent, reason, registered } = await agentWithHook();
    await registered();
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(reason()).toBe('INTERRUPTED');
  });

  it('interrupted during a job without a grace period: SIGINT stops the job (STOPPED), then exit 0, INTERRUPTED', async () => {
    const { type, agent, reason } = await agentWithHook();
    const id = await submitJob(hub, type, { commands: ['sleep 600'] });
    await running(hub, id);
    agent.child.kill('SIGINT');
    expect(await agent.exited).toBe(0);
    expect(reason()).toBe('INTERRUPTED');
    expect((await waitForJob(hub, id)).status.result).toBe('STOPPED');
  });

  it('interrupted during a job with a grace period: the job finishes (PASSED), then exit 0, INTERRUPTED', async () => {
    const flag = join(tempDir(), 'go');
    const { type, agent, reason } = await agentWithHook(['--interruption-grace-period', '60']);
    const id = await submitJob(hub, type, { commands: [`while [ ! -f ${flag} ]; do sleep 0.02; done; echo finished in grace`] });
    await running(hub, id);
    agent.child.kill('SIGTERM');
    await waitFor(() => eventsOf(agent, 'interrupted').some((e) => !e.repeated));
    // The hub has heard of it: a sync went out after the interrupt.
    const told = agent.events.findIndex((e) => e.kind === 'interrupted');
    await waitFor(() => eventsOf(agent, 'synced', told).length > 0);
    // A later signal is only logged: the hub decides (spec §2.8).
    agent.child.kill('SIGTERM');
    await waitFor(() => eventsOf(agent, 'interrupted').some((e) => e.repeated));
    writeFileSync(flag, '');
    expect(await agent.exited).toBe(0);
    expect(reason()).toBe('INTERRUPTED');
    expect((await waitForJob(hub, id)).status.result).toBe('PASSED');
  });

  it('unable to sync: with the hub gone for longer than the limit, exit 1, UNABLE_TO_SYNC', async () => {
    const own = await startHubProcess();
    const token = await createAgentType(own, 's1-e2e-unable');
    const dir = tempDir();
    const hook = join(dir, 'hook.sh');
    writeFileSync(hook, `echo -n "$SEMAPHORE_AGENT_SHUTDOWN_REASON" > ${dir}/reason\n`);
    const agent = startAgentProcess(own, token, {
      args: ['--shutdown-hook-path', hook],
      env: { OUTPOST_AGENT_UNABLE_TO_SYNC_MS: '1000', OUTPOST_AGENT_DISCONNECT_ATTEMPTS: '3' },
    });
    await registered(agent);
    await kill(own.proc);
    expect(await agent.exited).toBe(1);
    expect(readFileSync(join(dir, 'reason'), 'utf8')).toBe('UNABLE_TO_SYNC');
  });

  it('a registration token the hub does not know: 30 tries (here 3), then exit 1 with a message', async () => {
    const logFile = join(tempDir(), 'logs', 'agent.log');
    const agent = startAgentProcess(hub, 'not-a-token', { env: { OUTPOST_AGENT_REGISTER_ATTEMPTS: '3', SEMAPHORE_AGENT_LOG_FILE_PATH: logFile } });
    expect(await agent.exited).toBe(1);
    expect(agent.stderr.join('')).toContain(`agent: could not register with http://${hub.endpoint} after 3 attempts: register: the hub answered 404`);
    // The agent log also goes to SEMAPHORE_AGENT_LOG_FILE_PATH (the systemd unit sets it), never with the token.
    const logged = readFileSync(logFile, 'utf8');
    expect(logged.split('"msg":"registration failed"')).toHaveLength(4);
    expect(logged).not.toContain('not-a-token');
  });
});
