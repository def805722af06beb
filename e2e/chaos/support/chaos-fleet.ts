import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '@outpost/protocol';
import { waitFor } from '../../../test-support/wait-for.js';
import { FAST_AGENT_ENV, createAgentType, getJob, jobLog, startAgentProcess, startHubProcess, submitJob, tempDir, type AgentProc, type HubProcess } from '../../agent/support/processes.js';
import { SETTINGS } from './chaos-settings.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * A fleet for one chaos scenario: real hub processes (SQLite or PostgreSQL), real `agent start` processes that
 * reach the hubs only through a TCP proxy, and jobs that record every start in a shared file and print numbered
 * lines, so the tally can count jobs lost, run twice, results missing and log lines lost or doubled.
 */
export interface Fleet {
  hubs: HubProcess[];
  proxy: TcpProxy;
  agents: AgentProc[];
  type: string;
  registrationToken: string;
  jobIds: string[];
  runsFile: string;
  hubEnv: Record<string, string>;
  /** A hub that answers, for the test's own API calls (never through the proxy). */
  hub(): HubProcess;
}

export interface FleetOptions {
  name: string;
  databaseUrl?: string;
  hubCount?: number;
  agentCount?: number;
  /** Starts the hub process another way (a mount namespace with a small disk). */
  startHub?: (env: Record<string, string>) => Promise<HubProcess>;
}

export function hubEnvOf(databaseUrl?: string): Record<string, string> {
  return {
    OUTPOST_LOST_AGENT_AFTER_MS: String(SETTINGS.lostAgentAfterMs),
    OUTPOST_SWEEP_INTERVAL_MS: String(SETTINGS.sweepIntervalMs),
    OUTPOST_LAST_SYNC_FLUSH_MS: String(SETTINGS.lastSyncFlushMs),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const hubEnv = hubEnvOf(options.databaseUrl);
  const start = options.startHub ?? ((env: Record<string, string>) => startHubProcess({ env, untilKilled: true }));
  const hubs: HubProcess[] = [await start(hubEnv)];
  for (let i = 1; i < (options.hubCount ?? 1); i++) hubs.push(await startHubProcess({ env: hubEnv, untilKilled: true }));
  const proxy = await startTcpProxy(hubs.map((h) => h.port));
  const type = `s1-chaos-${options.name}`;
  const token = await createAgentType(hubs[0] as HubProcess, type);
  const agents = Array.from({ length: options.agentCount ?? SETTINGS.agents }, (_, i) => startChaosAgent(proxy, token, `chaos-${options.name}-${i}`));
  const fleet: Fleet = {
    hubs, proxy, agents, type, registrationToken: token, jobIds: [], hubEnv,
    runsFile: join(tempDir('outpost-chaos-'), 'runs.txt'),
    hub: () => fleet.hubs.find((h) => h.proc.child.exitCode === null && h.proc.child.signalCode === null) ?? (fleet.hubs[0] as HubProcess),
  };
  await waitFor(async () => (await countSyncedAgents(fleet)) === agents.length, { timeoutMs: 30_000, message: 'every agent to register and sync' });
  return fleet;
}

export function startChaosAgent(proxy: TcpProxy, token: string, name: string): AgentProc {
  return startAgentProcess({ endpoint: proxy.endpoint }, token, {
    args: ['--name', name],
    env: {
      ...FAST_AGENT_ENV,
      // The official pace (10 × 3 s): a hub restarting for a second or two must not fail the job it just offered.
      OUTPOST_AGENT_GET_JOB_RETRY_DELAY_MS: '3000',
      OUTPOST_AGENT_LONG_POLL_SECONDS: String(SETTINGS.agentLongPollSeconds),
      OUTPOST_AGENT_HTTP_TIMEOUT_MS: String(SETTINGS.agentHttpTimeoutMs),
      SEMAPHORE_AGENT_LOG_LEVEL: 'info',
    },
  });
}

async function countSyncedAgents(fleet: Fleet): Promise<number> {
  const res = await fetch(`${fleet.hub().url}/api/v1alpha/agents?agent_type=${fleet.type}`, { headers: { authorization: `Token e2e-agent-admin-token-0123456789abcdef` } });
  const body = (await res.json()) as { agents: { metadata: { last_sync_at?: number } }[] };
  return body.agents.filter((a) => (a.metadata.last_sync_at ?? 0) > 0).length;
}

export function jobCommand(runsFile: string, linesPerJob = SETTINGS.linesPerJob): string {
  const { lineIntervalS } = SETTINGS;
  return `echo "$SEMAPHORE_JOB_ID" >> ${runsFile}; i=1; while [ $i -le ${linesPerJob} ]; do echo "line $i"; i=$((i+1)); sleep ${lineIntervalS}; done`;
}

export async function submitJobs(fleet: Fleet, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await submitJob(fleet.hub(), fleet.type, { commands: [jobCommand(fleet.runsFile)] }, `chaos ${i}`));
  fleet.jobIds.push(...ids);
  return ids;
}

export async function jobsOf(fleet: Fleet): Promise<Job[]> {
  return Promise.all(fleet.jobIds.map((id) => getJob(fleet.hub(), id)));
}

export async function waitForRunning(fleet: Fleet, atLeast: number): Promise<Job[]> {
  return waitFor(async () => {
    const running = (await jobsOf(fleet)).filter((j) => j.status.state === 'RUNNING');
    return running.length >= atLeast ? running : undefined;
  }, { timeoutMs: 30_000, intervalMs: 100, message: `${atLeast} jobs to run` });
}

/** Waits (bounded) for every job to finish; a job still open at the end counts as lost. */
export async function settle(fleet: Fleet): Promise<void> {
  await waitFor(async () => (await jobsOf(fleet)).every((j) => j.status.state === 'FINISHED'), { timeoutMs: SETTINGS.settleMs, intervalMs: 250 }).catch(() => undefined);
}

export interface Tally {
  jobs: number;
  passed: number;
  /** Failed "agent lost": the expected outcome of a job whose agent really was gone (agent kill, network cut). */
  failedAsLost: number;
  lost: number;
  runTwice: number;
  resultsMissing: number;
  linesLost: number;
  linesDoubled: number;
  /** What went wrong per job, for the test's failure message (not part of the table). */
  problems: string[];
}

/**
 * `lostAllowed`: ids of jobs, or names of agents, that were really gone (killed, behind a cut): those jobs may end
 * FAILED "agent lost"; their log must still be in order, once.
 */
export async function tally(fleet: Fleet, lostAllowed: Set<string> = new Set()): Promise<Tally> {
  const runs = existsSync(fleet.runsFile) ? readFileSync(fleet.runsFile, 'utf8').split('\n').filter(Boolean) : [];
  const result: Tally = { jobs: fleet.jobIds.length, passed: 0, failedAsLost: 0, lost: 0, runTwice: 0, resultsMissing: 0, linesLost: 0, linesDoubled: 0, problems: [] };
  for (const job of await jobsOf(fleet)) {
    const id = job.metadata.id;
    if (runs.filter((r) => r === id).length > 1) {
      result.runTwice++;
      result.problems.push(`${id} ran ${runs.filter((r) => r === id).length} times`);
    }
    if (job.status.state !== 'FINISHED') {
      result.lost++;
      result.problems.push(`${id} is still ${job.status.state}`);
      continue;
    }
    const lines = numberedLines(await jobLog(fleet.hub(), id));
    result.linesDoubled += lines.length - new Set(lines).size;
    const outOfOrder = lines.some((n, i) => i > 0 && n <= (lines[i - 1] ?? 0));
    if (job.status.result === 'PASSED') {
      result.passed++;
      result.linesLost += SETTINGS.linesPerJob - new Set(lines).size;
    } else if (job.status.result === 'FAILED' && job.status.failure_reason === 'agent lost' && (lostAllowed.has(id) || lostAllowed.has(job.status.agent?.name ?? ''))) {
      result.failedAsLost++;
    } else {
      result.resultsMissing++;
      result.problems.push(`${id} ended ${job.status.result ?? 'without a result'} (${job.status.failure_reason ?? ''}) on ${job.status.agent?.name ?? '?'}`);
    }
    if (outOfOrder) result.linesDoubled++;
    if (lines.length !== new Set(lines).size || outOfOrder) result.problems.push(`${id} log lines: ${lines.join(',')}`);
  }
  return result;
}

function numberedLines(events: Awaited<ReturnType<typeof jobLog>>): number[] {
  const text = events.map((e) => (e.event === 'cmd_output' ? e.output : '')).join('');
  return text.split('\n').flatMap((line) => (/^line \d+$/.test(line) ? [Number(line.slice(5))] : []));
}

/** One row of the table in docs/reliability.md: printed, and appended to $OUTPOST_CHAOS_REPORT when set. */
export function report(scenario: string, fault: string, tallied: Tally, measured: Record<string, number | string> = {}): void {
  const { problems, ...counts } = tallied;
  for (const problem of problems) console.warn(`CHAOS problem in ${scenario}: ${problem}`);
  const row = { scenario, mode: process.env.OUTPOST_CHAOS_FULL === '1' ? 'full' : 'ci', fault, ...counts, ...measured };
  console.log(`CHAOS ${JSON.stringify(row)}`);
  if (process.env.OUTPOST_CHAOS_REPORT) appendFileSync(process.env.OUTPOST_CHAOS_REPORT, `${JSON.stringify(row)}\n`);
}

export const ZERO = { lost: 0, runTwice: 0, resultsMissing: 0, linesLost: 0, linesDoubled: 0 };

export async function stopFleet(fleet: Fleet): Promise<void> {
  await fleet.proxy.close();
  for (const hub of fleet.hubs) if (hub.proc.child.exitCode === null && hub.proc.child.signalCode === null) hub.proc.child.kill('SIGKILL');
}

/** The hub's own log lines (JSON), e.g. the measured stall. */
export function hubLogLines(hub: HubProcess): { msg: string; gapMs?: number; time: number; [key: string]: unknown }[] {
  return hub.proc.stdout.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; time: number });
}
