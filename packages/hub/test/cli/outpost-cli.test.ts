import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../../test-support/wait-for.js';

// The built CLI (`npm run build` first), run as a person runs it.
const BIN = fileURLToPath(new URL('../../bin/outpost.js', import.meta.url));
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { child, stdout: [], stderr: [], exited: new Promise((resolve) => child.once('close', (code) => resolve(code))) };
  child.stdout?.on('data', (chunk: Buffer) => run.stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => run.stderr.push(chunk.toString()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await run.exited;
  });
  return run;
}

async function outpost(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = start(args, env);
  const code = await run.exited;
  return { code, stdout: run.stdout.join(''), stderr: run.stderr.join('') };
}

/** A "hub" that answers every request 200 `{}`: answers the CLI cannot use, so it fails inside (a bug to report). */
async function unusableHub(): Promise<string> {
  const server: Server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const STACK_LINE = /\n\s+at /;

describe('outpost --debug', () => {
  it.each([
    { name: 'before the command', args: ['--debug', 'agent-types', 'list'] },
    { name: 'after the command', args: ['agent-types', 'list', '--debug'] },
  ])('prints the stack of an internal error when given $name', async ({ args }) => {
    const url = await unusableHub();
    const result = await outpost(args, { OUTPOST_URL: url, OUTPOST_TOKEN: 'token' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('outpost: this is a bug: ');
    expect(result.stderr).toMatch(STACK_LINE);
  });

  it('without it, says how to see the stack and shows none', async () => {
    const url = await unusableHub();
    const result = await outpost(['agent-types', 'list'], { OUTPOST_URL: url, OUTPOST_TOKEN: 'token' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run the command again with --debug');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('is in the help', async () => {
    const result = await outpost(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--debug');
  });
});

type LogLine = { level: number; msg: string; port?: number };

/** `outpost hub` until it logged "hub started", one /healthz request, SIGTERM; every log line it wrote. */
async function hubLogLines(args: string[], env: Record<string, string>): Promise<LogLine[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-cli-hub-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const hub = start(['hub', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...args], { OUTPOST_ADMIN_PASSWORD: 'cli-test-password-0123', ...env });
  const lines = () => hub.stdout.join('').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
  const started = await waitFor(() => lines().find((line) => line.msg === 'hub started'), { timeoutMs: 20_000, message: `the hub to start (${hub.stderr.join('')})` });
  expect((await fetch(`http://127.0.0.1:${started.port}/healthz`)).status).toBe(200);
  hub.child.kill('SIGTERM');
  expect(await hub.exited).toBe(0);
  return lines();
}

const DEBUG = 20;

describe('outpost hub: each setting from the flag, else the environment, else the default', () => {
  it.each([
    { name: 'OUTPOST_LOG_LEVEL=debug when no flag is given', args: [], env: { OUTPOST_LOG_LEVEL: 'debug' }, debugLines: true },
    { name: '--log-level debug over OUTPOST_LOG_LEVEL=info', args: ['--log-level', 'debug'], env: { OUTPOST_LOG_LEVEL: 'info' }, debugLines: true },
    { name: '--log-level info over OUTPOST_LOG_LEVEL=debug', args: ['--log-level', 'info'], env: { OUTPOST_LOG_LEVEL: 'debug' }, debugLines: false },
    { name: 'info by default', args: [], env: {}, debugLines: false },
  ] as { name: string; args: string[]; env: Record<string, string>; debugLines: boolean }[])('logs at $name', async ({ args, env, debugLines }) => {
    const lines = await hubLogLines(args, env);
    expect(lines.some((line) => line.msg === 'request completed' && line.level === DEBUG)).toBe(debugLines);
  });

  it.each([
    { name: 'an unknown log level', args: ['--log-level', 'loud'], env: {}, message: "--log-level (OUTPOST_LOG_LEVEL) must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'" },
    { name: 'a port out of range in OUTPOST_PORT', args: [], env: { OUTPOST_PORT: '99999' }, message: '--port (OUTPOST_PORT) must be a port number from 0 to 65535; got 99999' },
    { name: 'a certificate without its key', args: ['--tls-cert', 'cert.pem'], env: {}, message: '--tls-cert and --tls-key must be given together' },
  ] as { name: string; args: string[]; env: Record<string, string>; message: string }[])('refuses $name as a usage error (exit 2)', async ({ args, env, message }) => {
    const result = await outpost(['hub', ...args], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`outpost: ${message}\n`);
  });
});
