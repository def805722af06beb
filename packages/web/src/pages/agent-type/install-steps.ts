/**
 * Install instructions per platform, filled in with this hub's endpoint and agent download URL (pure). The token
 * never appears in a command: a "token" step exports it as SEMAPHORE_AGENT_TOKEN, which the later commands read.
 */

export interface InstallContext {
  /** host[:port] the agent connects to, without a scheme. */
  endpoint: string;
  /** The page was served over plain http, so the agent must be told --no-https. */
  noHttps: boolean;
  /** Absolute URL of the single-file agent (agent.mjs). */
  downloadUrl: string;
  typeName: string;
  /** The type takes agent names from AWS STS. */
  sts: { accountId: string; rolePatterns: string } | null;
}

export type InstallStep =
  | { kind: 'text'; title: string; text: string }
  | { kind: 'code'; title: string; text?: string; code: string; language: 'sh' | 'powershell' | 'yaml' }
  | { kind: 'token'; title: string; shell: 'sh' | 'powershell' };

export interface InstallPlatform {
  id: 'ubuntu' | 'linux' | 'macos' | 'windows' | 'kubernetes' | 'aws';
  label: string;
  summary: string;
  steps: InstallStep[];
}

const DIR = '/opt/outpost/agent';
const CONFIG = `${DIR}/config.yaml`;
/** The agent bundle keeps node-pty (a native module: each job's terminal) outside; npm fetches or builds it. */
const NODE_PTY = 'npm install --no-save --no-package-lock node-pty@1';
/** Semaphore's official agent for Windows: it speaks the same protocol, and the Outpost agent needs bash and a PTY. */
const OFFICIAL_WINDOWS_AGENT = 'https://github.com/semaphoreci/agent/releases/latest/download/agent_Windows_x86_64.tar.gz';

function prerequisites(toolchain: string): Extract<InstallStep, { kind: 'text' }> {
  return {
    kind: 'text',
    title: 'Check the prerequisites',
    text: `The agent is one file for Node.js 20 or newer (\`node --version\`) and npm, plus node-pty, which npm builds with ${toolchain}. Jobs run in bash: install git and the tools your jobs use.`,
  };
}

export function installPlatforms(ctx: InstallContext): InstallPlatform[] {
  return [ubuntu(ctx), linux(ctx), macos(ctx), windows(ctx), kubernetes(ctx), aws(ctx)];
}

/** The flags of `agent start`: endpoint, --no-https over http, STS naming when the type uses it. */
export function connectionFlags(ctx: InstallContext): string {
  return [installFlags(ctx), ctx.sts ? '--name-from-aws-sts' : ''].filter(Boolean).join(' ');
}

/** `agent install` takes the endpoint and --no-https; other settings go into the config.yaml it writes. */
function installFlags(ctx: InstallContext): string {
  return [`--endpoint ${ctx.endpoint}`, ctx.noHttps ? '--no-https' : ''].filter(Boolean).join(' ');
}

function stsSettings(ctx: InstallContext): string[] {
  return ctx.sts ? ['name-from-aws-sts: true'] : [];
}

/** Lines appended to the installed config.yaml for settings `agent install` has no flag for. */
function configAppends(lines: string[], sudo: boolean): string[] {
  return lines.map((line) => (sudo ? `echo '${line}' | sudo tee -a ${CONFIG} >/dev/null` : `echo '${line}' >> ${CONFIG}`));
}

function download(ctx: InstallContext, dir: string, owner: boolean): string {
  const prepare = owner ? `sudo mkdir -p ${dir} && sudo chown "$USER" ${dir}` : `mkdir -p ${dir}`;
  return [prepare, `cd ${dir}`, `curl -fsSLo agent.mjs ${ctx.downloadUrl}`, NODE_PTY].join('\n');
}

function ubuntu(ctx: InstallContext): InstallPlatform {
  return {
    id: 'ubuntu',
    label: 'Ubuntu / Debian',
    summary: 'Install the agent as a systemd service that starts at boot and again whenever it stops.',
    steps: [
      prerequisites('`sudo apt-get install -y build-essential python3`'),
      { kind: 'code', title: 'Download the agent', code: download(ctx, DIR, true), language: 'sh' },
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Install and start the service',
        text: `\`agent install\` writes ${CONFIG} and the outpost-agent systemd unit; systemctl starts it.`,
        code: [
          `sudo node agent.mjs install ${installFlags(ctx)} --token "$SEMAPHORE_AGENT_TOKEN"`,
          ...configAppends(stsSettings(ctx), true),
          'sudo systemctl daemon-reload',
          'sudo systemctl enable --now outpost-agent',
          'systemctl status outpost-agent',
        ].join('\n'),
        language: 'sh',
      },
    ],
  };
}

function linux(ctx: InstallContext): InstallPlatform {
  return {
    id: 'linux',
    label: 'Linux',
    summary: 'Any Linux distribution: a config file and a foreground process you supervise as you like.',
    steps: [
      prerequisites('a C++ compiler, make and python3'),
      { kind: 'code', title: 'Download the agent', code: download(ctx, '$HOME/outpost-agent', false), language: 'sh' },
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Write the configuration',
        code: [
          'cat > config.yaml <<EOF',
          `endpoint: "${ctx.endpoint}"`,
          'token: "$SEMAPHORE_AGENT_TOKEN"',
          `no-https: ${ctx.noHttps}`,
          ...stsSettings(ctx),
          'EOF',
        ].join('\n'),
        language: 'sh',
      },
      { kind: 'code', title: 'Start the agent', code: 'node agent.mjs start --config-file config.yaml', language: 'sh' },
    ],
  };
}

function macos(ctx: InstallContext): InstallPlatform {
  return {
    id: 'macos',
    label: 'macOS',
    summary: 'Install the agent as a launchd daemon.',
    steps: [
      prerequisites('the Xcode command line tools (`xcode-select --install`)'),
      { kind: 'code', title: 'Download the agent', code: download(ctx, DIR, true), language: 'sh' },
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Install and start the daemon',
        text: `\`agent install\` writes ${CONFIG} and a launchd plist in /Library/LaunchDaemons; launchctl loads and starts it.`,
        code: [
          `sudo node agent.mjs install ${installFlags(ctx)} --token "$SEMAPHORE_AGENT_TOKEN"`,
          ...configAppends(stsSettings(ctx), true),
          'sudo launchctl bootstrap system /Library/LaunchDaemons/com.outpost.agent.plist',
          'sudo launchctl kickstart -k system/com.outpost.agent',
        ].join('\n'),
        language: 'sh',
      },
    ],
  };
}

function windows(ctx: InstallContext): InstallPlatform {
  return {
    id: 'windows',
    label: 'Windows',
    summary: "Start Semaphore's official agent by hand in PowerShell; no service is created.",
    steps: [
      {
        kind: 'text',
        title: 'Use the official agent',
        text: `The Outpost agent runs on Linux and macOS (its jobs need bash and a terminal). On Windows, run Semaphore's official agent: it speaks the same protocol and this hub accepts it. Each command of a job runs in its own PowerShell process.${ctx.sts ? ' This type names agents from AWS STS: give the agent a pre-signed GetCallerIdentity URL as `--name`.' : ''}`,
      },
      {
        kind: 'code',
        title: 'Download the agent',
        code: [
          'New-Item -ItemType Directory -Force C:\\semaphore-agent | Out-Null',
          'Set-Location C:\\semaphore-agent',
          `Invoke-WebRequest -Uri ${OFFICIAL_WINDOWS_AGENT} -OutFile agent.tar.gz`,
          'tar -xf agent.tar.gz',
        ].join('\n'),
        language: 'powershell',
      },
      { kind: 'token', title: 'Save the registration token', shell: 'powershell' },
      { kind: 'code', title: 'Start the agent', code: `.\\agent.exe start ${installFlags(ctx)} --token $env:SEMAPHORE_AGENT_TOKEN`, language: 'powershell' },
    ],
  };
}

function kubernetes(ctx: InstallContext): InstallPlatform {
  const name = `outpost-agent-${ctx.typeName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63);
  const env = [
    `            - { name: SEMAPHORE_AGENT_ENDPOINT, value: "${ctx.endpoint}" }`,
    ...(ctx.noHttps ? ['            - { name: SEMAPHORE_AGENT_NO_HTTPS, value: "true" }'] : []),
    ...(ctx.sts ? ['            - { name: SEMAPHORE_AGENT_NAME_FROM_AWS_STS, value: "true" }'] : []),
    '            - { name: SEMAPHORE_AGENT_INTERRUPTION_GRACE_PERIOD, value: "240" }',
    '            - name: SEMAPHORE_AGENT_TOKEN',
    `              valueFrom: { secretKeyRef: { name: ${name}, key: token } }`,
  ];
  const start = `mkdir -p /opt/agent && cd /opt/agent && curl -fsSLo agent.mjs ${ctx.downloadUrl} && ${NODE_PTY} && exec node agent.mjs start`;
  return {
    id: 'kubernetes',
    label: 'Kubernetes',
    summary: 'Run agents as a Deployment; scale it to the number of agents you want.',
    steps: [
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Store the token in a Secret',
        code: `kubectl create secret generic ${name} --from-literal=token="$SEMAPHORE_AGENT_TOKEN"`,
        language: 'sh',
      },
      {
        kind: 'code',
        title: 'Apply the Deployment',
        text: 'Save this as agents.yaml and run `kubectl apply -f agents.yaml`. Pods must reach this hub at the endpoint shown; the node image brings Node.js and the compiler node-pty needs.',
        code: [
          'apiVersion: apps/v1',
          'kind: Deployment',
          `metadata: { name: ${name} }`,
          'spec:',
          '  replicas: 2',
          `  selector: { matchLabels: { app: ${name} } }`,
          '  template:',
          `    metadata: { labels: { app: ${name} } }`,
          '    spec:',
          '      terminationGracePeriodSeconds: 300',
          '      containers:',
          '        - name: agent',
          '          image: node:20-bookworm',
          `          command: ["sh", "-c", "${start}"]`,
          '          env:',
          ...env,
        ].join('\n'),
        language: 'yaml',
      },
    ],
  };
}

function aws(ctx: InstallContext): InstallPlatform {
  const parameter = `/outpost/${ctx.typeName}/registration-token`;
  const naming: InstallStep = ctx.sts
    ? {
        kind: 'text',
        title: 'Agent names come from AWS STS',
        text: `This type accepts only agents that prove an identity in AWS account ${ctx.sts.accountId} with a role matching ${ctx.sts.rolePatterns}. Each agent signs a GetCallerIdentity request with its instance profile and is named after its instance ID, so a leaked token alone cannot register an agent.`,
      }
    : {
        kind: 'text',
        title: 'Consider AWS STS naming',
        text: 'Edit this type to take agent names from a pre-signed AWS STS GetCallerIdentity URL: agents are then named after their EC2 instance IDs, and only identities from your AWS account and roles can register.',
      };
  return {
    id: 'aws',
    label: 'AWS',
    summary: 'EC2 instances in an Auto Scaling group that install the agent at boot.',
    steps: [
      naming,
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Keep the token in SSM Parameter Store',
        code: `aws ssm put-parameter --name ${parameter} --type SecureString --value "$SEMAPHORE_AGENT_TOKEN" --overwrite`,
        language: 'sh',
      },
      {
        kind: 'code',
        title: 'Use this as the user data of your launch template',
        text: `The instance profile needs ssm:GetParameter on ${parameter}${ctx.sts ? ' and its role name must match the patterns above' : ''}; the AMI needs Node.js 20 with npm, a C++ toolchain and the AWS CLI. Idle agents leave after 5 minutes, so the group can scale in.`,
        code: [
          '#!/bin/bash',
          'set -euo pipefail',
          `mkdir -p ${DIR} && cd ${DIR}`,
          `curl -fsSLo agent.mjs ${ctx.downloadUrl}`,
          NODE_PTY,
          `TOKEN=$(aws ssm get-parameter --name ${parameter} --with-decryption --query Parameter.Value --output text)`,
          `node agent.mjs install ${installFlags(ctx)} --token "$TOKEN"`,
          ...configAppends([...stsSettings(ctx), 'disconnect-after-idle-timeout: 300'], false),
          'systemctl daemon-reload',
          'systemctl enable --now outpost-agent',
        ].join('\n'),
        language: 'sh',
      },
    ],
  };
}

/** The line that exports the token for the commands that follow. */
export function tokenExport(shell: 'sh' | 'powershell', token: string): string {
  return shell === 'powershell' ? `$env:SEMAPHORE_AGENT_TOKEN = '${token}'` : `export SEMAPHORE_AGENT_TOKEN='${token}'`;
}
