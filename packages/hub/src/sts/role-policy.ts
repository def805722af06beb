/**
 * Which STS identities may register on an agent type (control-plane §5.3 steps 3–6). Pure: the identity STS
 * returned and the type's settings in, the agent name (the role session name) or a reason out.
 */

export interface CallerIdentity {
  account: string;
  arn: string;
  userId?: string;
}

export interface AssumedRole {
  partition: string;
  account: string;
  role: string;
  session: string;
}

export type RoleVerdict = { ok: true; name: string; role: string } | { ok: false; reason: string };

/** IAM's character set for role and session names; the role path is not part of an assumed-role ARN. */
const IAM_NAME = '[\\w+=,.@-]';
const ASSUMED_ROLE_ARN = new RegExp(
  `^arn:(aws|aws-cn|aws-us-gov):sts::(\\d{12}):assumed-role/(${IAM_NAME}{1,64})/(${IAM_NAME}{2,64})$`,
);

/** Splits `arn:aws:sts::<account>:assumed-role/<role>/<session>`, or null for anything else. */
export function parseAssumedRoleArn(arn: string): AssumedRole | null {
  const m = ASSUMED_ROLE_ARN.exec(arn);
  if (!m) return null;
  const [, partition, account, role, session] = m as unknown as [string, string, string, string, string];
  return { partition, account, role, session };
}

/** True when `role` matches one of the comma-separated patterns; `*` matches any run of characters, the rest is literal. */
export function roleMatchesPatterns(role: string, patterns: string): boolean {
  return splitPatterns(patterns).some((pattern) => globMatches(pattern, role));
}

export function splitPatterns(patterns: string): string[] {
  return patterns.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * `*` glob without a regex: the first literal must start the text, the last must end it, and each literal between is
 * taken at its leftmost place after the previous one. Leftmost is always safe for a star-separated literal, so
 * nothing is ever retried: time grows with text × pattern length, never exponentially (a backtracking regex spent
 * 1.8 s on `*-*-*-*-*-*-x`).
 */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1] ?? '';
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const at = text.indexOf(part, from);
    if (at < 0 || at + part.length > end) return false;
    from = at + part.length;
  }
  return true;
}

/** The whole decision: account, ARN shape, role patterns; the agent's name is the role session name. */
export function decideStsIdentity(identity: CallerIdentity, policy: { accountId: string; roleNamePatterns: string }): RoleVerdict {
  const accountId = policy.accountId.trim();
  if (identity.account !== accountId) {
    return { ok: false, reason: `AWS account '${identity.account}' is not allowed; this agent type accepts only account '${accountId}'` };
  }
  const parsed = parseAssumedRoleArn(identity.arn);
  if (!parsed) {
    return {
      ok: false,
      reason: `ARN '${identity.arn}' is not allowed; only assumed-role identities (arn:aws:sts::<account>:assumed-role/<role>/<session>, e.g. an EC2 instance profile) can register`,
    };
  }
  if (parsed.account !== accountId) {
    return { ok: false, reason: `ARN '${identity.arn}' belongs to account '${parsed.account}', not the allowed account '${accountId}'` };
  }
  if (splitPatterns(policy.roleNamePatterns).length === 0) {
    return { ok: false, reason: 'this agent type has no AWS role name patterns; add at least one to its name settings' };
  }
  if (!roleMatchesPatterns(parsed.role, policy.roleNamePatterns)) {
    return {
      ok: false,
      reason: `IAM role '${parsed.role}' is not allowed; this agent type accepts roles matching '${policy.roleNamePatterns}'`,
    };
  }
  return { ok: true, name: parsed.session, role: parsed.role };
}
