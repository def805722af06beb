import { describe, expect, it } from 'vitest';
import { connectionFlags, installPlatforms, tokenExport, type InstallContext } from './install-steps.js';

const HTTP: InstallContext = {
  endpoint: '127.0.0.1:8080',
  noHttps: true,
  downloadUrl: 'http://127.0.0.1:8080/downloads/agent.mjs',
  typeName: 's1-linux',
  sts: null,
};
const HTTPS_STS: InstallContext = {
  endpoint: 'ci.example.com',
  noHttps: false,
  downloadUrl: 'https://ci.example.com/downloads/agent.mjs',
  typeName: 's1-aws_fleet',
  sts: { accountId: '123456789012', rolePatterns: 'ci-agent-*' },
};

function allCode(ctx: InstallContext, id: string): string {
  const platform = installPlatforms(ctx).find((p) => p.id === id)!;
  return platform.steps.map((s) => (s.kind === 'code' ? s.code : s.kind === 'text' ? s.text : `<token:${s.shell}>`)).join('\n');
}

describe('installPlatforms', () => {
  it('offers the six platforms in order', () => {
    expect(installPlatforms(HTTP).map((p) => p.label)).toEqual(['Ubuntu / Debian', 'Linux', 'macOS', 'Windows', 'Kubernetes', 'AWS']);
  });

  it.each(['ubuntu', 'linux', 'macos', 'windows', 'kubernetes', 'aws'])('%s: names this hub, saves the token first, never prints it', (id) => {
    const code = allCode(HTTP, id);
    if (id !== 'windows') expect(code).toContain('http://127.0.0.1:8080/downloads/agent.mjs');
    if (id !== 'windows') expect(code).toContain('npm install --no-save --no-package-lock node-pty@1');
    expect(code).toContain('127.0.0.1:8080');
    const platform = installPlatforms(HTTP).find((p) => p.id === id)!;
    const tokenAt = platform.steps.findIndex((s) => s.kind === 'token');
    const usedAt = platform.steps.findIndex((s) => s.kind === 'code' && s.code.includes('SEMAPHORE_AGENT_TOKEN'));
    expect(tokenAt).toBeGreaterThanOrEqual(0);
    expect(tokenAt).toBeLessThan(usedAt);
  });

  it.each([
    {
      name: 'Ubuntu installs and enables the systemd unit, over http with --no-https',
      ctx: HTTP,
      id: 'ubuntu',
      contains: ['sudo node agent.mjs install --endpoint 127.0.0.1:8080 --no-https --token "$SEMAPHORE_AGENT_TOKEN"', 'systemctl enable --now outpost-agent'],
      absent: ['name-from-aws-sts'],
    },
    { name: 'over https there is no --no-https', ctx: HTTPS_STS, id: 'ubuntu', contains: ['--endpoint ci.example.com --token'], absent: ['--no-https'] },
    { name: 'an STS type adds STS naming to the installed config', ctx: HTTPS_STS, id: 'ubuntu', contains: ["echo 'name-from-aws-sts: true' | sudo tee -a /opt/outpost/agent/config.yaml"], absent: [] },
    {
      name: 'macOS loads the launchd daemon',
      ctx: HTTPS_STS,
      id: 'macos',
      contains: ['launchctl bootstrap system /Library/LaunchDaemons/com.outpost.agent.plist', 'kickstart -k system/com.outpost.agent', 'name-from-aws-sts: true'],
      absent: [],
    },
    { name: 'the Linux config file carries no-https', ctx: HTTP, id: 'linux', contains: ['no-https: true', 'endpoint: "127.0.0.1:8080"', '--config-file config.yaml'], absent: [] },
    { name: 'the Linux config file names agents from STS', ctx: HTTPS_STS, id: 'linux', contains: ['no-https: false', 'name-from-aws-sts: true'], absent: [] },
    {
      name: "Windows starts Semaphore's official agent by hand in PowerShell",
      ctx: HTTP,
      id: 'windows',
      contains: ['releases/latest/download/agent_Windows_x86_64.tar.gz', '.\\agent.exe start --endpoint 127.0.0.1:8080 --no-https --token $env:SEMAPHORE_AGENT_TOKEN'],
      absent: ['install --endpoint'],
    },
    { name: 'Kubernetes reads the token from a Secret', ctx: HTTP, id: 'kubernetes', contains: ['kubectl create secret generic outpost-agent-s1-linux', 'secretKeyRef', 'SEMAPHORE_AGENT_NO_HTTPS'], absent: [] },
    { name: 'Kubernetes names are DNS-safe', ctx: HTTPS_STS, id: 'kubernetes', contains: ['outpost-agent-s1-aws-fleet', 'SEMAPHORE_AGENT_NAME_FROM_AWS_STS'], absent: ['s1-aws_fleet,'] },
    {
      name: 'AWS with STS names the account and roles',
      ctx: HTTPS_STS,
      id: 'aws',
      contains: ['123456789012', 'ci-agent-*', "echo 'name-from-aws-sts: true' >> /opt/outpost/agent/config.yaml", 'ssm put-parameter', 'enable --now outpost-agent'],
      absent: [],
    },
    { name: 'AWS without STS suggests it', ctx: HTTP, id: 'aws', contains: ['Edit this type to take agent names', 'GetCallerIdentity', 'disconnect-after-idle-timeout: 300'], absent: ['name-from-aws-sts: true'] },
    { name: 'Windows explains STS naming for the official agent', ctx: HTTPS_STS, id: 'windows', contains: ['pre-signed GetCallerIdentity URL as `--name`'], absent: ['--name-from-aws-sts'] },
    { name: 'Kubernetes pods fetch the agent and node-pty, then start', ctx: HTTP, id: 'kubernetes', contains: ['curl -fsSLo agent.mjs http://127.0.0.1:8080/downloads/agent.mjs && npm install'], absent: [] },
  ])('$name', ({ ctx, id, contains, absent }) => {
    const code = allCode(ctx, id);
    for (const text of contains) expect(code).toContain(text);
    for (const text of absent) expect(code).not.toContain(text);
  });
});

describe('connectionFlags', () => {
  it.each([
    [HTTP, '--endpoint 127.0.0.1:8080 --no-https'],
    [HTTPS_STS, '--endpoint ci.example.com --name-from-aws-sts'],
  ])('%#', (ctx, flags) => {
    expect(connectionFlags(ctx)).toBe(flags);
  });
});

describe('tokenExport', () => {
  it.each([
    ['sh', "export SEMAPHORE_AGENT_TOKEN='abc'"],
    ['powershell', "$env:SEMAPHORE_AGENT_TOKEN = 'abc'"],
  ] as const)('%s', (shell, line) => {
    expect(tokenExport(shell, 'abc')).toBe(line);
  });
});
