/**
 * Which agent-supplied URLs the hub may follow for AWS STS name assignment (agent-protocol §5.4, control-plane
 * §5.3). Pure: the URL string and `now` in, a verdict out. Reasons never quote the query (it holds the signature
 * and the security token).
 */

export type StsUrlVerdict =
  | { ok: true; url: URL; host: string; region: string; signedAtMs: number; expiresAtMs: number }
  | { ok: false; reason: string };

export const STS_GLOBAL_HOST = 'sts.amazonaws.com';
/** The global endpoint signs for us-east-1. */
export const STS_GLOBAL_REGION = 'us-east-1';
/** SigV4 allows at most 7 days; nobody pre-signs GetCallerIdentity for longer than that. */
export const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 3600;
/** AWS refuses requests dated more than 15 minutes in the future; so do we. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const ACCEPTED_HOSTS = 'sts.amazonaws.com, sts.<region>.amazonaws.com or sts.<region>.amazonaws.com.cn';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const REGIONAL_HOST = new RegExp(`^sts\\.(${REGION})\\.amazonaws\\.com(\\.cn)?$`);
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const CREDENTIAL = new RegExp(`^[A-Z0-9]{16,128}/(\\d{8})/(${REGION})/sts/aws4_request$`);
const SINGLE_VALUED = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
];

const refuse = (reason: string): StsUrlVerdict => ({ ok: false, reason });

/** Decides whether `raw` is a pre-signed STS GetCallerIdentity URL the hub may GET at time `nowMs`. */
export function checkStsUrl(raw: string, nowMs: number): StsUrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('the agent name is not a valid URL; this agent type needs a pre-signed AWS STS GetCallerIdentity URL');
  }
  const shape = urlShapeProblem(url);
  if (shape) return refuse(shape);
  const hostRegion = regionOfHost(url.hostname);
  if (!hostRegion) {
    return refuse(`the host '${url.hostname}' is not an AWS STS endpoint; only ${ACCEPTED_HOSTS} are accepted`);
  }
  const query = queryProblem(url.searchParams);
  if (query) return refuse(query);
  return checkSignatureWindow(url, hostRegion, nowMs);
}

/** Scheme, userinfo, port, path and fragment: everything but the host and the query. */
function urlShapeProblem(url: URL): string | null {
  if (url.protocol !== 'https:') {
    return `only https:// pre-signed AWS STS URLs are accepted; the agent sent a ${url.protocol.replace(/:$/, '')}:// URL`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'the pre-signed STS URL must not contain a user name or password (the part before @)';
  }
  // WHATWG URL drops an explicit :443 for https, so any port left here is a different one.
  if (url.port !== '') return `the pre-signed STS URL must use the default https port 443, not ${url.port}`;
  if (url.pathname !== '/') return `the pre-signed STS URL must have the path '/', not '${url.pathname}'`;
  if (url.hash !== '') return 'the pre-signed STS URL must not have a #fragment';
  return null;
}

/** The signing region the host implies, or null for anything that is not an STS endpoint. */
function regionOfHost(hostname: string): string | null {
  if (hostname === STS_GLOBAL_HOST) return STS_GLOBAL_REGION;
  const match = REGIONAL_HOST.exec(hostname);
  if (!match) return null;
  const region = match[1] as string;
  const chinaDomain = match[2] !== undefined;
  // China regions live only under amazonaws.com.cn, and only they do.
  if (chinaDomain !== region.startsWith('cn-')) return null;
  return region;
}

function queryProblem(params: URLSearchParams): string | null {
  for (const key of SINGLE_VALUED) {
    if (params.getAll(key).length > 1) return `the pre-signed STS URL repeats the query parameter ${key}`;
  }
  const action = params.get('Action');
  if (action !== 'GetCallerIdentity') {
    return action === null
      ? 'the pre-signed STS URL has no Action; it must be Action=GetCallerIdentity'
      : `the pre-signed STS URL asks for Action=${truncate(action)}; only GetCallerIdentity is accepted`;
  }
  if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    return 'the pre-signed STS URL is not signed with SigV4 (X-Amz-Algorithm=AWS4-HMAC-SHA256 is missing)';
  }
  for (const key of ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
    if (!params.get(key)) return `the pre-signed STS URL lacks the SigV4 query parameter ${key}`;
  }
  const signedHeaders = (params.get('X-Amz-SignedHeaders') as string).split(';');
  if (!signedHeaders.includes('host')) return 'the pre-signed STS URL does not sign the host header (X-Amz-SignedHeaders)';
  if (!/^[0-9a-f]{64}$/.test(params.get('X-Amz-Signature') as string)) {
    return 'the pre-signed STS URL has a malformed X-Amz-Signature (64 hexadecimal digits expected)';
  }
  return null;
}

/** Credential scope, date and expiry: the URL must have been signed for this host and still be valid at `nowMs`. */
function checkSignatureWindow(url: URL, hostRegion: string, nowMs: number): StsUrlVerdict {
  const params = url.searchParams;
  const credential = CREDENTIAL.exec(params.get('X-Amz-Credential') as string);
  if (!credential) {
    return refuse('the pre-signed STS URL has a malformed X-Amz-Credential (<access key id>/<yyyymmdd>/<region>/sts/aws4_request expected)');
  }
  const [, scopeDate, scopeRegion] = credential as unknown as [string, string, string];
  if (scopeRegion !== hostRegion) {
    return refuse(`the pre-signed STS URL is signed for region ${scopeRegion} but its host ${url.hostname} expects ${hostRegion}`);
  }
  const amzDate = params.get('X-Amz-Date') as string;
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === null) return refuse('the pre-signed STS URL has a malformed X-Amz-Date (yyyymmddThhmmssZ expected)');
  if (!amzDate.startsWith(scopeDate)) return refuse('the pre-signed STS URL has a credential date that differs from its X-Amz-Date');
  const expiresRaw = params.get('X-Amz-Expires') as string;
  const expiresS = /^\d{1,7}$/.test(expiresRaw) ? Number(expiresRaw) : NaN;
  if (!(expiresS >= 1 && expiresS <= MAX_PRESIGN_EXPIRES_SECONDS)) {
    return refuse(`the pre-signed STS URL has an invalid X-Amz-Expires; 1 to ${MAX_PRESIGN_EXPIRES_SECONDS} seconds expected`);
  }
  const expiresAtMs = signedAtMs + expiresS * 1000;
  if (nowMs > expiresAtMs) {
    return refuse(
      `the pre-signed STS URL expired at ${new Date(expiresAtMs).toISOString()} (signed ${new Date(signedAtMs).toISOString()}, valid ${expiresS} s); ` +
        'the agent must sign a fresh one (restart it, or use agent --name-from-aws-sts)',
    );
  }
  if (signedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    return refuse(`the pre-signed STS URL is dated ${new Date(signedAtMs).toISOString()}, in the future; check the agent machine's clock`);
  }
  return { ok: true, url, host: url.hostname, region: hostRegion, signedAtMs, expiresAtMs };
}

function parseAmzDate(value: string): number | null {
  const m = AMZ_DATE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-31 over into March; a real timestamp survives the round trip.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
