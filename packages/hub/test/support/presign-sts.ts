import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

/** Test credentials the fake STS knows: an access key, its secret, and the identity STS answers for them. */
export interface TestAwsCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  account: string;
  arn: string;
}

export const TEST_ACCOUNT = '123456789012';

/** An EC2 instance profile in the allowed account: role outpost-agents, session = the instance id. */
export const INSTANCE_PROFILE: TestAwsCredential = {
  accessKeyId: 'ASIAOUTPOSTTEST00001',
  secretAccessKey: 'test-secret-for-the-instance-profile-0001',
  sessionToken: 'IQoJb3JpZ2luX2VjEOutpostTestSessionToken+/=0001',
  account: TEST_ACCOUNT,
  arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/outpost-agents/i-0123456789abcdef0`,
};

export const OTHER_ACCOUNT: TestAwsCredential = {
  accessKeyId: 'ASIAOUTPOSTTEST00002',
  secretAccessKey: 'test-secret-for-another-account-0002',
  sessionToken: 'IQoJb3JpZ2luX2VjEOutpostTestSessionToken+/=0002',
  account: '210987654321',
  arn: 'arn:aws:sts::210987654321:assumed-role/outpost-agents/i-0fedcba9876543210',
};

export const OTHER_ROLE: TestAwsCredential = {
  accessKeyId: 'ASIAOUTPOSTTEST00003',
  secretAccessKey: 'test-secret-for-another-role-0003',
  sessionToken: 'IQoJb3JpZ2luX2VjEOutpostTestSessionToken+/=0003',
  account: TEST_ACCOUNT,
  arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/web-servers/i-0aaaaaaaaaaaaaaa1`,
};

/** Long-term IAM user keys (no session token): STS answers with a user ARN, which is not an assumed role. */
export const IAM_USER: TestAwsCredential = {
  accessKeyId: 'AKIAOUTPOSTTEST00004',
  secretAccessKey: 'test-secret-for-an-iam-user-0004',
  account: TEST_ACCOUNT,
  arn: `arn:aws:iam::${TEST_ACCOUNT}:user/alice`,
};

export const TEST_CREDENTIALS = [INSTANCE_PROFILE, OTHER_ACCOUNT, OTHER_ROLE, IAM_USER];

export interface PresignOptions {
  host?: string;
  region?: string;
  signingDate?: Date;
  expiresIn?: number;
  action?: string;
}

/** A pre-signed GetCallerIdentity URL exactly as boto3 / the Outpost agent build it (query-signed, host only). */
export async function presignCallerIdentity(credential: TestAwsCredential, options: PresignOptions = {}): Promise<string> {
  const host = options.host ?? 'sts.amazonaws.com';
  const region = options.region ?? 'us-east-1';
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      ...(credential.sessionToken ? { sessionToken: credential.sessionToken } : {}),
    },
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: options.action ?? 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host },
    },
    { expiresIn: options.expiresIn ?? 900, signingDate: options.signingDate ?? new Date() },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `https://${host}/?${query}`;
}
