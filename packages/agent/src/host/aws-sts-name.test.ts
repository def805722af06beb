import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsStsNamingOf, createAwsStsNameSource, presignedCallerIdentityUrl, resolveStsRegion, stsEndpointFor } from './aws-sts-name.js';

const CREDENTIALS = {
  accessKeyId: 'ASIAOUTPOSTTEST00001',
  secretAccessKey: 'test-secret-for-the-instance-profile-0001',
  sessionToken: 'IQoJb3JpZ2luX2VjEOutpostTestSessionToken+/=0001',
};
const NOW = Date.UTC(2026, 10, 28, 12, 34, 56);

/** SigV4 query signing written out by hand from the AWS documentation, to check the library call independently. */
function expectedSignature(url: URL, secret: string): string {
  const q = url.searchParams;
  const canonicalQuery = [...q.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const emptyPayload = createHash('sha256').update('').digest('hex');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${url.host}`, '', 'host', emptyPayload].join('\n');
  const [, date, region, service] = (q.get('X-Amz-Credential') ?? '').split('/') as [string, string, string, string];
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', q.get('X-Amz-Date'), scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

describe('stsEndpointFor', () => {
  it.each([
    { name: 'no region: the global endpoint, signed for us-east-1 (boto3 legacy default)', region: undefined, want: { host: 'sts.amazonaws.com', signingRegion: 'us-east-1' } },
    { name: 'a region: its regional endpoint', region: 'eu-west-1', want: { host: 'sts.eu-west-1.amazonaws.com', signingRegion: 'eu-west-1' } },
    { name: 'GovCloud', region: 'us-gov-west-1', want: { host: 'sts.us-gov-west-1.amazonaws.com', signingRegion: 'us-gov-west-1' } },
    { name: 'a China region: the amazonaws.com.cn endpoint', region: 'cn-north-1', want: { host: 'sts.cn-north-1.amazonaws.com.cn', signingRegion: 'cn-north-1' } },
  ])('$name', ({ region, want }) => {
    expect(stsEndpointFor(region)).toEqual(want);
  });

  it.each(['EU-WEST-1', 'eu-west', 'evil.example/x', 'eu-west-1.evil'])('refuses the region %j instead of building a host from it', (region) => {
    expect(() => stsEndpointFor(region)).toThrow(/is not an AWS region name/);
  });
});

describe('resolveStsRegion', () => {
  it.each([
    { name: 'the config key wins', configured: 'eu-west-1', env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }, want: 'eu-west-1' },
    { name: 'then AWS_REGION', configured: '', env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }, want: 'us-west-2' },
    { name: 'then AWS_DEFAULT_REGION', configured: '', env: { AWS_DEFAULT_REGION: 'ap-south-1' }, want: 'ap-south-1' },
    { name: 'none: the global endpoint', configured: '', env: {}, want: undefined },
    { name: 'blank values count as none', configured: ' ', env: { AWS_REGION: '' }, want: undefined },
  ])('$name', ({ configured, env, want }) => {
    expect(resolveStsRegion(configured, env)).toBe(want);
  });
});

describe('presignedCallerIdentityUrl', () => {
  it('builds the URL boto3 builds: GetCallerIdentity, SigV4 over host, 900 s, session token in the query', async () => {
    const url = new URL(await presignedCallerIdentityUrl({ credentials: CREDENTIALS, now: () => NOW }));
    expect(url.origin).toBe('https://sts.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAOUTPOSTTEST00001/20261128/us-east-1/sts/aws4_request',
      'X-Amz-Date': '20261128T123456Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Security-Token': CREDENTIALS.sessionToken,
      'X-Amz-Signature': expectedSignature(url, CREDENTIALS.secretAccessKey),
    });
  });

  it('signs a regional URL for its region', async () => {
    const url = new URL(await presignedCallerIdentityUrl({ region: 'eu-central-1', credentials: CREDENTIALS, now: () => NOW }));
    expect(url.host).toBe('sts.eu-central-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('ASIAOUTPOSTTEST00001/20261128/eu-central-1/sts/aws4_request');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, CREDENTIALS.secretAccessKey));
  });

  it('leaves out the session token for long-term keys', async () => {
    const url = new URL(await presignedCallerIdentityUrl({ credentials: { accessKeyId: 'AKIAOUTPOSTTEST00004', secretAccessKey: 's' }, now: () => NOW }));
    expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, 's'));
  });

  it('says where it looked when no credentials are found', async () => {
    const none = async () => {
      throw new Error('Could not load credentials from any providers');
    };
    await expect(presignedCallerIdentityUrl({ credentials: none })).rejects.toThrow(/found no AWS credentials .*IMDSv2/);
  });
});

describe('createAwsStsNameSource', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('signs afresh on every call (each registration attempt gets a URL valid for 900 s from then)', async () => {
    let now = NOW;
    const next = createAwsStsNameSource({ credentials: CREDENTIALS, now: () => now });
    const first = new URL(await next());
    now += 61_000;
    const second = new URL(await next());
    expect(first.searchParams.get('X-Amz-Date')).toBe('20261128T123456Z');
    expect(second.searchParams.get('X-Amz-Date')).toBe('20261128T123557Z');
    expect(second.searchParams.get('X-Amz-Signature')).not.toBe(first.searchParams.get('X-Amz-Signature'));
  });

  it('takes credentials from the environment through the AWS SDK chain', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', CREDENTIALS.sessionToken);
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const url = new URL(await createAwsStsNameSource({ now: () => NOW })());
    expect(url.searchParams.get('X-Amz-Credential')).toBe('ASIAOUTPOSTTEST00001/20261128/us-east-1/sts/aws4_request');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(CREDENTIALS.sessionToken);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, CREDENTIALS.secretAccessKey));
  });
});

describe('awsStsNamingOf', () => {
  const off = { 'name-from-aws-sts': false, 'name-from-aws-sts-region': '', name: '', 'name-from-env': '' };
  const on = { ...off, 'name-from-aws-sts': true };

  it.each([
    { name: 'the flag off: the usual name rules apply', options: off, env: {}, logName: undefined },
    { name: 'the flag on: the global host until the hub names the agent', options: on, env: {}, logName: 'sts.amazonaws.com' },
    { name: 'a region from the config key', options: { ...on, 'name-from-aws-sts-region': 'ap-southeast-2' }, env: { AWS_REGION: 'eu-west-1' }, logName: 'sts.ap-southeast-2.amazonaws.com' },
    { name: 'a region from AWS_DEFAULT_REGION', options: on, env: { AWS_DEFAULT_REGION: 'ca-central-1' }, logName: 'sts.ca-central-1.amazonaws.com' },
  ])('$name', ({ options, env, logName }) => {
    expect(awsStsNamingOf(options, env)?.logName).toBe(logName);
  });

  it.each([
    { name: 'a name as well', options: { ...on, name: 'my-agent-01' }, problem: 'name-from-aws-sts chooses the name itself; remove name from the configuration' },
    { name: 'name-from-env as well', options: { ...on, 'name-from-env': 'HOSTNAME' }, problem: 'remove name-from-env from the configuration' },
    { name: 'a region that is no region', options: { ...on, 'name-from-aws-sts-region': 'evil.example/' }, problem: "'evil.example/' is not an AWS region name" },
  ])('refuses the flag with $name', ({ options, problem }) => {
    expect(() => awsStsNamingOf(options, {})).toThrow(problem);
  });

  it('hands the listener a source that signs with the given credentials', async () => {
    const naming = awsStsNamingOf({ ...on, 'name-from-aws-sts-region': 'eu-west-1' }, {}, CREDENTIALS);
    const url = new URL(await (naming?.next() ?? Promise.resolve('https://none/')));
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, CREDENTIALS.secretAccessKey));
  });
});
