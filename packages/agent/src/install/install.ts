import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AgentError } from '../errors.js';
import { LAUNCHD_LABEL, SYSTEMD_UNIT_NAME, configYaml, launchdPlist, launcherScript, systemdUnit, type InstallPlan } from './unit-files.js';

export interface InstallTarget {
  platform: 'linux' | 'darwin';
  serviceDir: string;
  nodePath: string;
  /** '' for the single executable, which needs no entry file. */
  entryPath: string;
  /** Prefixed to every path written, not to the paths inside the files (install.sh's tests use a throwaway root). */
  root?: string;
  /** Only the unit (or plist): install.sh has already placed config.yaml and the agent. */
  serviceOnly?: boolean;
}

export interface Installed {
  configPath: string;
  launcherPath: string;
  servicePath: string;
}

/** Writes config.yaml (0600: it holds the token), the launcher and the service file; owns them to the service user. */
export async function installAgent(plan: InstallPlan, target: InstallTarget): Promise<Installed> {
  const root = target.root ?? '';
  const dir = join(root, plan.dir);
  const configPath = join(dir, 'config.yaml');
  const launcherPath = join(dir, 'agent');
  const serviceDir = join(root, target.serviceDir);
  const servicePath = target.platform === 'darwin' ? join(serviceDir, `${LAUNCHD_LABEL}.plist`) : join(serviceDir, SYSTEMD_UNIT_NAME);
  try {
    const ids = await userIds(plan.user);
    if (!target.serviceOnly) await writeAgentFiles(plan, target, { dir, configPath, launcherPath }, ids);
    await mkdir(serviceDir, { recursive: true });
    await writeFile(servicePath, target.platform === 'darwin' ? launchdPlist(plan) : systemdUnit(plan), { mode: 0o644 });
    await chmod(servicePath, 0o644);
  } catch (error) {
    if (error instanceof AgentError) throw error;
    const detail = (error as NodeJS.ErrnoException).code === 'EACCES' ? `${(error as Error).message} (run it with sudo, or pick other --dir/--service-dir)` : (error as Error).message;
    throw new AgentError('install-failed', { detail }, { cause: error });
  }
  return { configPath, launcherPath, servicePath };
}

async function writeAgentFiles(
  plan: InstallPlan,
  target: InstallTarget,
  paths: { dir: string; configPath: string; launcherPath: string },
  ids: { uid: number; gid: number } | undefined,
): Promise<void> {
  const { dir, configPath, launcherPath } = paths;
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await writeFile(configPath, configYaml(plan), { mode: 0o600 });
  await chmod(configPath, 0o600);
  // A single executable installed as <dir>/agent (install.sh does that) is already what the unit runs.
  const selfInPlace = target.entryPath === '' && (await realpath(target.nodePath)) === (await realpath(launcherPath).catch(() => ''));
  if (!selfInPlace) {
    await writeFile(launcherPath, launcherScript(target.nodePath, target.entryPath && (await realpath(target.entryPath))), { mode: 0o755 });
    await chmod(launcherPath, 0o755);
  }
  if (ids && process.getuid?.() === 0) {
    for (const path of [dir, configPath, launcherPath]) await chown(path, ids.uid, ids.gid);
  }
}

async function userIds(user: string): Promise<{ uid: number; gid: number } | undefined> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new AgentError('install-failed', { detail: `the user '${user}' does not exist on this machine` }, { cause: error });
  }
}
