import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../../test-support/wait-for.js';

/** Real `outpost hub` and `agent start` processes for the browser suite; needs the build (npm run test:browser builds). */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HUB_BIN = join(ROOT, 'packages/hub/bin/outpost.js');
const AGENT_BIN = join(ROOT, 'packages/agent/bin/agent.js');
/** Downloads land inside the repository so the agent bundle finds node-pty in its node_modules, as the instructions set up. */
export const DOWNLOADS_DIR = join(ROOT, 'test-artifacts', 'downloads');

export interface Proc {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

export interface HubProcess {
  url: string;
  endpoint: string;
  email: string;
  password: string;
  apiToken: string;
  proc: Proc;
  stop(): Promise<void>;
}

function spawnNode(bin: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = {
    child,
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => proc.stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => proc.stderr.push(chunk.toString()));
  return proc;
}

export async function stopProc(proc: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await proc.exited;
  clearTimeout(timer);
}

/** A hub on a free port with a fresh data directory, the owner's password and API token chosen here. */
export async function startHubProcess(extraEnv: Record<string, string> = {}): Promise<HubProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-browser-'));
  const apiToken = `browser-${randomBytes(16).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const proc = spawnNode(HUB_BIN, ['hub', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    OUTPOST_BOOTSTRAP_TOKEN: apiToken,
    OUTPOST_ADMIN_PASSWORD: password,
    // The 200-agent check registers agents that never sync; keep them for the length of the suite.
    OUTPOST_LOST_AGENT_AFTER_MS: '600000',
    ...extraEnv,
  });
  const port = await waitFor(
    () => {
      const line = proc.stdout.join('').split('\n').find((l) => l.includes('"hub started"'));
      return line ? (JSON.parse(line) as { port: number }).port : undefined;
    },
    { timeoutMs: 20_000, message: `the hub to start (stderr: ${proc.stderr.join('')})` },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    endpoint: `127.0.0.1:${port}`,
    email: 'admin@outpost.local',
    password,
    apiToken,
    proc,
    async stop() {
      await stopProc(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `agent start` against the hub with a registration token, in a HOME of its own; `bin` may be a downloaded agent.mjs. */
export function startAgent(hub: HubProcess, token: string, extraArgs: string[] = [], bin = AGENT_BIN): Proc & { home: string } {
  const home = mkdtempSync(join(tmpdir(), 'outpost-browser-agent-'));
  const proc = spawnNode(bin, ['start', '--endpoint', hub.endpoint, '--no-https', '--token', token, ...extraArgs], {
    HOME: home,
    SHELL: '/bin/bash',
    OUTPOST_AGENT_REGISTER_RETRY_DELAY_MS: '100',
  });
  void proc.exited.then(() => rmSync(home, { recursive: true, force: true }));
  return Object.assign(proc, { home });
}

/** The public API with the owner's API token (for setup and for checks the UI cannot show). */
export async function api<T>(hub: HubProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Token ${hub.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Registers an agent over the agent protocol, as the official agent would (no Content-Type, Token auth). */
export async function registerFakeAgent(hub: HubProcess, token: string, name: string, version = 'v2.2.23'): Promise<number> {
  const res = await fetch(`${hub.url}/api/v1/self_hosted_agents/register`, {
    method: 'POST',
    headers: { authorization: `Token ${token}`, 'user-agent': 'SemaphoreAgent/v2.2.23' },
    body: JSON.stringify({
      name,
      version,
      pid: 1000 + Math.floor(Math.random() * 60000),
      os: 'Ubuntu 22.04.4 LTS',
      arch: 'x86_64',
      hostname: `host-${name}`,
      single_job: false,
      idle_timeout: 0,
      interruption_grace_period: 0,
      job_id: '',
    }),
  });
  await res.body?.cancel();
  return res.status;
}
