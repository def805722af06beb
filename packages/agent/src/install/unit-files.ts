import { stringify } from 'yaml';

/**
 * What `agent install` writes (control-plane §4.2–4.4), rendered as text (pure): config.yaml, the systemd unit
 * `outpost-agent.service`, the launchd plist, and the launcher `<dir>/agent` that ExecStart runs. The hub's install.sh
 * has the agent write the unit and plist (`agent install --service-only`), so this is their one source.
 */
export interface InstallPlan {
  dir: string;
  user: string;
  endpoint: string;
  token: string;
  name?: string;
  noHttps: boolean;
  restart: string;
  restartSec: number;
}

export const SYSTEMD_UNIT_NAME = 'outpost-agent.service';
export const LAUNCHD_LABEL = 'com.outpost.agent';

export function configYaml(plan: InstallPlan): string {
  const config: Record<string, unknown> = {
    endpoint: plan.endpoint,
    token: plan.token,
    'no-https': plan.noHttps,
    ...(plan.name ? { name: plan.name } : {}),
    'shutdown-hook-path': '',
    'disconnect-after-job': false,
    'disconnect-after-idle-timeout': 0,
    'env-vars': [],
    files: [],
    'fail-on-missing-files': false,
  };
  return stringify(config, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}

/** systemd quoting for one ExecStart word: bare when safe, else double quotes with \ and " escaped. */
function systemdWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function systemdUnit(plan: InstallPlan): string {
  const exec = [`${plan.dir}/agent`, 'start', '--config-file', `${plan.dir}/config.yaml`].map(systemdWord).join(' ');
  return [
    '[Unit]',
    'Description=Outpost agent',
    'After=network-online.target',
    'Wants=network-online.target',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `Restart=${plan.restart}`,
    `RestartSec=${plan.restartSec}`,
    `User=${plan.user}`,
    `WorkingDirectory=${plan.dir}`,
    `ExecStart=${exec}`,
    `Environment=${systemdWord(`SEMAPHORE_AGENT_LOG_FILE_PATH=${plan.dir}/agent.log`)}`,
    '# Where the single executable unpacks its PTY module: the service user owns it, whatever its home directory.',
    `Environment=${systemdWord(`OUTPOST_AGENT_CACHE_DIR=${plan.dir}/cache`)}`,
    '# SIGTERM goes to the agent alone, which tells the hub and lets a running job use its interruption grace',
    '# period; whatever is left is killed when TimeoutStopSec runs out.',
    'KillMode=mixed',
    'TimeoutStopSec=900',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function launchdPlist(plan: InstallPlan): string {
  const args = [`${plan.dir}/agent`, 'start', '--config-file', `${plan.dir}/config.yaml`];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${args.map((a) => `    <string>${xml(a)}</string>`).join('\n')}
  </array>
  <key>UserName</key>
  <string>${xml(plan.user)}</string>
  <key>WorkingDirectory</key>
  <string>${xml(plan.dir)}</string>
  <key>EnvironmentVariables</key>
  <dict>
    <key>SEMAPHORE_AGENT_LOG_FILE_PATH</key>
    <string>${xml(`${plan.dir}/agent.log`)}</string>
    <key>OUTPOST_AGENT_CACHE_DIR</key>
    <string>${xml(`${plan.dir}/cache`)}</string>
    <key>PATH</key>
    <string>/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin</string>
  </dict>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>Crashed</key>
    <true/>
  </dict>
</dict>
</plist>
`;
}

/** `<dir>/agent`: runs this agent's entry file with this Node.js (or the single executable), so ExecStart needs no PATH. */
export function launcherScript(nodePath: string, entryPath: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;
  const command = [nodePath, entryPath].filter(Boolean).map(quote).join(' ');
  return `#!/bin/sh\n# Written by agent install: runs the Outpost agent it was installed with.\nexec ${command} "$@"\n`;
}

export function nextSteps(platform: 'linux' | 'darwin', servicePath: string): string {
  if (platform === 'darwin') {
    return [
      'Start the agent with:',
      `  sudo launchctl bootstrap system ${servicePath}`,
      `  sudo launchctl kickstart -k system/${LAUNCHD_LABEL}`,
      'After changing config.yaml, restart it with the kickstart command.',
      '',
    ].join('\n');
  }
  return [
    'Start the agent with:',
    '  sudo systemctl daemon-reload',
    `  sudo systemctl enable --now ${SYSTEMD_UNIT_NAME}`,
    'Check on it with:',
    `  systemctl status ${SYSTEMD_UNIT_NAME}`,
    `  journalctl -u ${SYSTEMD_UNIT_NAME} -f`,
    `After changing config.yaml: sudo systemctl restart ${SYSTEMD_UNIT_NAME}`,
    '',
  ].join('\n');
}
