import type { StsFailure } from './caller-identity.js';

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

/** How one naming attempt ended, for tests and metrics (the same fields are logged; never the URL's query). */
export interface StsNamingEvent {
  /** The host the agent's URL named; undefined when it was not a URL. */
  host: string | undefined;
  outcome: 'assigned' | 'url-refused' | 'identity-refused' | StsFailure;
  /** STS's error code, for 'sts-error'. */
  stsCode?: string;
}
