import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSts, type FakeSts } from '../packages/hub/test/support/fake-sts.js';
import { INSTANCE_PROFILE, OTHER_ROLE, TEST_ACCOUNT, presignCallerIdentity } from '../packages/hub/test/support/presign-sts.js';
import { waitFor } from '../test-support/wait-for.js';

/**
 * STS naming end to end (issue 5): a real `outpost hub` process with the test override pointed at a fake STS, and
 * a real `agent start` process that signs its own GetCallerIdentity URL from AWS_* test credentials. Needs the
 * build (npm test builds first).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HUB_BIN = join(ROOT, 'packages/hub/bin/outpost.js');
const AGENT_BIN = join(ROOT, 'packages/agent/bin/agent.js');
const ADMIN_TOKEN = 'e2e-sts-admin-token-0123456789abcdef';

interface Proc {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
}

const procs: Proc[] = [];
const dirs: string[] = [];
let fake: FakeSts;

beforeEach(async () => {
  fake = await startFakeSts();
});

afterEach(async () => {
  for (const proc of procs.splice(0)) await stop(proc);
  await fake.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(bin: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { child, stdout: [], stderr: [] };
  child.stdout?.on('data', (chunk: Buffer) => proc.stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => proc.stderr.push(chunk.toString()));
  procs.push(proc);
  return proc;
}

async function stop(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGKILL');
  await exited;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-sts-'));
  dirs.push(dir);
  return dir;
}

async function startHubProcess(): Promise<{ url: string; endpoint: string; proc: Proc }> {
  const proc = run(HUB_BIN, ['hub', '--host', '127.0.0.1', '--port', '0', '--data-dir', tempDir()], {
    OUTPOST_ALLOW_TEST_OVERRIDES: '1',
    OUTPOST_TEST_STS_URL: fake.url,
    OUTPOST_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
  });
  const port = await waitFor(
    () => {
      const line = proc.stdout.join('').split('\n').find((l) => l.includes('"hub started"'));
      return line ? (JSON.parse(line) as { port: number }).port : undefined;
    },
    { timeoutMs: 20_000, message: `the hub to start (stderr: ${proc.stderr.join('')})` },
  );
  return { url: `http://127.0.0.1:${port}`, endpoint: `127.0.0.1:${port}`, proc };
}

async function createStsType(hubUrl: string, name: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/v1alpha/self_hosted_agent_types`, {
    method: 'POST',
    headers: { authorization: `Token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      metadata: { name },
      spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', release_after: 60, aws: { account_id: TEST_ACCOUNT, role_name_patterns: 'outpost-*' } } },
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { status: { registration_token: string } }).status.registration_token;
}

async function agentNames(hubUrl: string): Promise<string[]> {
  const res = await fetch(`${hubUrl}/api/v1alpha/agents`, { headers: { authorization: `Token ${ADMIN_TOKEN}` } });
  return ((await res.json()) as { agents: Array<{ metadata: { name: string } }> }).agents.map((a) => a.metadata.name);
}

/** The credentials the AWS SDK chain finds in the environment; no profile files, no instance metadata. */
function awsEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    AWS_ACCESS_KEY_ID: INSTANCE_PROFILE.accessKeyId,
    AWS_SECRET_ACCESS_KEY: INSTANCE_PROFILE.secretAccessKey,
    AWS_SESSION_TOKEN: INSTANCE_PROFILE.sessionToken ?? '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function expectNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe('STS naming with real hub and agent processes', () => {
  it.each<{ name: string; region: Record<string, string>; host: string }>([
    { name: 'the global endpoint (no region)', region: {}, host: 'sts.amazonaws.com' },
    { name: 'a regional endpoint (AWS_REGION)', region: { AWS_REGION: 'eu-west-1' }, host: 'sts.eu-west-1.amazonaws.com' },
  ])('agent --name-from-aws-sts registers as its instance id via $name', async ({ region, host }) => {
    const hub = await startHubProcess();
    const token = await createStsType(hub.url, 's1-e2e-sts');
    const home = tempDir();
    const agent = run(AGENT_BIN, ['start', '--endpoint', hub.endpoint, '--no-https', '--token', token, '--name-from-aws-sts'], {
      ...awsEnv(home),
      ...region,
    });
    await waitFor(async () => (await agentNames(hub.url)).includes('i-0123456789abcdef0'), {
      timeoutMs: 20_000,
      message: `the agent to register (agent stderr: ${agent.stderr.join('')})`,
    });
    expect(fake.requests).toMatchObject([{ outcome: 'ok', signedHost: host, accept: 'application/json' }]);
    const secrets = [INSTANCE_PROFILE.secretAccessKey, INSTANCE_PROFILE.sessionToken ?? ''];
    expectNoSecrets(hub.proc.stdout.join('') + hub.proc.stderr.join(''), secrets);
    expectNoSecrets(agent.stderr.join('') + agent.stdout.join(''), secrets);
  });

  it('an agent whose name is already a pre-signed URL (the official agent’s way) registers as its instance id', async () => {
    const hub = await startHubProcess();
    const token = await createStsType(hub.url, 's1-e2e-sts-url');
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    const agent = run(AGENT_BIN, ['start', '--endpoint', hub.endpoint, '--no-https', '--token', token], {
      HOME: tempDir(),
      SEMAPHORE_AGENT_NAME: url,
    });
    await waitFor(async () => (await agentNames(hub.url)).includes('i-0123456789abcdef0'), {
      timeoutMs: 20_000,
      message: `the agent to register (agent stderr: ${agent.stderr.join('')})`,
    });
    const signature = new URL(url).searchParams.get('X-Amz-Signature') ?? '';
    expectNoSecrets(hub.proc.stdout.join(''), [signature, INSTANCE_PROFILE.sessionToken ?? '']);
    // The agent logs a URL name by its host only, as the official agent does (spec §5.3).
    await waitFor(() => agent.stderr.join('').includes('"registered"'), { message: 'the agent to log its registration' });
    expectNoSecrets(agent.stderr.join(''), [signature, INSTANCE_PROFILE.sessionToken ?? '']);
  });

  it.each([
    {
      name: 'credentials of a role the type does not allow',
      env: (home: string) => ({ ...awsEnv(home), AWS_ACCESS_KEY_ID: OTHER_ROLE.accessKeyId, AWS_SECRET_ACCESS_KEY: OTHER_ROLE.secretAccessKey, AWS_SESSION_TOKEN: OTHER_ROLE.sessionToken ?? '' }),
      reason: "IAM role 'web-servers' is not allowed",
      stsRequests: 2,
    },
    {
      name: 'a wrong secret key',
      env: (home: string) => ({ ...awsEnv(home), AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
      reason: 'SignatureDoesNotMatch',
      stsRequests: 2,
    },
    {
      name: 'no AWS credentials at all',
      env: (home: string) => ({ HOME: home, AWS_EC2_METADATA_DISABLED: 'true' }),
      reason: 'name-from-aws-sts: found no AWS credentials',
      stsRequests: 0,
    },
  ])('an agent with $name is refused, says why, and exits 1', async ({ env, reason, stsRequests }) => {
    const hub = await startHubProcess();
    const token = await createStsType(hub.url, 's1-e2e-sts-refused');
    const agent = run(AGENT_BIN, ['start', '--endpoint', hub.endpoint, '--no-https', '--token', token, '--name-from-aws-sts'], {
      ...env(tempDir()),
      OUTPOST_AGENT_REGISTER_ATTEMPTS: '2',
      OUTPOST_AGENT_REGISTER_RETRY_DELAY_MS: '50',
    });
    const code = await new Promise<number | null>((resolve) => agent.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(agent.stderr.join('')).toContain(reason);
    // Every attempt signs and sends a URL of its own.
    expect(fake.requests).toHaveLength(stsRequests);
    expect(await agentNames(hub.url)).toEqual([]);
  });
});
