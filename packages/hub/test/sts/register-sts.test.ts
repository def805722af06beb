import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveHubConfig } from '../../src/config.js';
import { agentCall, createType, register, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeSts, type FakeSts } from '../support/fake-sts.js';
import { INSTANCE_PROFILE, OTHER_ACCOUNT, OTHER_ROLE, TEST_ACCOUNT, presignCallerIdentity } from '../support/presign-sts.js';
import type { TestHub } from '../support/start-hub.js';

/**
 * STS name assignment through POST /register (agent-protocol §5.4, control-plane §5.3): a real hub with the test
 * override pointed at a fake STS, requests sent exactly as the official agent sends them.
 */

const STS_SETTINGS = {
  assignment_origin: 'assignment_origin_aws_sts',
  aws: { account_id: TEST_ACCOUNT, role_name_patterns: 'outpost-agents' },
};

let fake: FakeSts;
let clock: number;

beforeEach(async () => {
  fake = await startFakeSts();
  clock = Date.now();
});
afterEach(async () => {
  await fake.close();
});

async function hubWithFakeSts(): Promise<TestHub> {
  return startHubWithAdmin({ env: { OUTPOST_ALLOW_TEST_OVERRIDES: '1', OUTPOST_TEST_STS_URL: fake.url }, now: () => clock });
}

/** Neither the signature nor the session token of `url` may reach a hub log line, raw or URL-encoded. */
function expectNoSecretsLogged(hub: TestHub, url: string): void {
  const q = new URL(url).searchParams;
  const secrets = [q.get('X-Amz-Signature'), q.get('X-Amz-Security-Token'), INSTANCE_PROFILE.sessionToken].filter((s): s is string => Boolean(s));
  const text = hub.logLines.join('\n');
  expect(hub.logLines.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe('POST /register on an agent type that assigns names from AWS STS', () => {
  it('names the agent after its EC2 instance id and stores that name', async () => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws', STS_SETTINGS);
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    const res = await register(hub, token, { name: url });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'i-0123456789abcdef0', token: expect.any(String) });
    const rows = await hub.services.store.db.selectFrom('agents').select(['name', 'status']).execute();
    expect(rows).toEqual([{ name: 'i-0123456789abcdef0', status: 'registered' }]);
    expect(fake.requests).toMatchObject([{ method: 'GET', accept: 'application/json', outcome: 'ok' }]);
    expectNoSecretsLogged(hub, url);
  });

  it('accepts roles by wildcard pattern', async () => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws-wild', { ...STS_SETTINGS, aws: { account_id: TEST_ACCOUNT, role_name_patterns: 'db-*, *-agents' } });
    const res = await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'i-0123456789abcdef0' });
  });

  it.each([
    {
      name: 'an identity from another AWS account',
      url: () => presignCallerIdentity(OTHER_ACCOUNT),
      message: "AWS account '210987654321' is not allowed; this agent type accepts only account '123456789012'",
    },
    {
      name: 'a role that matches none of the patterns',
      url: () => presignCallerIdentity(OTHER_ROLE),
      message: "IAM role 'web-servers' is not allowed; this agent type accepts roles matching 'outpost-agents'",
    },
    {
      name: 'an expired URL',
      url: () => presignCallerIdentity(INSTANCE_PROFILE, { signingDate: new Date(Date.now() - 20 * 60_000) }),
      message: expect.stringMatching(/^the pre-signed STS URL expired at .* the agent must sign a fresh one/),
    },
    {
      name: 'a tampered signature',
      url: async () => (await presignCallerIdentity(INSTANCE_PROFILE)).replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === 'f' ? 'e' : 'f'}`),
      message: expect.stringContaining('AWS STS refused the pre-signed URL (HTTP 403, SignatureDoesNotMatch'),
    },
    {
      name: 'an AssumeRole URL',
      url: () => presignCallerIdentity(INSTANCE_PROFILE, { action: 'AssumeRole' }),
      message: 'the pre-signed STS URL asks for Action=AssumeRole; only GetCallerIdentity is accepted',
    },
  ])('refuses $name with 400 and a readable reason', async ({ url, message }) => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws', STS_SETTINGS);
    const signed = await url();
    const res = await register(hub, token, { name: signed });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'STS_REFUSED', field: 'name', message });
    expect(await hub.services.store.db.selectFrom('agents').select('name').execute()).toEqual([]);
    expectNoSecretsLogged(hub, signed);
  });

  it.each([
    { name: 'http://', prefix: 'http://sts.amazonaws.com/', message: 'only https:// pre-signed AWS STS URLs are accepted; the agent sent a http:// URL' },
    { name: '127.0.0.1', prefix: 'https://127.0.0.1/', message: "the host '127.0.0.1' is not an AWS STS endpoint" },
    { name: '169.254.169.254', prefix: 'https://169.254.169.254/', message: "the host '169.254.169.254' is not an AWS STS endpoint" },
    { name: 'https://sts.amazonaws.com@evil.example/', prefix: 'https://sts.amazonaws.com@evil.example/', message: 'the pre-signed STS URL must not contain a user name or password' },
    { name: 'https://sts.amazonaws.com.evil.example/', prefix: 'https://sts.amazonaws.com.evil.example/', message: "the host 'sts.amazonaws.com.evil.example' is not an AWS STS endpoint" },
    { name: 'a port', prefix: 'https://sts.amazonaws.com:8443/', message: 'the pre-signed STS URL must use the default https port 443, not 8443' },
  ])('refuses $name without any request leaving the hub', async ({ prefix, message }) => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws', STS_SETTINGS);
    const url = (await presignCallerIdentity(INSTANCE_PROFILE)).replace('https://sts.amazonaws.com/', prefix);
    const res = await register(hub, token, { name: url });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'STS_REFUSED', message: expect.stringContaining(message) });
    expect(fake.requests).toEqual([]);
    expectNoSecretsLogged(hub, url);
  });

  it('refuses a redirect from STS and never follows it', async () => {
    const target = createServer((_req, res) => res.end('{}'));
    let followed = 0;
    target.on('request', () => followed++);
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    try {
      const hub = await hubWithFakeSts();
      const token = await createType(hub, 's1-aws', STS_SETTINGS);
      fake.script({ kind: 'redirect', location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/latest/meta-data/iam/` });
      const res = await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'STS_REFUSED',
        message: 'AWS STS at sts.amazonaws.com answered with a redirect (HTTP 302); the hub never follows redirects',
      });
      expect(followed).toBe(0);
    } finally {
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it('refuses a plain name: the type takes names only from STS', async () => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws', STS_SETTINGS);
    const res = await register(hub, token, { name: 'i-0123456789abcdef0' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'AGENT_NAME_STS_REQUIRED', message: expect.stringContaining("agent type 's1-aws' assigns names from AWS STS") });
    expect(fake.requests).toEqual([]);
  });

  it('refuses an STS URL on a type whose agents name themselves', async () => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-plain', {});
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    const res = await register(hub, token, { name: url });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'AGENT_NAME_URL_NOT_ALLOWED', message: "agent type 's1-plain' takes names from the agent; URLs are not allowed as names" });
    expect(fake.requests).toEqual([]);
    expectNoSecretsLogged(hub, url);
  });
});

describe('name reservation with STS names', () => {
  it('holds the instance id for release_after, then lets the same instance register again', async () => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws', { ...STS_SETTINGS, release_after: 60 });
    const first = await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) });
    expect(first.status).toBe(201);
    const accessToken = (first.body as { token: string }).token;
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', accessToken)).status).toBe(200);

    clock += 30_000;
    const held = await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) });
    expect(held.status).toBe(400);
    expect(held.body).toMatchObject({ code: 'AGENT_NAME_TAKEN', message: expect.stringContaining("'i-0123456789abcdef0' is already in use") });

    clock += 31_000;
    const again = await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ name: 'i-0123456789abcdef0' });
  });

  it('refuses a second agent with the same identity while the first is connected', async () => {
    const hub = await hubWithFakeSts();
    const token = await createType(hub, 's1-aws', STS_SETTINGS);
    expect((await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) })).status).toBe(201);
    // Past the 5-minute window in which an agent that never synced may repeat its registration (spec §1.2).
    clock += 6 * 60_000;
    const second = await register(hub, token, { name: await presignCallerIdentity(INSTANCE_PROFILE) });
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ code: 'AGENT_NAME_TAKEN' });
  });
});

describe('the test-only STS override', () => {
  it('warns loudly at start when it is on', async () => {
    const hub = await hubWithFakeSts();
    const warning = hub.logLines.map((l) => JSON.parse(l) as { level: number; msg: string; testStsUrl?: string }).find((l) => l.msg.startsWith('TEST OVERRIDE ACTIVE'));
    expect(warning).toMatchObject({ level: 40, testStsUrl: fake.url });
  });

  it('is ignored without OUTPOST_ALLOW_TEST_OVERRIDES=1', async () => {
    expect(resolveHubConfig({}, { OUTPOST_TEST_STS_URL: fake.url }).testStsUrl).toBeUndefined();
    expect(resolveHubConfig({}, { OUTPOST_TEST_STS_URL: fake.url, OUTPOST_ALLOW_TEST_OVERRIDES: 'true' }).testStsUrl).toBeUndefined();
    const hub = await startHubWithAdmin({ env: { OUTPOST_TEST_STS_URL: fake.url } });
    expect(hub.services.config.testStsUrl).toBeUndefined();
    expect(hub.logLines.some((l) => l.includes('TEST OVERRIDE ACTIVE'))).toBe(false);
  });
});
