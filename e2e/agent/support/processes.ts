import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentList, Job, LogEvent } from '@outpost/protocol';
import type { ListenerEvent } from '../../../packages/agent/src/listener/listener.js';
import { afterEach } from 'vitest';
import { waitFor } from '../../../test-support/wait-for.js';

/**
 * Real processes for the agent's whole-system tests: `outpost hub` (SQLite in a temp dir) and `agent start`, both
 * from the build (npm test builds first). Everything started here is killed after each test.
 */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const HUB_BIN = join(ROOT, 'packages/hub/bin/outpost.js');
export const AGENT_BIN = join(ROOT, 'packages/agent/bin/agent.js');
export const AGENT_BUNDLE = join(ROOT, 'packages/agent/dist/agent.mjs');
export const ADMIN_TOKEN = 'e2e-agent-admin-token-0123456789abcdef';

/** Agent timings for tests: the production code paths, in milliseconds instead of seconds. */
export const FAST_AGENT_ENV: Record<string, string> = {
  OUTPOST_AGENT_REGISTER_RETRY_DELAY_MS: '50',
  OUTPOST_AGENT_GET_JOB_RETRY_DELAY_MS: '50',
  OUTPOST_AGENT_DISCONNECT_RETRY_DELAY_MS: '50',
  OUTPOST_AGENT_SYNC_INTERVAL_MIN_MS: '50',
  OUTPOST_AGENT_SYNC_INTERVAL_MAX_MS: '100',
  OUTPOST_AGENT_LOG_PUSH_INTERVAL_MS: '50',
  OUTPOST_AGENT_LOG_FLUSH_RETRY_MS: '50',
  OUTPOST_AGENT_STOP_GRACE_MS: '500',
  OUTPOST_AGENT_LONG_POLL_SECONDS: '5',
  SEMAPHORE_AGENT_LOG_LEVEL: 'debug',
};

export interface Proc {
  child: ChildProcess;
  /** Started as its own process group; `kill` kills the group. */
  group: boolean;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  output(): string;
}

/** An `agent start` process: its listener's typed events arrive over IPC, in order. */
export interface AgentProc extends Proc {
  home: string;
  events: ListenerEvent[];
}

const procs: Proc[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const proc of procs.splice(0)) await kill(proc);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'outpost-e2e-agent-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * `untilKilled`: the caller kills it (a hub shared by a file's tests); otherwise it dies after the test. `ipc`: a
 * Node child gets an IPC channel (the agent sends its listener events over it).
 */
export function run(args: string[], env: Record<string, string>, options: { bin?: string; untilKilled?: boolean; ipc?: boolean; group?: boolean } = {}): Proc {
  const bin = options.bin ?? process.execPath;
  const stdio = options.ipc ? (['ignore', 'pipe', 'pipe', 'ipc'] as const) : (['ignore', 'pipe', 'pipe'] as const);
  const child = spawn(bin, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: [...stdio], detached: options.group === true });
  const proc: Proc = {
    child,
    group: options.group === true,
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    output: () => proc.stdout.join('') + proc.stderr.join(''),
  };
  child.stdout?.on('data', (chunk: Buffer) => proc.stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => proc.stderr.push(chunk.toString()));
  if (!options.untilKilled) procs.push(proc);
  return proc;
}

/** A process started as its own group is killed with its whole group (a wrapper and the child it re-executed). */
export async function kill(proc: Proc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  if (proc.group && proc.child.pid !== undefined) process.kill(-proc.child.pid, signal);
  else proc.child.kill(signal);
  await proc.exited;
}

export interface HubProcess {
  url: string;
  endpoint: string;
  port: number;
  dataDir: string;
  proc: Proc;
}

/** `outpost hub` on 127.0.0.1; port 0 picks one, a given port (and data dir) restarts a hub where it was. */
export async function startHubProcess(options: { port?: number; dataDir?: string; env?: Record<string, string>; untilKilled?: boolean } = {}): Promise<HubProcess> {
  const dataDir = options.dataDir ?? tempDir('outpost-e2e-hub-');
  const proc = run([HUB_BIN, 'hub', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data-dir', dataDir], {
    OUTPOST_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
    OUTPOST_ADMIN_PASSWORD: 'e2e-password-0123456789',
    ...options.env,
  }, { untilKilled: options.untilKilled });
  const port = await waitFor(
    () => {
      const line = proc.stdout.join('').split('\n').find((l) => l.includes('"hub started"'));
      return line ? (JSON.parse(line) as { port: number }).port : undefined;
    },
    { timeoutMs: 20_000, message: `the hub to start (${proc.output()})` },
  );
  return { url: `http://127.0.0.1:${port}`, endpoint: `127.0.0.1:${port}`, port, dataDir, proc };
}

export async function api<T>(hub: { url: string }, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Token ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Creates an agent type and returns its registration token. */
export async function createAgentType(hub: HubProcess, name: string): Promise<string> {
  const type = await api<{ status: { registration_token: string } }>(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name } });
  return type.status.registration_token;
}

/** `agent start` against the hub, with its own HOME (no profile scripts of this machine) and fast timings. */
export function startAgentProcess(hub: { endpoint: string }, token: string, options: { args?: string[]; env?: Record<string, string>; home?: string } = {}): AgentProc {
  const home = options.home ?? tempDir('outpost-e2e-home-');
  mkdirSync(home, { recursive: true });
  const proc = run(
    [AGENT_BIN, 'start', '--endpoint', hub.endpoint, '--no-https', '--token', token, ...(options.args ?? [])],
    { HOME: home, ...FAST_AGENT_ENV, ...options.env },
    { ipc: true },
  );
  const events: ListenerEvent[] = [];
  proc.child.on('message', (message) => events.push(message as ListenerEvent));
  return Object.assign(proc, { home, events });
}

/** Events of `kind` the agent reported, after the first `from` events. */
export function eventsOf<K extends ListenerEvent['kind']>(agent: AgentProc, kind: K, from = 0): Array<Extract<ListenerEvent, { kind: K }>> {
  return agent.events.slice(from).filter((event): event is Extract<ListenerEvent, { kind: K }> => event.kind === kind);
}

export async function submitJob(hub: HubProcess, type: string, spec: Record<string, unknown>, name = 'e2e job'): Promise<string> {
  const job = await api<Job>(hub, 'POST', '/api/v1alpha/jobs', { metadata: { name }, spec: { agent: { machine: { type } }, ...spec } });
  return job.metadata.id;
}

/** The agents of a type as the hub lists them (registered and not disconnected). */
export const agentsOf = async (hub: HubProcess, type: string) =>
  (await api<AgentList>(hub, 'GET', `/api/v1alpha/agents?agent_type=${encodeURIComponent(type)}`)).agents;

/** Resolves once an agent of `type` has registered and synced with the hub (state the hub shows, not agent log text). */
export const waitForSyncedAgent = (hub: HubProcess, type: string, proc?: Proc) =>
  waitFor(async () => (await agentsOf(hub, type)).find((agent) => (agent.metadata.last_sync_at ?? 0) > 0), {
    timeoutMs: 20_000,
    message: `an agent of ${type} to register and sync (${proc?.output().slice(-2000) ?? ''})`,
  });

export const getJob = (hub: HubProcess, id: string) => api<Job>(hub, 'GET', `/api/v1alpha/jobs/${id}`);
export const jobLog = async (hub: HubProcess, id: string) => (await api<{ events: LogEvent[] }>(hub, 'GET', `/api/v1alpha/logs/${id}`)).events;

export async function waitForJob(hub: HubProcess, id: string, agent?: Proc): Promise<Job> {
  return waitFor(
    async () => {
      const job = await getJob(hub, id);
      return job.status.state === 'FINISHED' ? job : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 50, message: `job ${id} to finish (agent: ${agent?.output().slice(-2000) ?? ''})` },
  );
}
