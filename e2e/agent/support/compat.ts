import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { Job } from '@outpost/protocol';
import { waitFor } from '../../../test-support/wait-for.js';
import { agentDrivers, type AgentDriver } from './agent-drivers.js';
import { agentsOf, createAgentType, getJob, jobLog, tempDir, type HubProcess, type Proc } from './processes.js';

/**
 * The compatibility suite's frame: each scenario runs once per agent binary. The official agent's block is skipped,
 * visibly, unless OUTPOST_OFFICIAL_AGENT names its binary. Figures (stop latency, grace, idle) are printed as
 * `compat figure` lines for docs/compatibility.md.
 */
export function describeEachAgent(title: string, suite: (driver: AgentDriver) => void): void {
  for (const { kind, driver } of agentDrivers()) {
    const name = `${title} — ${kind} agent`;
    if (driver) describe(name, () => suite(driver));
    else describe.skip(`${name} (set OUTPOST_OFFICIAL_AGENT=/path/to/agent to run it)`, () => suite(OFFICIAL_PLACEHOLDER));
  }
}

// Never started: describe.skip only collects the test names.
const OFFICIAL_PLACEHOLDER: AgentDriver = { kind: 'official', binary: '', start: () => { throw new Error('no official agent'); } };

export function figure(driver: AgentDriver, name: string, ms: number): void {
  console.info(`compat figure: ${driver.kind} agent: ${name}: ${Math.round(ms)} ms`);
}

let types = 0;
/** A fresh agent type, so each scenario's jobs go to its own agent. */
export async function newType(hub: HubProcess, driver: AgentDriver): Promise<{ type: string; token: string }> {
  const type = `s1-compat-${driver.kind}-${process.pid}-${++types}`;
  return { type, token: await createAgentType(hub, type) };
}

/** Resolves with the hub's view of the agent once one of `type` has registered and synced. */
export const syncedAgent = (hub: HubProcess, type: string, proc: Proc, timeoutMs = 20_000) =>
  withOutput(proc, waitFor(async () => (await agentsOf(hub, type)).find((agent) => (agent.metadata.last_sync_at ?? 0) > 0), {
    timeoutMs,
    message: `an agent of ${type} to register and sync`,
  }));

export const finishedJob = (hub: HubProcess, id: string, proc: Proc, timeoutMs = 30_000): Promise<Job> =>
  withOutput(proc, waitFor(async () => {
    const job = await getJob(hub, id);
    return job.status.state === 'FINISHED' ? job : undefined;
  }, { timeoutMs, intervalMs: 25, message: `job ${id} to finish` }));

/** Waits until the job's log shows `text` in a command's output. */
export const logShows = (hub: HubProcess, id: string, text: string, proc: Proc, timeoutMs = 20_000) =>
  withOutput(proc, waitFor(async () => (await logText(hub, id)).includes(text), { timeoutMs, message: `'${text}' in the log of ${id}` }));

/** A wait that failed says what the agent printed meanwhile (read when it failed, not when it began). */
async function withOutput<T>(proc: Proc, waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    throw new Error(`${(error as Error).message}\nagent output:\n${proc.output().slice(-3000)}`, { cause: error });
  }
}

/** Everything the job's commands printed, in order. */
export async function logText(hub: HubProcess, id: string): Promise<string> {
  return (await jobLog(hub, id)).map((event) => (event.event === 'cmd_output' ? event.output : '')).join('');
}

/** The directives the log says were started, in order. */
export async function startedCommands(hub: HubProcess, id: string): Promise<string[]> {
  return (await jobLog(hub, id)).flatMap((event) => (event.event === 'cmd_started' ? [event.directive] : []));
}

/**
 * A job command whose foreground process writes its pid and sleeps until the agent ends it: `ended` resolves when that
 * process is gone, the moment the agent acted on stop-job (the hub hears the result only after the agent's log flush).
 */
export function sleepingJob(): { command: string; ended: () => Promise<void> } {
  const pidFile = join(tempDir(), 'job.pid');
  return {
    command: `sh -c 'echo $$ > ${pidFile}; echo started; exec sleep 600'`,
    ended: async () => {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await waitFor(() => !isAlive(pid), { timeoutMs: 60_000, intervalMs: 10, message: `the job's process ${pid} to end` });
    },
  };
}

/** Alive and not a zombie (a killed job process may wait a moment to be reaped). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
