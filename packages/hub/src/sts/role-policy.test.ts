import { describe, expect, it } from 'vitest';
import { decideStsIdentity, parseAssumedRoleArn, roleMatchesPatterns } from './role-policy.js';

const ACCOUNT = '123456789012';

describe('parseAssumedRoleArn', () => {
  it.each([
    { name: 'an EC2 instance profile (control-plane §5.3)', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/outpost-agents/i-0123456789abcdef0`, want: { partition: 'aws', account: ACCOUNT, role: 'outpost-agents', session: 'i-0123456789abcdef0' } },
    { name: 'a China partition ARN', arn: `arn:aws-cn:sts::${ACCOUNT}:assumed-role/r/i-01`, want: { partition: 'aws-cn', account: ACCOUNT, role: 'r', session: 'i-01' } },
    { name: 'a GovCloud ARN', arn: `arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/r/sess`, want: { partition: 'aws-us-gov', account: ACCOUNT, role: 'r', session: 'sess' } },
    { name: 'IAM punctuation in role and session', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci+agents=1,x.y@z/bob@example.com`, want: { partition: 'aws', account: ACCOUNT, role: 'ci+agents=1,x.y@z', session: 'bob@example.com' } },
    { name: 'an IAM user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, want: null },
    { name: 'the account root', arn: `arn:aws:iam::${ACCOUNT}:root`, want: null },
    { name: 'a federated user', arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, want: null },
    { name: 'an extra path segment', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/a/b/c`, want: null },
    { name: 'a non-12-digit account', arn: 'arn:aws:sts::12345:assumed-role/r/s', want: null },
    { name: 'a region in an STS ARN', arn: `arn:aws:sts:us-east-1:${ACCOUNT}:assumed-role/r/s`, want: null },
    { name: 'an unknown partition', arn: `arn:evil:sts::${ACCOUNT}:assumed-role/r/s`, want: null },
    { name: 'a one-character session (IAM minimum is 2)', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, want: null },
    { name: 'a newline after the session', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/sess\n`, want: null },
    { name: 'a space in the session', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/a b`, want: null },
  ])('$name', ({ arn, want }) => {
    expect(parseAssumedRoleArn(arn)).toEqual(want);
  });
});

describe('roleMatchesPatterns', () => {
  it.each([
    { name: 'an exact name', role: 'outpost-agents', patterns: 'outpost-agents', want: true },
    { name: 'exact is anchored at the end', role: 'outpost-agents-2', patterns: 'outpost-agents', want: false },
    { name: 'exact is anchored at the start', role: 'my-outpost-agents', patterns: 'outpost-agents', want: false },
    { name: 'exact is case-sensitive', role: 'Outpost-Agents', patterns: 'outpost-agents', want: false },
    { name: 'a trailing wildcard', role: 'outpost-agents-linux', patterns: 'outpost-*', want: true },
    { name: 'a trailing wildcard matches the empty rest', role: 'outpost-', patterns: 'outpost-*', want: true },
    { name: 'a leading wildcard', role: 'linux-agents', patterns: '*-agents', want: true },
    { name: 'a middle wildcard', role: 'ci-linux-runner', patterns: 'ci-*-runner', want: true },
    { name: 'a middle wildcard stays anchored', role: 'ci-linux-runner-x', patterns: 'ci-*-runner', want: false },
    { name: 'a lone * allows every role', role: 'anything', patterns: '*', want: true },
    { name: 'one of several patterns', role: 'web', patterns: 'ci-*,web', want: true },
    { name: 'spaces around commas are ignored', role: 'web', patterns: 'ci-* , web ', want: true },
    { name: 'none of several patterns', role: 'db', patterns: 'ci-*,web', want: false },
    { name: 'regex characters are literal', role: 'ciXagents', patterns: 'ci.agents', want: false },
    { name: 'a literal dot matches a dot', role: 'ci.agents', patterns: 'ci.agents', want: true },
    { name: '+ is literal', role: 'ccagents', patterns: 'c+agents', want: false },
    { name: 'empty patterns allow nothing', role: 'x', patterns: '', want: false },
    { name: 'only commas allow nothing', role: 'x', patterns: ' , ,', want: false },
    { name: 'prefix and suffix may not overlap', role: 'ab', patterns: 'ab*b', want: false },
    { name: 'stars between repeated letters', role: 'aaa', patterns: 'a*a*a', want: true },
    { name: 'a middle literal must end before the suffix', role: 'a-x', patterns: 'a*-x*x', want: false },
    { name: 'empty literals between stars', role: 'abc', patterns: 'a**c', want: true },
  ])('$name', ({ role, patterns, want }) => {
    expect(roleMatchesPatterns(role, patterns)).toBe(want);
  });
});

describe('roleMatchesPatterns on hostile patterns', () => {
  // A backtracking regex needs hours for this (it hung the event loop 1.8 s at 64 characters); the glob scan is linear.
  it('answers at once for many stars against a long near-miss', () => {
    expect(roleMatchesPatterns('a-'.repeat(20_000), '*-*-*-*-*-*-*-*-*-*-*-*-x')).toBe(false);
  });
});

describe('decideStsIdentity', () => {
  const policy = { accountId: ACCOUNT, roleNamePatterns: 'outpost-*' };
  const arn = (account: string, role: string, session: string) => `arn:aws:sts::${account}:assumed-role/${role}/${session}`;

  it.each([
    { name: 'names the agent after the session (the instance id)', identity: { account: ACCOUNT, arn: arn(ACCOUNT, 'outpost-agents', 'i-0123456789abcdef0') }, policy, want: { ok: true, name: 'i-0123456789abcdef0', role: 'outpost-agents' } },
    { name: 'trims the configured account id', identity: { account: ACCOUNT, arn: arn(ACCOUNT, 'outpost-agents', 'i-01') }, policy: { ...policy, accountId: ` ${ACCOUNT} ` }, want: { ok: true, name: 'i-01', role: 'outpost-agents' } },
    { name: 'refuses another account', identity: { account: '210987654321', arn: arn('210987654321', 'outpost-agents', 'i-01') }, policy, want: { ok: false, reason: "AWS account '210987654321' is not allowed; this agent type accepts only account '123456789012'" } },
    { name: 'refuses an ARN whose account differs from Account', identity: { account: ACCOUNT, arn: arn('210987654321', 'outpost-agents', 'i-01') }, policy, want: { ok: false, reason: `ARN '${arn('210987654321', 'outpost-agents', 'i-01')}' belongs to account '210987654321', not the allowed account '123456789012'` } },
    { name: 'refuses an IAM user', identity: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, policy, want: { ok: false, reason: expect.stringContaining(`ARN 'arn:aws:iam::${ACCOUNT}:user/alice' is not allowed; only assumed-role identities`) } },
    { name: 'refuses a role that matches no pattern', identity: { account: ACCOUNT, arn: arn(ACCOUNT, 'web-servers', 'i-01') }, policy, want: { ok: false, reason: "IAM role 'web-servers' is not allowed; this agent type accepts roles matching 'outpost-*'" } },
    { name: 'refuses when the type has no patterns', identity: { account: ACCOUNT, arn: arn(ACCOUNT, 'outpost-agents', 'i-01') }, policy: { ...policy, roleNamePatterns: ' ' }, want: { ok: false, reason: expect.stringContaining('has no AWS role name patterns') } },
  ])('$name', ({ identity, policy: p, want }) => {
    expect(decideStsIdentity(identity, p)).toEqual(want);
  });
});
