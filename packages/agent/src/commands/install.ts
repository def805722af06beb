import { userInfo } from 'node:os';
import { isSea } from 'node:sea';
import { resolve } from 'node:path';
import { endpointProblemOf } from '../config/config-policy.js';
import { AgentError } from '../errors.js';
import { installAgent } from '../install/install.js';
import { nextSteps } from '../install/unit-files.js';
import { agentNameLengthProblem } from '../host/name-policy.js';

export interface InstallFlags {
  endpoint?: string;
  token?: string;
  dir: string;
  user?: string;
  name?: string;
  https: boolean;
  restart: string;
  restartSec: string;
  serviceDir?: string;
  platform?: string;
  root?: string;
  serviceOnly?: boolean;
}

/**
 * `agent install`: config.yaml + the launcher + a systemd unit (launchd plist on macOS); prints what to run next.
 * With --service-only it writes the unit (or plist) alone: what install.sh runs after placing the agent itself.
 */
export async function installCommand(flags: InstallFlags, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const platform = flags.platform ?? process.platform;
  if (platform !== 'linux' && platform !== 'darwin') {
    throw new AgentError('usage', { detail: `agent install supports linux and darwin; on ${platform} run "agent start --config-file <file>" yourself` });
  }
  const { endpoint = '', token = '' } = flags;
  if (!flags.serviceOnly) {
    if (!flags.endpoint || !flags.token) throw new AgentError('usage', { detail: 'agent install needs --endpoint and --token (or --service-only)' });
    const endpointProblem = endpointProblemOf(endpoint);
    if (endpointProblem) throw new AgentError('usage', { detail: endpointProblem });
  }
  const nameProblem = flags.name ? agentNameLengthProblem(flags.name) : null;
  if (nameProblem) throw new AgentError('name-invalid', { detail: nameProblem });
  const restartSec = Number(flags.restartSec);
  if (!Number.isInteger(restartSec) || restartSec < 0) throw new AgentError('usage', { detail: `--restart-sec must be a whole number of seconds; got '${flags.restartSec}'` });
  const dir = resolve(flags.dir);
  const installed = await installAgent(
    { dir, user: flags.user ?? userInfo().username, endpoint, token, name: flags.name, noHttps: !flags.https, restart: flags.restart, restartSec },
    {
      platform,
      serviceDir: flags.serviceDir ?? (platform === 'darwin' ? '/Library/LaunchDaemons' : '/etc/systemd/system'),
      nodePath: process.execPath,
      // The single executable is the agent itself: no entry file to hand to it.
      entryPath: isSea() ? '' : process.argv[1] ?? '',
      root: flags.root ? resolve(flags.root) : '',
      serviceOnly: flags.serviceOnly,
    },
  );
  if (flags.serviceOnly) {
    write(`Wrote ${installed.servicePath}.\n`);
    return 0;
  }
  write(`Wrote ${installed.configPath}, ${installed.launcherPath} and ${installed.servicePath}.\n\n${nextSteps(platform, installed.servicePath)}`);
  return 0;
}
