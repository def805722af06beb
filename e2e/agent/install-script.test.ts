import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LogEvent } from '@outpost/protocol';
import { describe, expect, it } from 'vitest';
import { installPlatforms, tokenExport, type InstallContext } from '../../packages/web/src/pages/agent-type/install-steps.js';
import { FAST_AGENT_ENV, ROOT, createAgentType, jobLog, kill, run, startHubProcess, submitJob, tempDir, waitForJob, waitForSyncedAgent, type HubProcess } from './support/processes.js';

/**
 * The one-line install as a new user runs it: the exact commands of the UI's Linux tab, piped from a real hub into
 * bash, in a throwaway root (OUTPOST_INSTALL_ROOT) with stand-ins for systemctl and sudo and no Node.js on PATH.
 * The installed single executable then runs a real job, as the unit it wrote would start it.
 */
const EXECUTABLE_NAME = `outpost-agent-${process.platform}-${process.arch}`;
const EXECUTABLE = join(ROOT, 'packages/agent/dist', EXECUTABLE_NAME);
const NODE_TOOLS = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);
const AGENT_DIR = 'opt/outpost/agent';
const UNIT = 'etc/systemd/system/outpost-agent.service';
const exec = promisify(execFile);

/** A PATH of everything in /usr/bin but Node.js, with systemctl recording its calls and sudo keeping the environment. */
function pathWithoutNode(): string {
  const bin = join(tempDir('outpost-e2e-bin-'), 'bin');
  mkdirSync(bin);
  for (const name of readdirSync('/usr/bin')) {
    if (!NODE_TOOLS.has(name) && name !== 'systemctl' && name !== 'sudo') symlinkSync(join('/usr/bin', name), join(bin, name));
  }
  writeFileSync(join(bin, 'systemctl'), '#!/bin/sh\necho "$*" >> "$OUTPOST_INSTALL_ROOT/systemctl.log"\n', { mode: 0o755 });
  writeFileSync(join(bin, 'sudo'), '#!/bin/sh\nexec env "$@"\n', { mode: 0o755 });
  return `${bin}:/usr/sbin`;
}

/** The Linux tab's commands for this hub, as the page shows them over http. */
function linuxTab(hub: HubProcess) {
  const ctx: InstallContext = { endpoint: hub.endpoint, noHttps: true, hubUrl: hub.url, downloadUrl: `${hub.url}/downloads/agent.mjs`, typeName: 's1-e2e-install', sts: null };
  const steps = installPlatforms(ctx).find((p) => p.id === 'linux')!.steps;
  const code = (title: string) => {
    const step = steps.find((s) => s.title === title);
    if (step?.kind !== 'code') throw new Error(`the Linux tab has no code step '${title}'`);
    return step.code;
  };
  return { install: code('Install and start the service'), follow: code('Follow its log'), uninstall: code('Remove it') };
}

async function shell(script: string, env: Record<string, string>) {
  const proc = run(['-c', script], env, { bin: '/bin/bash' });
  const code = await proc.exited;
  return { code, stdout: proc.stdout.join(''), stderr: proc.stderr.join('') };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const systemctlCalls = (root: string) => (existsSync(join(root, 'systemctl.log')) ? readFileSync(join(root, 'systemctl.log'), 'utf8').trim().split('\n') : []);

describe.skipIf(!existsSync(EXECUTABLE) && process.env.CI !== 'true')('install.sh from the hub', () => {
  it('installs the single executable as a service, which runs a job without Node.js; again upgrades in place; --uninstall removes it', async () => {
    const hub = await startHubProcess();
    const token = await createAgentType(hub, 's1-e2e-install');
    const root = tempDir('outpost-e2e-root-');
    const env = { PATH: pathWithoutNode(), OUTPOST_INSTALL_ROOT: root };
    const tab = linuxTab(hub);

    const installed = await shell(`${tokenExport('sh', token)}\n${tab.install}`, env);
    expect(installed, installed.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(installed.stdout).toContain(`  ${tab.follow}`);
    expect(systemctlCalls(root)).toEqual(['daemon-reload', 'enable outpost-agent.service', 'restart outpost-agent.service']);
    const agent = join(root, AGENT_DIR, 'agent');
    expect(sha256(agent)).toBe(sha256(EXECUTABLE));
    const configPath = join(root, AGENT_DIR, 'config.yaml');
    const config = readFileSync(configPath, 'utf8');
    expect(config).toContain(`endpoint: "${hub.endpoint}"\ntoken: "${token}"\nno-https: true\n`);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    const unit = readFileSync(join(root, UNIT), 'utf8');
    expect(unit).toContain('ExecStart=/opt/outpost/agent/agent start --config-file /opt/outpost/agent/config.yaml\n');
    expect(unit).toContain('Environment=OUTPOST_AGENT_CACHE_DIR=/opt/outpost/agent/cache\n');
    await verifyUnit(root, unit);

    // What the unit runs, with the unit's arguments, and neither node nor npm anywhere on PATH.
    const home = tempDir('outpost-e2e-home-');
    const service = run(['start', '--config-file', configPath], { ...env, HOME: home, ...unitEnvironment(unit, root), ...FAST_AGENT_ENV }, { bin: agent });
    await waitForSyncedAgent(hub, 's1-e2e-install', service);
    // The process is the installed file itself, not a Node.js running a script.
    expect(readlinkSync(`/proc/${service.child.pid}/exe`)).toBe(agent);
    const id = await submitJob(hub, 's1-e2e-install', { commands: ['echo "hello from $(basename "$0")"', 'tty'] });
    const job = await waitForJob(hub, id, service);
    expect(job.status.result).toBe('PASSED');
    const output = outputOf(await jobLog(hub, id));
    expect(output).toContain('hello from bash');
    expect(output).toMatch(/\/dev\/pts\/\d+/);
    // The PTY's native module was unpacked into the install directory, once.
    const cacheDir = join(root, AGENT_DIR, 'cache');
    expect(readdirSync(cacheDir).map((digest) => readdirSync(join(cacheDir, digest)))).toEqual([['pty.node']]);
    await kill(service, 'SIGTERM');

    const again = await shell(`${tokenExport('sh', 'a-newer-token')}\n${tab.install}`, env);
    expect(again, again.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('Kept /opt/outpost/agent/config.yaml');
    expect(readFileSync(configPath, 'utf8')).toBe(config);
    expect(systemctlCalls(root).slice(3)).toEqual(['daemon-reload', 'enable outpost-agent.service', 'restart outpost-agent.service']);

    const removed = await shell(tab.uninstall, env);
    expect(removed, removed.stderr).toMatchObject({ code: 0 });
    expect(existsSync(join(root, 'opt/outpost'))).toBe(false);
    expect(existsSync(join(root, UNIT))).toBe(false);
    expect(systemctlCalls(root).slice(6)).toEqual(['disable --now outpost-agent.service', 'daemon-reload']);
    await kill(hub.proc);
  });

  it('installs nothing when the download does not match the SHA-256 the hub lists, or when the token is missing', async () => {
    const downloads = tempDir('outpost-e2e-downloads-');
    symlinkSync(EXECUTABLE, join(downloads, EXECUTABLE_NAME));
    writeFileSync(join(downloads, `${EXECUTABLE_NAME}.sha256`), `${'0'.repeat(64)}  ${EXECUTABLE_NAME}\n`);
    writeFileSync(join(downloads, 'agent.mjs'), '// not used');
    const hub = await startHubProcess({ env: { OUTPOST_AGENT_BUNDLE: join(downloads, 'agent.mjs') } });
    const root = tempDir('outpost-e2e-root-');
    const env = { PATH: pathWithoutNode(), OUTPOST_INSTALL_ROOT: root };
    const tab = linuxTab(hub);

    const tampered = await shell(`${tokenExport('sh', 'some-token')}\n${tab.install}`, env);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`the SHA-256 of ${EXECUTABLE_NAME} is ${sha256(EXECUTABLE)}, but the hub lists ${'0'.repeat(64)}`);
    expect(readdirSync(root)).toEqual([]);

    const noToken = await shell(tab.install, env);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('SEMAPHORE_REGISTRATION_TOKEN is not set');
    expect(readdirSync(root)).toEqual([]);
    await kill(hub.proc);
  });
});

describe('the README', () => {
  it("shows the commands of the UI's Linux tab", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const tab = linuxTab({ url: 'http://HUB:8080', endpoint: 'HUB:8080' } as HubProcess);
    for (const command of [tab.install, tab.follow, tab.uninstall]) expect(readme).toContain(`\n${command}`);
  });
});

/** The unit's Environment= settings, with its paths moved into the throwaway root. */
function unitEnvironment(unit: string, root: string): Record<string, string> {
  const settings = [...unit.matchAll(/^Environment=(\w+)=(.*)$/gm)].map(([, name, value]) => [name!, value!.replaceAll('/opt/outpost/agent', join(root, AGENT_DIR))]);
  return Object.fromEntries(settings);
}

/** systemd-analyze checks the unit with its paths moved into the throwaway root, where the files exist. */
async function verifyUnit(root: string, unit: string): Promise<void> {
  if (!existsSync('/usr/bin/systemd-analyze') && process.env.CI !== 'true') {
    console.warn('systemd-analyze is not installed; skipping the unit verification');
    return;
  }
  const copy = join(tempDir('outpost-e2e-unit-'), 'outpost-agent.service');
  writeFileSync(copy, unit.replaceAll('/opt/outpost/agent', join(root, AGENT_DIR)));
  const verified = await exec('systemd-analyze', ['verify', copy]);
  expect(verified.stderr).toBe('');
}

function outputOf(events: readonly LogEvent[]): string {
  return events.map((event) => (event.event === 'cmd_output' ? event.output : '')).join('');
}
