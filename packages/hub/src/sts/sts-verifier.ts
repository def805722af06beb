/** What the STS verifier needs from an agent type with origin assignment_origin_aws_sts. */
export interface StsPolicy {
  accountId: string;
  /** Comma-separated role-name patterns with `*` wildcards. */
  roleNamePatterns: string;
}

export type StsVerdict = { ok: true; name: string } | { ok: false; reason: string };

/** Turns a pre-signed GetCallerIdentity URL into an agent name, or a reason an operator understands. */
export interface StsVerifier {
  assignName(presignedUrl: string, policy: StsPolicy): Promise<StsVerdict>;
}
