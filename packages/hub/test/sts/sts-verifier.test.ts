import { Writable } from 'node:stream';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStsVerifier, type StsVerifierOptions } from '../../src/sts/create-sts-verifier.js';
import type { StsNamingEvent, StsPolicy } from '../../src/sts/sts-verifier.js';
import { startFakeSts, type FakeSts } from '../support/fake-sts.js';
import {
  IAM_USER,
  INSTANCE_PROFILE,
  OTHER_ACCOUNT,
  OTHER_ROLE,
  TEST_ACCOUNT,
  presignCallerIdentity,
  type TestAwsCredential,
} from '../support/presign-sts.js';

const POLICY: StsPolicy = { accountId: TEST_ACCOUNT, roleNamePatterns: 'outpost-agents' };

let fake: FakeSts;
let logLines: string[];
let outcomes: StsNamingEvent[];

beforeEach(async () => {
  fake = await startFakeSts();
  logLines = [];
  outcomes = [];
});
afterEach(async () => {
  await fake.close();
});

function verifier(overrides: Partial<StsVerifierOptions> = {}) {
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return createStsVerifier({
    log: pino({ level: 'debug' }, destination),
    now: Date.now,
    testStsUrl: fake.url,
    onOutcome: (event) => outcomes.push(event),
    ...overrides,
  });
}

/** The signature and session token of a URL: neither may appear in a log line. */
function secretsOf(url: string): string[] {
  const q = new URL(url).searchParams;
  return [q.get('X-Amz-Signature'), q.get('X-Amz-Security-Token')].filter((v): v is string => Boolean(v));
}

function expectNoSecretsLogged(url: string): void {
  const text = logLines.join('\n');
  for (const secret of secretsOf(url)) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe('the STS verifier against a fake STS', () => {
  it('names the agent after the session of an allowed instance profile (the instance id)', async () => {
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    expect(await verifier().assignName(url, POLICY)).toEqual({ ok: true, name: 'i-0123456789abcdef0' });
    expect(fake.requests).toMatchObject([{ method: 'GET', path: '/', accept: 'application/json', outcome: 'ok' }]);
    expect(outcomes).toEqual([{ host: 'sts.amazonaws.com', outcome: 'assigned' }]);
    expectNoSecretsLogged(url);
  });

  it('accepts a regional endpoint signed for its region', async () => {
    const url = await presignCallerIdentity(INSTANCE_PROFILE, { host: 'sts.eu-central-1.amazonaws.com', region: 'eu-central-1' });
    expect(await verifier().assignName(url, POLICY)).toEqual({ ok: true, name: 'i-0123456789abcdef0' });
  });

  it('reads an XML answer when STS sends one', async () => {
    const arn = INSTANCE_PROFILE.arn;
    fake.script({
      kind: 'raw',
      status: 200,
      contentType: 'text/xml',
      body: `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROA:x</UserId><Account>${TEST_ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    });
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    expect(await verifier().assignName(url, POLICY)).toEqual({ ok: true, name: 'i-0123456789abcdef0' });
  });

  it.each([
    { name: 'a trailing wildcard', patterns: 'outpost-*', ok: true },
    { name: 'a leading wildcard', patterns: '*-agents', ok: true },
    { name: 'one of several patterns', patterns: 'web-*, outpost-agents', ok: true },
    { name: 'a lone *', patterns: '*', ok: true },
    { name: 'a pattern that is only a prefix', patterns: 'outpost', ok: false },
    { name: 'a wildcard for another role', patterns: 'web-*', ok: false },
  ])('applies role patterns: $name', async ({ patterns, ok }) => {
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    const verdict = await verifier().assignName(url, { accountId: TEST_ACCOUNT, roleNamePatterns: patterns });
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.reason).toBe(`IAM role 'outpost-agents' is not allowed; this agent type accepts roles matching '${patterns}'`);
  });

  it.each<{ name: string; credential: TestAwsCredential; reason: string }>([
    { name: 'an identity from another account', credential: OTHER_ACCOUNT, reason: "AWS account '210987654321' is not allowed; this agent type accepts only account '123456789012'" },
    { name: 'a role that matches no pattern', credential: OTHER_ROLE, reason: "IAM role 'web-servers' is not allowed; this agent type accepts roles matching 'outpost-agents'" },
    { name: 'an IAM user rather than an assumed role', credential: IAM_USER, reason: "ARN 'arn:aws:iam::123456789012:user/alice' is not allowed; only assumed-role identities" },
  ])('refuses $name', async ({ credential, reason }) => {
    const url = await presignCallerIdentity(credential);
    const verdict = await verifier().assignName(url, POLICY);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
    expect(fake.requests).toHaveLength(1);
    expectNoSecretsLogged(url);
  });

  it('refuses an expired URL without contacting STS', async () => {
    const url = await presignCallerIdentity(INSTANCE_PROFILE, { signingDate: new Date(Date.now() - 16 * 60_000) });
    const verdict = await verifier().assignName(url, POLICY);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/^the pre-signed STS URL expired at .*the agent must sign a fresh one/);
    expect(fake.requests).toHaveLength(0);
  });

  it('passes on the refusal of STS when STS finds the URL expired (the hub clock runs behind)', async () => {
    const url = await presignCallerIdentity(INSTANCE_PROFILE, { signingDate: new Date(Date.now() - 16 * 60_000) });
    const verdict = await verifier({ now: () => Date.now() - 10 * 60_000 }).assignName(url, POLICY);
    expect(verdict.ok ? '' : verdict.reason).toBe(
      'AWS STS refused the pre-signed URL (HTTP 403, AccessDenied: Request has expired.); the credentials that signed the URL may not call sts:GetCallerIdentity, or the URL expired',
    );
  });

  it.each([
    { name: 'a changed signature', tamper: (u: string) => u.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`), code: 'SignatureDoesNotMatch' },
    { name: 'a longer expiry than was signed', tamper: (u: string) => u.replace('X-Amz-Expires=900', 'X-Amz-Expires=3600'), code: 'SignatureDoesNotMatch' },
    { name: 'a changed host (signed for the global endpoint)', tamper: (u: string) => u.replace('https://sts.amazonaws.com/', 'https://sts.us-east-1.amazonaws.com/'), code: 'SignatureDoesNotMatch' },
    { name: 'another session token', tamper: (u: string) => u.replace(/X-Amz-Security-Token=[^&]+/, 'X-Amz-Security-Token=forged'), code: 'InvalidClientTokenId' },
    { name: 'an unknown access key', tamper: (u: string) => u.replace('ASIAOUTPOSTTEST00001', 'ASIAOUTPOSTTEST99999'), code: 'InvalidClientTokenId' },
  ])('refuses $name with the STS error', async ({ tamper, code }) => {
    const url = tamper(await presignCallerIdentity(INSTANCE_PROFILE));
    const verdict = await verifier().assignName(url, POLICY);
    expect(verdict.ok ? '' : verdict.reason).toContain(`AWS STS refused the pre-signed URL (HTTP 403, ${code}`);
    expect(fake.requests.map((r) => r.outcome)).toEqual([code]);
    expect(outcomes).toMatchObject([{ outcome: 'sts-error', stsCode: code }]);
    expectNoSecretsLogged(url);
  });

  it.each([
    { name: 'http://', prefix: 'http://sts.amazonaws.com/', reason: 'only https://' },
    { name: '127.0.0.1', prefix: 'https://127.0.0.1/', reason: "the host '127.0.0.1' is not an AWS STS endpoint" },
    { name: '169.254.169.254', prefix: 'https://169.254.169.254/', reason: "the host '169.254.169.254' is not an AWS STS endpoint" },
    { name: 'https://sts.amazonaws.com@evil.example/', prefix: 'https://sts.amazonaws.com@evil.example/', reason: 'must not contain a user name or password' },
    { name: 'https://sts.amazonaws.com.evil.example/', prefix: 'https://sts.amazonaws.com.evil.example/', reason: "the host 'sts.amazonaws.com.evil.example' is not an AWS STS endpoint" },
  ])('refuses $name before any request leaves the hub', async ({ prefix, reason }) => {
    const signed = await presignCallerIdentity(INSTANCE_PROFILE);
    const url = signed.replace('https://sts.amazonaws.com/', prefix);
    const verdict = await verifier().assignName(url, POLICY);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
    expect(fake.requests).toHaveLength(0);
    expect(outcomes).toMatchObject([{ outcome: 'url-refused' }]);
    expectNoSecretsLogged(url);
  });

  it('refuses a redirect and does not follow it', async () => {
    const target = createServer((_req, res) => res.end('{}'));
    let hits = 0;
    target.on('request', () => hits++);
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const location = `http://127.0.0.1:${(target.address() as AddressInfo).port}/latest/meta-data/`;
    try {
      fake.script({ kind: 'redirect', status: 307, location });
      const url = await presignCallerIdentity(INSTANCE_PROFILE);
      const verdict = await verifier().assignName(url, POLICY);
      expect(verdict).toEqual({
        ok: false,
        reason: 'AWS STS at sts.amazonaws.com answered with a redirect (HTTP 307); the hub never follows redirects',
      });
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it.each([
    { name: 'before the headers', answer: { kind: 'stall' } as const, reason: 'AWS STS at sts.amazonaws.com did not answer within 0.3 s' },
    { name: 'in the middle of the body', answer: { kind: 'stall-body' } as const, reason: 'AWS STS at sts.amazonaws.com did not finish answering within 0.3 s' },
  ])('gives up on an answer that stalls $name', async ({ answer, reason }) => {
    fake.script(answer);
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    expect(await verifier({ timeoutMs: 300 }).assignName(url, POLICY)).toEqual({ ok: false, reason });
  });

  it.each([
    { name: 'a declared Content-Length', declared: true },
    { name: 'a chunked body (counted while streaming)', declared: false },
  ])('refuses an answer over 64 KiB with $name', async ({ declared }) => {
    fake.script({ kind: 'huge', bytes: 200 * 1024, declared });
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    expect(await verifier().assignName(url, POLICY)).toEqual({
      ok: false,
      reason: 'the answer of AWS STS at sts.amazonaws.com is larger than 64 KiB; refused',
    });
  });

  it('reports an unreachable STS without the URL', async () => {
    const url = await presignCallerIdentity(INSTANCE_PROFILE);
    const closed = fake.url;
    await fake.close();
    const verdict = await verifier({ testStsUrl: closed }).assignName(url, POLICY);
    expect(verdict).toEqual({ ok: false, reason: 'the hub could not reach AWS STS at sts.amazonaws.com (ECONNREFUSED)' });
    fake = await startFakeSts();
  });
});
