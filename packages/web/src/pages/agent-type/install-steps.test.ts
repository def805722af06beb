import { describe, expect, it } from 'vitest';
import { connectionFlags, installPlatforms, tokenExport, type InstallContext } from './install-steps.js';

const HTTP: InstallContext = {
  endpoint: '127.0.0.1:8080',
  noHttps: true,
  hubUrl: 'http://127.0.0.1:8080',
  downloadUrl: 'http://127.0.0.1:8080/downloads/agent.mjs',
  typeName: 's1-linux',
  sts: null,
};
const HTTPS_STS: InstallContext = {
  endpoint: 'ci.example.com',
  noHttps: false,
  hubUrl: 'https://ci.example.com',
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
    expect(installPlatforms(HTTP).map((p) => p.label)).toEqual(['Linux', 'macOS', 'By hand', 'Windows', 'Kubernetes', 'AWS']);
  });

  it.each(['linux', 'macos', 'manual', 'windows', 'kubernetes', 'aws'])('%s: names this hub, saves the token first, never prints it', (id) => {
    const code = allCode(HTTP, id);
    expect(code).toContain('127.0.0.1:8080');
    expect(code).not.toMatch(/(?<!@lydell\/)node-pty@|build-essential|C\+\+|Xcode/);
    const platform = installPlatforms(HTTP).find((p) => p.id === id)!;
    const tokenAt = platform.steps.findIndex((s) => s.kind === 'token');
    const usedAt = platform.steps.findIndex((s) => s.kind === 'code' && s.code.includes('SEMAPHORE_AGENT_TOKEN'));
    expect(tokenAt).toBeGreaterThanOrEqual(0);
    expect(tokenAt).toBeLessThan(usedAt);
  });

  it.each([
    {
      name: 'Linux runs install.sh from this hub with the token, and says how to remove it',
      ctx: HTTP,
      id: 'linux',
      contains: [
        'curl -fsSL http://127.0.0.1:8080/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN="$SEMAPHORE_AGENT_TOKEN" bash',
        'journalctl -u outpost-agent.service -f',
        'curl -fsSL http://127.0.0.1:8080/install.sh | sudo bash -s -- --uninstall',
      ],
      absent: ['SEMAPHORE_AGENT_NAME_FROM_AWS_STS', 'npm install'],
    },
    { name: 'an STS type passes STS naming to install.sh', ctx: HTTPS_STS, id: 'linux', contains: ['https://ci.example.com/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN="$SEMAPHORE_AGENT_TOKEN" SEMAPHORE_AGENT_NAME_FROM_AWS_STS=true bash'], absent: [] },
    { name: 'macOS runs the same install.sh (launchd)', ctx: HTTPS_STS, id: 'macos', contains: ['https://ci.example.com/install.sh | sudo', 'Node.js 20', '--uninstall'], absent: [] },
    { name: 'by hand: the config file carries no-https', ctx: HTTP, id: 'manual', contains: ['no-https: true', 'endpoint: "127.0.0.1:8080"', '--config-file config.yaml', 'curl -fsSLo agent.mjs http://127.0.0.1:8080/downloads/agent.mjs', 'npm install --no-save --no-package-lock @lydell/node-pty@1'], absent: [] },
    { name: 'by hand: the config file names agents from STS', ctx: HTTPS_STS, id: 'manual', contains: ['no-https: false', 'name-from-aws-sts: true'], absent: [] },
    {
      name: "Windows starts Semaphore's official agent by hand in PowerShell",
      ctx: HTTP,
      id: 'windows',
      contains: ['releases/latest/download/agent_Windows_x86_64.tar.gz', '.\\agent.exe start --endpoint 127.0.0.1:8080 --no-https --token $env:SEMAPHORE_AGENT_TOKEN'],
      absent: ['install.sh'],
    },
    { name: 'Kubernetes reads the token from a Secret', ctx: HTTP, id: 'kubernetes', contains: ['kubectl create secret generic outpost-agent-s1-linux', 'secretKeyRef', 'SEMAPHORE_AGENT_NO_HTTPS'], absent: [] },
    { name: 'Kubernetes names are DNS-safe', ctx: HTTPS_STS, id: 'kubernetes', contains: ['outpost-agent-s1-aws-fleet', 'SEMAPHORE_AGENT_NAME_FROM_AWS_STS'], absent: ['s1-aws_fleet,'] },
    {
      name: 'AWS with STS: the user data runs install.sh as root with STS naming and the idle timeout',
      ctx: HTTPS_STS,
      id: 'aws',
      contains: [
        '123456789012',
        'ci-agent-*',
        'ssm put-parameter',
        'curl -fsSL https://ci.example.com/install.sh | SEMAPHORE_REGISTRATION_TOKEN="$TOKEN" SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT=300 SEMAPHORE_AGENT_NAME_FROM_AWS_STS=true bash',
      ],
      absent: ['sudo'],
    },
    { name: 'AWS without STS suggests it', ctx: HTTP, id: 'aws', contains: ['Edit this type to take agent names', 'GetCallerIdentity', 'SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT=300'], absent: ['SEMAPHORE_AGENT_NAME_FROM_AWS_STS'] },
    { name: 'Windows explains STS naming for the official agent', ctx: HTTPS_STS, id: 'windows', contains: ['pre-signed GetCallerIdentity URL as `--name`'], absent: ['--name-from-aws-sts'] },
    { name: 'Kubernetes pods fetch the agent and its prebuilt PTY, then start', ctx: HTTP, id: 'kubernetes', contains: ['curl -fsSLo agent.mjs http://127.0.0.1:8080/downloads/agent.mjs && npm install --no-save --no-package-lock @lydell/node-pty@1'], absent: [] },
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
