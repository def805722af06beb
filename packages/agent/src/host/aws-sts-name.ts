import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AgentError } from '../errors.js';
import type { OptionValue } from '../config/options.js';

/**
 * `--name-from-aws-sts`: the agent builds the pre-signed STS GetCallerIdentity URL itself (what the official
 * agent needs an outside boto3 script for, spec §5.4) and registers with it as its name; the hub answers with the
 * role session name (the EC2 instance id). Signed afresh for every registration attempt, valid 900 s.
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type AwsCredentialSource = AwsCredentials | (() => Promise<AwsCredentials>);

export const STS_PRESIGN_EXPIRES_SECONDS = 900;
const GLOBAL_HOST = 'sts.amazonaws.com';
const GLOBAL_SIGNING_REGION = 'us-east-1';
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The region to sign for: the config key, else AWS_REGION, else AWS_DEFAULT_REGION; undefined = the global endpoint. */
export function resolveStsRegion(configured: string, env: Record<string, string | undefined>): string | undefined {
  const region = (configured || env.AWS_REGION || env.AWS_DEFAULT_REGION || '').trim();
  return region === '' ? undefined : region;
}

/** Host and signing region: `sts.<region>.amazonaws.com[.cn]`, or the global host, which signs for us-east-1. */
export function stsEndpointFor(region: string | undefined): { host: string; signingRegion: string } {
  if (region === undefined) return { host: GLOBAL_HOST, signingRegion: GLOBAL_SIGNING_REGION };
  if (!REGION.test(region)) throw new Error(`'${region}' is not an AWS region name (like eu-west-1); set name-from-aws-sts-region or AWS_REGION`);
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { host: `sts.${region}.${suffix}`, signingRegion: region };
}

export interface AwsStsNaming {
  /** What the agent log shows until the hub names the agent: the STS host. */
  logName: string;
  /** A freshly signed URL for each registration attempt. */
  next: () => Promise<string>;
}

/**
 * Reads `name-from-aws-sts` (and `name-from-aws-sts-region`) from the resolved options: undefined when the flag
 * is off; an AgentError when it clashes with `name`/`name-from-env` or names no valid region.
 */
export function awsStsNamingOf(
  options: Readonly<Record<string, OptionValue>>,
  env: Record<string, string | undefined>,
  credentials?: AwsCredentialSource,
): AwsStsNaming | undefined {
  if (options['name-from-aws-sts'] !== true) return undefined;
  const clash = ['name', 'name-from-env'].filter((key) => typeof options[key] === 'string' && options[key] !== '');
  if (clash.length > 0) {
    throw new AgentError('name-invalid', { detail: `name-from-aws-sts chooses the name itself; remove ${clash.join(' and ')} from the configuration` });
  }
  const region = resolveStsRegion(String(options['name-from-aws-sts-region'] ?? ''), env);
  let host: string;
  try {
    host = stsEndpointFor(region).host;
  } catch (cause) {
    throw new AgentError('name-invalid', { detail: (cause as Error).message }, { cause });
  }
  return { logName: host, next: createAwsStsNameSource({ region, credentials }) };
}

/**
 * A pre-signed `GET https://sts…/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-…` URL, query-signed with
 * SigV4 over the host header only, as boto3 builds it. Credentials default to the AWS SDK's chain (environment,
 * profile files, IMDSv2 instance profile).
 */
export async function presignedCallerIdentityUrl(options: {
  region?: string;
  credentials?: AwsCredentialSource;
  now?: () => number;
  expiresInSeconds?: number;
}): Promise<string> {
  const { host, signingRegion } = stsEndpointFor(options.region);
  const credentials = await resolveCredentials(options.credentials);
  const signer = new SignatureV4({ credentials, region: signingRegion, service: 'sts', sha256: Sha256 });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host },
    },
    { expiresIn: options.expiresInSeconds ?? STS_PRESIGN_EXPIRES_SECONDS, signingDate: new Date((options.now ?? Date.now)()) },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(String(value))}`)
    .join('&');
  return `https://${host}/?${query}`;
}

/**
 * What the listener calls before each registration attempt: a fresh URL every time. The SDK's provider chain is
 * built once (it caches credentials and refreshes them before they expire).
 */
export function createAwsStsNameSource(options: { region?: string; credentials?: AwsCredentialSource; now?: () => number }): () => Promise<string> {
  let credentials = options.credentials;
  return async () => {
    credentials ??= await defaultCredentialChain();
    return presignedCallerIdentityUrl({ ...options, credentials });
  };
}

async function resolveCredentials(source: AwsCredentialSource | undefined): Promise<AwsCredentials> {
  const provider = source ?? (await defaultCredentialChain());
  if (typeof provider !== 'function') return provider;
  try {
    return await provider();
  } catch (cause) {
    throw new Error(
      'name-from-aws-sts: found no AWS credentials (tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the AWS profile files and the EC2 instance profile over IMDSv2)',
      { cause },
    );
  }
}

/** Loaded only when the flag is on: the SDK's chain costs ~100 ms of start-up the other agents should not pay. */
async function defaultCredentialChain(): Promise<() => Promise<AwsCredentials>> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain();
}

/** SigV4's URI encoding: encodeURIComponent plus the five characters it leaves alone. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
