import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { installAgent } from '../../src/install/install.js';

const run = promisify(execFile);
const agentBin = new URL('../../bin/agent.js', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function plan(dir: string) {
  return { dir: join(dir, 'opt agent'), user: userInfo().username, endpoint: 'localhost:8080', token: 'reg-token', noHttps: true, restart: 'on-failure', restartSec: 5 };
}

async function systemdAnalyze(): Promise<boolean> {
  try {
    await run('systemd-analyze', ['--version']);
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error('systemd-analyze is required in CI (apt-get install -y systemd)', { cause: error });
    console.warn('systemd-analyze is not installed; skipping the unit verification');
    return false;
  }
}

describe('agent install', () => {
  it('writes a config readable only by its owner, a launcher, and a unit that systemd-analyze verify accepts without a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-install-'));
    dirs.push(dir);
    const installed = await installAgent(plan(dir), { platform: 'linux', serviceDir: join(dir, 'units'), nodePath: process.execPath, entryPath: agentBin });
    expect(statSync(installed.configPath).mode & 0o777).toBe(0o600);
    expect(statSync(installed.launcherPath).mode & 0o777).toBe(0o755);
    expect(readFileSync(installed.servicePath, 'utf8')).toContain(`ExecStart="${dir}/opt agent/agent" start --config-file "${dir}/opt agent/config.yaml"`);
    if (await systemdAnalyze()) {
      const { stderr } = await run('systemd-analyze', ['verify', installed.servicePath]);
      expect(stderr).toBe('');
    }
  });

  it('a unit whose ExecStart is missing fails the same verification (so the check above can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-install-'));
    dirs.push(dir);
    const installed = await installAgent(plan(dir), { platform: 'linux', serviceDir: join(dir, 'units'), nodePath: process.execPath, entryPath: agentBin });
    rmSync(installed.launcherPath);
    if (await systemdAnalyze()) await expect(run('systemd-analyze', ['verify', installed.servicePath])).rejects.toThrow(/not executable/);
  });

  it('writes a well-formed launchd plist on macOS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-install-'));
    dirs.push(dir);
    const installed = await installAgent(plan(dir), { platform: 'darwin', serviceDir: join(dir, 'daemons'), nodePath: process.execPath, entryPath: agentBin });
    const xml = readFileSync(installed.servicePath, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser().parse(xml) as { plist: { dict: { key: string[]; string: string[] } } };
    expect(parsed.plist.dict.key.slice(0, 4)).toEqual(['Label', 'ProgramArguments', 'UserName', 'WorkingDirectory']);
    expect(installed.servicePath.endsWith('com.outpost.agent.plist')).toBe(true);
  });

  it('with a root and --service-only, writes the unit alone under the root, naming the paths without it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outpost-install-'));
    dirs.push(root);
    const { stdout } = await run(process.execPath, [
      agentBin, 'install', '--service-only', '--platform', 'linux', '--dir', '/opt/outpost/agent', '--user', userInfo().username, '--root', root,
    ]);
    const unitPath = join(root, 'etc/systemd/system/outpost-agent.service');
    expect(stdout).toBe(`Wrote ${unitPath}.\n`);
    expect(readdirSync(root)).toEqual(['etc']);
    expect(statSync(unitPath).mode & 0o777).toBe(0o644);
    expect(readFileSync(unitPath, 'utf8')).toContain('ExecStart=/opt/outpost/agent/agent start --config-file /opt/outpost/agent/config.yaml\n');
  });

  it('without --service-only, needs the endpoint and the token', async () => {
    const failed = run(process.execPath, [agentBin, 'install', '--token', 't', '--dir', join(tmpdir(), 'outpost-never-written')]);
    await expect(failed).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('agent install needs --endpoint and --token') });
  });

  it('refuses a user that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-install-'));
    dirs.push(dir);
    await expect(
      installAgent({ ...plan(dir), user: 'no-such-user-xyz' }, { platform: 'linux', serviceDir: join(dir, 'u'), nodePath: process.execPath, entryPath: agentBin }),
    ).rejects.toThrow("could not install the agent: the user 'no-such-user-xyz' does not exist on this machine");
  });
});
