/**
 * Install instructions per platform, filled in with this hub's URL (pure). Linux, macOS and AWS run the hub's
 * install.sh in one line (the commands come from @outpost/protocol, the same ones its test runs). The token never
 * appears in a command: a "token" step exports it as SEMAPHORE_AGENT_TOKEN, which the later commands read.
 */
import { AGENT_PTY_PACKAGE, installCommand, uninstallCommand, type InstallVariable } from '@outpost/protocol';

export interface InstallContext {
  /** host[:port] the agent connects to, without a scheme. */
  endpoint: string;
  /** The page was served over plain http, so the agent must be told --no-https. */
  noHttps: boolean;
  /** This hub's URL (scheme, host, port), which serves /install.sh and /downloads/. */
  hubUrl: string;
  /** Absolute URL of the Node.js agent (agent.mjs), for installs by hand. */
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
  id: 'linux' | 'macos' | 'manual' | 'windows' | 'kubernetes' | 'aws';
  label: string;
  summary: string;
  steps: InstallStep[];
}

const DIR = '/opt/outpost/agent';
const UNIT = 'outpost-agent.service';
/** The Node.js agent loads its PTY from this npm package: prebuilt for Linux and macOS, nothing to compile. */
const PTY = `npm install --no-save --no-package-lock ${AGENT_PTY_PACKAGE}`;
/** Semaphore's official agent for Windows: it speaks the same protocol, and the Outpost agent needs bash and a PTY. */
const OFFICIAL_WINDOWS_AGENT = 'https://github.com/semaphoreci/agent/releases/latest/download/agent_Windows_x86_64.tar.gz';
const TOKEN_VARIABLE: InstallVariable = ['SEMAPHORE_REGISTRATION_TOKEN', '"$SEMAPHORE_AGENT_TOKEN"'];

export function installPlatforms(ctx: InstallContext): InstallPlatform[] {
  return [linux(ctx), macos(ctx), manual(ctx), windows(ctx), kubernetes(ctx), aws(ctx)];
}

/** The flags of `agent start`: endpoint, --no-https over http, STS naming when the type uses it. */
export function connectionFlags(ctx: InstallContext): string {
  return [endpointFlags(ctx), ctx.sts ? '--name-from-aws-sts' : ''].filter(Boolean).join(' ');
}

function endpointFlags(ctx: InstallContext): string {
  return [`--endpoint ${ctx.endpoint}`, ctx.noHttps ? '--no-https' : ''].filter(Boolean).join(' ');
}

/** install.sh variables beyond the token: STS naming when the type uses it. */
function stsVariables(ctx: InstallContext): InstallVariable[] {
  return ctx.sts ? [['SEMAPHORE_AGENT_NAME_FROM_AWS_STS', 'true']] : [];
}

function stsSettings(ctx: InstallContext): string[] {
  return ctx.sts ? ['name-from-aws-sts: true'] : [];
}

/** The one-line install the Linux and macOS tabs show (exported for the test that runs it). */
export function serviceInstallCommand(ctx: InstallContext): string {
  return installCommand(ctx.hubUrl, [TOKEN_VARIABLE, ...stsVariables(ctx)]);
}

function linux(ctx: InstallContext): InstallPlatform {
  return {
    id: 'linux',
    label: 'Linux',
    summary: 'A systemd service on any Linux (x64 or arm64), installed from this hub in one line: no Node.js, no compiler.',
    steps: [
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Install and start the service',
        text: `install.sh downloads the agent from this hub and checks its SHA-256, installs it in ${DIR}, writes config.yaml and the ${UNIT} systemd unit, and starts it. Run it again to upgrade in place (config.yaml is kept). Jobs run in bash as the user who ran sudo: install git and the tools your jobs use.`,
        code: serviceInstallCommand(ctx),
        language: 'sh',
      },
      { kind: 'code', title: 'Follow its log', code: `journalctl -u ${UNIT} -f`, language: 'sh' },
      { kind: 'code', title: 'Remove it', text: 'When you no longer need the agent on this machine:', code: uninstallCommand(ctx.hubUrl), language: 'sh' },
    ],
  };
}

function macos(ctx: InstallContext): InstallPlatform {
  return {
    id: 'macos',
    label: 'macOS',
    summary: 'A launchd daemon, installed from this hub in one line.',
    steps: [
      {
        kind: 'text',
        title: 'Check the prerequisites',
        text: 'Where this hub has no single executable for macOS, install.sh installs the Node.js agent: it needs Node.js 20 or newer and npm (`node --version`), and never a compiler. Jobs run in bash: install git and the tools your jobs use.',
      },
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Install and start the daemon',
        text: `install.sh installs the agent in ${DIR}, writes config.yaml and a launchd plist in /Library/LaunchDaemons, and starts it; its log is ${DIR}/agent.log.`,
        code: serviceInstallCommand(ctx),
        language: 'sh',
      },
      { kind: 'code', title: 'Remove it', text: 'When you no longer need the agent on this machine:', code: uninstallCommand(ctx.hubUrl), language: 'sh' },
    ],
  };
}

function manual(ctx: InstallContext): InstallPlatform {
  return {
    id: 'manual',
    label: 'By hand',
    summary: 'Linux or macOS: a config file and a foreground process you supervise as you like.',
    steps: [
      {
        kind: 'text',
        title: 'Check the prerequisites',
        text: `The agent is one file for Node.js 20 or newer (\`node --version\`) and npm, plus ${AGENT_PTY_PACKAGE}, which comes prebuilt (no compiler). Jobs run in bash: install git and the tools your jobs use.`,
      },
      {
        kind: 'code',
        title: 'Download the agent',
        code: ['mkdir -p $HOME/outpost-agent', 'cd $HOME/outpost-agent', `curl -fsSLo agent.mjs ${ctx.downloadUrl}`, PTY].join('\n'),
        language: 'sh',
      },
      { kind: 'token', title: 'Save the registration token', shell: 'sh' },
      {
        kind: 'code',
        title: 'Write the configuration',
        code: ['cat > config.yaml <<EOF', `endpoint: "${ctx.endpoint}"`, 'token: "$SEMAPHORE_AGENT_TOKEN"', `no-https: ${ctx.noHttps}`, ...stsSettings(ctx), 'EOF'].join('\n'),
        language: 'sh',
      },
      { kind: 'code', title: 'Start the agent', code: 'node agent.mjs start --config-file config.yaml', language: 'sh' },
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
      { kind: 'code', title: 'Start the agent', code: `.\\agent.exe start ${endpointFlags(ctx)} --token $env:SEMAPHORE_AGENT_TOKEN`, language: 'powershell' },
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
  const start = `mkdir -p /opt/agent && cd /opt/agent && curl -fsSLo agent.mjs ${ctx.downloadUrl} && ${PTY} && exec node agent.mjs start`;
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
        text: 'Save this as agents.yaml and run `kubectl apply -f agents.yaml`. Pods must reach this hub at the endpoint shown; the node image brings Node.js, and the PTY package comes prebuilt.',
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
        text: `The instance profile needs ssm:GetParameter on ${parameter}${ctx.sts ? ' and its role name must match the patterns above' : ''}; the AMI needs the AWS CLI and systemd, and nothing else from the agent (install.sh brings it from this hub). Jobs run as root unless you add SEMAPHORE_AGENT_INSTALLATION_USER=ec2-user (or your AMI's user). Idle agents leave after 5 minutes, so the group can scale in.`,
        code: [
          '#!/bin/bash',
          'set -euo pipefail',
          `TOKEN=$(aws ssm get-parameter --name ${parameter} --with-decryption --query Parameter.Value --output text)`,
          awsUserDataInstall(ctx),
        ].join('\n'),
        language: 'sh',
      },
    ],
  };
}

/** The install line of the EC2 user data, which already runs as root. */
export function awsUserDataInstall(ctx: InstallContext): string {
  const variables: InstallVariable[] = [['SEMAPHORE_REGISTRATION_TOKEN', '"$TOKEN"'], ['SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT', '300'], ...stsVariables(ctx)];
  return installCommand(ctx.hubUrl, variables, { sudo: false });
}

/** The line that exports the token for the commands that follow. */
export function tokenExport(shell: 'sh' | 'powershell', token: string): string {
  return shell === 'powershell' ? `$env:SEMAPHORE_AGENT_TOKEN = '${token}'` : `export SEMAPHORE_AGENT_TOKEN='${token}'`;
}
