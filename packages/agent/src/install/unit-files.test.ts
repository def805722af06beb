import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configYaml, launchdPlist, launcherScript, nextSteps, systemdUnit, type InstallPlan } from './unit-files.js';

const plan: InstallPlan = { dir: '/opt/outpost/agent', user: 'ci', endpoint: 'hub.example.com', token: 'secret', noHttps: false, restart: 'always', restartSec: 60 };

describe('unit files (control-plane §4.2–4.4)', () => {
  it('writes the config keys install.sh writes, plus the name when given', () => {
    expect(parse(configYaml({ ...plan, name: 'my-agent-01' }))).toEqual({
      endpoint: 'hub.example.com',
      token: 'secret',
      'no-https': false,
      name: 'my-agent-01',
      'shutdown-hook-path': '',
      'disconnect-after-job': false,
      'disconnect-after-idle-timeout': 0,
      'env-vars': [],
      files: [],
      'fail-on-missing-files': false,
    });
  });

  it.each([
    { name: 'ExecStart runs agent start with the config file', line: 'ExecStart=/opt/outpost/agent/agent start --config-file /opt/outpost/agent/config.yaml' },
    { name: 'the restart policy', line: 'Restart=always' },
    { name: 'the restart delay', line: 'RestartSec=60' },
    { name: 'the user', line: 'User=ci' },
    { name: 'the working directory', line: 'WorkingDirectory=/opt/outpost/agent' },
    { name: 'the log file', line: 'Environment=SEMAPHORE_AGENT_LOG_FILE_PATH=/opt/outpost/agent/agent.log' },
    { name: 'the cache the single executable unpacks its PTY module into', line: 'Environment=OUTPOST_AGENT_CACHE_DIR=/opt/outpost/agent/cache' },
    { name: 'SIGTERM for the agent only, so the grace period works', line: 'KillMode=mixed' },
    { name: 'the install target', line: 'WantedBy=multi-user.target' },
  ])('systemd: $name', ({ line }) => {
    expect(systemdUnit(plan).split('\n')).toContain(line);
  });

  it('quotes a directory with spaces for systemd', () => {
    expect(systemdUnit({ ...plan, dir: '/opt/my agent' })).toContain('ExecStart="/opt/my agent/agent" start --config-file "/opt/my agent/config.yaml"');
  });

  it('renders a launchd plist with the same command, escaping XML', () => {
    const plist = launchdPlist({ ...plan, user: 'a&b' });
    expect(plist).toContain('<string>com.outpost.agent</string>');
    expect(plist).toContain('<string>/opt/outpost/agent/agent</string>\n    <string>start</string>\n    <string>--config-file</string>\n    <string>/opt/outpost/agent/config.yaml</string>');
    expect(plist).toContain('<string>a&amp;b</string>');
    expect(plist).toContain('<key>OUTPOST_AGENT_CACHE_DIR</key>\n    <string>/opt/outpost/agent/cache</string>');
  });

  it('runs the agent with the installing Node.js', () => {
    expect(launcherScript('/usr/bin/node', "/x/it's.mjs")).toContain(`exec '/usr/bin/node' '/x/it'"'"'s.mjs' "$@"`);
  });

  it('runs the single executable, which has no entry file', () => {
    expect(launcherScript('/usr/local/bin/outpost-agent', '')).toContain(`exec '/usr/local/bin/outpost-agent' "$@"`);
  });

  it.each([
    { platform: 'linux', line: '  sudo systemctl enable --now outpost-agent.service' },
    { platform: 'darwin', line: '  sudo launchctl kickstart -k system/com.outpost.agent' },
  ] as const)('prints what to run next on $platform', ({ platform, line }) => {
    expect(nextSteps(platform, '/x').split('\n')).toContain(line);
  });
});
