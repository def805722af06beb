import { describe, expect, it } from 'vitest';
import { checkStsUrl } from './url-policy.js';

const SIGNED_AT = Date.UTC(2026, 10, 28, 12, 0, 0);
const AMZ_DATE = '20261128T120000Z';
const SIGNATURE = 'a'.repeat(64);
const TOKEN = 'IQoJb3JpZ2luX2VjSecretSessionToken+/=';

/** A syntactically valid pre-signed URL; `params` overrides or (with null) removes query parameters. */
function stsUrl(
  options: { prefix?: string; region?: string; params?: Record<string, string | null>; extra?: string } = {},
): string {
  const region = options.region ?? 'us-east-1';
  const params: Record<string, string | null> = {
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `ASIAOUTPOSTTEST00001/20261128/${region}/sts/aws4_request`,
    'X-Amz-Date': AMZ_DATE,
    'X-Amz-Expires': '900',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Security-Token': TOKEN,
    'X-Amz-Signature': SIGNATURE,
    ...options.params,
  };
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${options.prefix ?? 'https://sts.amazonaws.com/'}?${query}${options.extra ?? ''}`;
}

const NOW = SIGNED_AT + 60_000;

describe('checkStsUrl accepts', () => {
  it.each([
    { name: 'the global endpoint signed for us-east-1 (boto3 default, spec §5.4)', url: stsUrl(), host: 'sts.amazonaws.com', region: 'us-east-1' },
    { name: 'an explicit :443', url: stsUrl({ prefix: 'https://sts.amazonaws.com:443/' }), host: 'sts.amazonaws.com', region: 'us-east-1' },
    { name: 'upper-case host letters (hosts are case-insensitive)', url: stsUrl({ prefix: 'https://STS.AmazonAWS.com/' }), host: 'sts.amazonaws.com', region: 'us-east-1' },
    { name: 'a regional endpoint signed for its region', url: stsUrl({ prefix: 'https://sts.eu-west-1.amazonaws.com/', region: 'eu-west-1' }), host: 'sts.eu-west-1.amazonaws.com', region: 'eu-west-1' },
    { name: 'a GovCloud regional endpoint', url: stsUrl({ prefix: 'https://sts.us-gov-west-1.amazonaws.com/', region: 'us-gov-west-1' }), host: 'sts.us-gov-west-1.amazonaws.com', region: 'us-gov-west-1' },
    { name: 'a China endpoint under amazonaws.com.cn', url: stsUrl({ prefix: 'https://sts.cn-north-1.amazonaws.com.cn/', region: 'cn-north-1' }), host: 'sts.cn-north-1.amazonaws.com.cn', region: 'cn-north-1' },
    { name: 'long-term keys without a session token', url: stsUrl({ params: { 'X-Amz-Security-Token': null } }), host: 'sts.amazonaws.com', region: 'us-east-1' },
    { name: 'a URL without Version', url: stsUrl({ params: { Version: null } }), host: 'sts.amazonaws.com', region: 'us-east-1' },
  ])('$name', ({ url, host, region }) => {
    const verdict = checkStsUrl(url, NOW);
    expect(verdict).toMatchObject({ ok: true, host, region, signedAtMs: SIGNED_AT, expiresAtMs: SIGNED_AT + 900_000 });
  });

  it('accepts the last second before expiry and a clock 14 minutes behind the agent', () => {
    expect(checkStsUrl(stsUrl(), SIGNED_AT + 900_000).ok).toBe(true);
    expect(checkStsUrl(stsUrl(), SIGNED_AT - 14 * 60_000).ok).toBe(true);
  });
});

describe('checkStsUrl refuses', () => {
  it.each([
    { name: 'a plain agent name', url: 'i-0123456789abcdef0', reason: 'not a valid URL' },
    { name: 'http:// (spec §5.4: https only)', url: stsUrl({ prefix: 'http://sts.amazonaws.com/' }), reason: 'only https://' },
    { name: 'a file:// URL', url: 'file:///etc/passwd', reason: 'only https://' },
    { name: 'a loopback address (SSRF)', url: stsUrl({ prefix: 'https://127.0.0.1/' }), reason: "the host '127.0.0.1' is not an AWS STS endpoint" },
    { name: 'the instance metadata address (SSRF)', url: stsUrl({ prefix: 'https://169.254.169.254/' }), reason: "the host '169.254.169.254' is not an AWS STS endpoint" },
    { name: 'an IPv6 loopback', url: stsUrl({ prefix: 'https://[::1]/' }), reason: "the host '[::1]' is not an AWS STS endpoint" },
    { name: 'userinfo that looks like the STS host', url: stsUrl({ prefix: 'https://sts.amazonaws.com@evil.example/' }), reason: 'must not contain a user name or password' },
    { name: 'userinfo with a password', url: stsUrl({ prefix: 'https://a:b@sts.amazonaws.com/' }), reason: 'must not contain a user name or password' },
    { name: 'the STS host as a prefix of another domain', url: stsUrl({ prefix: 'https://sts.amazonaws.com.evil.example/' }), reason: "the host 'sts.amazonaws.com.evil.example' is not" },
    { name: 'a trailing-dot host', url: stsUrl({ prefix: 'https://sts.amazonaws.com./' }), reason: 'is not an AWS STS endpoint' },
    { name: 'another AWS service', url: stsUrl({ prefix: 'https://s3.amazonaws.com/' }), reason: "the host 's3.amazonaws.com' is not" },
    { name: 'a look-alike regional host', url: stsUrl({ prefix: 'https://sts.evil.amazonaws.com/' }), reason: 'is not an AWS STS endpoint' },
    { name: 'a China region outside amazonaws.com.cn', url: stsUrl({ prefix: 'https://sts.cn-north-1.amazonaws.com/', region: 'cn-north-1' }), reason: 'is not an AWS STS endpoint' },
    { name: 'a non-China region under amazonaws.com.cn', url: stsUrl({ prefix: 'https://sts.us-east-1.amazonaws.com.cn/' }), reason: 'is not an AWS STS endpoint' },
    { name: 'an explicit port other than 443', url: stsUrl({ prefix: 'https://sts.amazonaws.com:8443/' }), reason: 'default https port 443, not 8443' },
    { name: 'a path other than /', url: stsUrl({ prefix: 'https://sts.amazonaws.com/redirect/' }), reason: "the path '/', not '/redirect/'" },
    { name: 'a fragment', url: stsUrl({ extra: '#x' }), reason: 'must not have a #fragment' },
    { name: 'another action', url: stsUrl({ params: { Action: 'AssumeRole' } }), reason: 'asks for Action=AssumeRole; only GetCallerIdentity' },
    { name: 'no action', url: stsUrl({ params: { Action: null } }), reason: 'has no Action' },
    { name: 'a repeated action', url: stsUrl({ extra: '&Action=AssumeRole' }), reason: 'repeats the query parameter Action' },
    { name: 'a repeated signature', url: stsUrl({ extra: `&X-Amz-Signature=${'b'.repeat(64)}` }), reason: 'repeats the query parameter X-Amz-Signature' },
    { name: 'no SigV4 algorithm', url: stsUrl({ params: { 'X-Amz-Algorithm': null } }), reason: 'not signed with SigV4' },
    { name: 'SigV4a', url: stsUrl({ params: { 'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256' } }), reason: 'not signed with SigV4' },
    { name: 'no signature', url: stsUrl({ params: { 'X-Amz-Signature': null } }), reason: 'lacks the SigV4 query parameter X-Amz-Signature' },
    { name: 'no credential', url: stsUrl({ params: { 'X-Amz-Credential': null } }), reason: 'lacks the SigV4 query parameter X-Amz-Credential' },
    { name: 'no date', url: stsUrl({ params: { 'X-Amz-Date': null } }), reason: 'lacks the SigV4 query parameter X-Amz-Date' },
    { name: 'no expiry', url: stsUrl({ params: { 'X-Amz-Expires': null } }), reason: 'lacks the SigV4 query parameter X-Amz-Expires' },
    { name: 'host not signed', url: stsUrl({ params: { 'X-Amz-SignedHeaders': 'x-amz-date' } }), reason: 'does not sign the host header' },
    { name: 'a malformed signature', url: stsUrl({ params: { 'X-Amz-Signature': 'zz' } }), reason: 'malformed X-Amz-Signature' },
    { name: 'a credential for another service', url: stsUrl({ params: { 'X-Amz-Credential': 'ASIAOUTPOSTTEST00001/20261128/us-east-1/s3/aws4_request' } }), reason: 'malformed X-Amz-Credential' },
    { name: 'the global host signed for another region', url: stsUrl({ region: 'eu-west-1' }), reason: 'signed for region eu-west-1 but its host sts.amazonaws.com expects us-east-1' },
    { name: 'a regional host signed for another region', url: stsUrl({ prefix: 'https://sts.eu-west-1.amazonaws.com/', region: 'eu-west-2' }), reason: 'signed for region eu-west-2' },
    { name: 'a malformed date', url: stsUrl({ params: { 'X-Amz-Date': '2026-11-28T12:00:00Z' } }), reason: 'malformed X-Amz-Date' },
    { name: 'an impossible date', url: stsUrl({ params: { 'X-Amz-Date': '20261131T120000Z', 'X-Amz-Credential': 'ASIAOUTPOSTTEST00001/20261131/us-east-1/sts/aws4_request' } }), reason: 'malformed X-Amz-Date' },
    { name: 'a credential date unlike X-Amz-Date', url: stsUrl({ params: { 'X-Amz-Credential': 'ASIAOUTPOSTTEST00001/20261127/us-east-1/sts/aws4_request' } }), reason: 'credential date that differs' },
    { name: 'a zero expiry', url: stsUrl({ params: { 'X-Amz-Expires': '0' } }), reason: 'invalid X-Amz-Expires' },
    { name: 'an expiry over 7 days', url: stsUrl({ params: { 'X-Amz-Expires': '604801' } }), reason: 'invalid X-Amz-Expires' },
    { name: 'a non-numeric expiry', url: stsUrl({ params: { 'X-Amz-Expires': '9e2' } }), reason: 'invalid X-Amz-Expires' },
  ])('$name', ({ url, reason }) => {
    const verdict = checkStsUrl(url, NOW);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
  });

  it.each([
    { name: 'one second after X-Amz-Date + X-Amz-Expires', now: SIGNED_AT + 900_001, reason: 'expired at 2026-11-28T12:15:00.000Z' },
    { name: 'a day later', now: SIGNED_AT + 86_400_000, reason: 'the agent must sign a fresh one' },
    { name: 'more than 15 minutes before it was signed (agent clock ahead)', now: SIGNED_AT - 16 * 60_000, reason: 'in the future' },
  ])('a URL checked $name', ({ now, reason }) => {
    const verdict = checkStsUrl(stsUrl(), now);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
  });

  it('never quotes the signature or the security token in a reason', () => {
    const urls = [
      stsUrl({ params: { Action: 'AssumeRole' } }),
      stsUrl({ prefix: 'https://127.0.0.1/' }),
      stsUrl({ region: 'eu-west-1' }),
      stsUrl({ params: { 'X-Amz-Expires': '0' } }),
    ];
    for (const url of urls) {
      const verdict = checkStsUrl(url, SIGNED_AT + 86_400_000);
      const reason = verdict.ok ? '' : verdict.reason;
      expect(reason).not.toBe('');
      expect(reason).not.toContain(SIGNATURE);
      expect(reason).not.toContain('SecretSessionToken');
    }
  });
});
