import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { XMLParser } from 'fast-xml-parser';
import type { CallerIdentity } from './role-policy.js';

/**
 * The hub's one outbound call for STS naming: GET the pre-signed GetCallerIdentity URL (already passed
 * url-policy) and read the identity. No redirects, a 5 s budget for the whole exchange, a 64 KiB body cap.
 */

export const STS_TIMEOUT_MS = 5_000;
export const STS_MAX_BODY_BYTES = 64 * 1024;
/** Sent only with the test override: the host the URL was signed for. */
export const ORIGINAL_HOST_HEADER = 'x-outpost-sts-host';

/** What happened, for the log line (never the URL's query). */
export type StsOutcome = 'ok' | 'redirect' | 'timeout' | 'unreachable' | 'too-large' | 'sts-error' | 'bad-response';

/** Every outcome but success. */
export type StsFailure = Exclude<StsOutcome, 'ok'>;

export type CallerIdentityResult =
  | { ok: true; identity: CallerIdentity }
  | { ok: false; outcome: StsFailure; reason: string; stsCode?: string };

export interface FetchCallerIdentityOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  /** Test-only (OUTPOST_TEST_STS_URL): send the request to this base URL instead of the URL's own origin. */
  overrideBaseUrl?: string;
}

export async function fetchCallerIdentity(url: URL, options: FetchCallerIdentityOptions = {}): Promise<CallerIdentityResult> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? STS_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? STS_MAX_BODY_BYTES;
  const target = options.overrideBaseUrl ? swapOrigin(url, options.overrideBaseUrl) : url.href;
  // fetch always sends the target's Host; a fake STS needs the signed one to check the signature.
  const headers: Record<string, string> = options.overrideBaseUrl
    ? { Accept: 'application/json', [ORIGINAL_HOST_HEADER]: url.host }
    : { Accept: 'application/json' };
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (outcome: StsFailure, reason: string): CallerIdentityResult => ({ ok: false, outcome, reason });
  let res: Response;
  try {
    res = await doFetch(target, { method: 'GET', headers, redirect: 'manual', signal });
  } catch (error) {
    if (isTimeout(error, signal)) return failed('timeout', `AWS STS at ${url.hostname} did not answer within ${timeoutMs / 1000} s`);
    return failed('unreachable', `the hub could not reach AWS STS at ${url.hostname} (${networkCause(error)})`);
  }
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    await discard(res);
    return failed('redirect', `AWS STS at ${url.hostname} answered with a redirect (HTTP ${res.status}); the hub never follows redirects`);
  }
  let text: string | null;
  try {
    text = await readCapped(res, maxBytes);
  } catch (error) {
    if (isTimeout(error, signal)) return failed('timeout', `AWS STS at ${url.hostname} did not finish answering within ${timeoutMs / 1000} s`);
    return failed('unreachable', `the answer of AWS STS at ${url.hostname} broke off (${networkCause(error)})`);
  }
  if (text === null) {
    return failed('too-large', `the answer of AWS STS at ${url.hostname} is larger than ${maxBytes / 1024} KiB; refused`);
  }
  return interpretStsAnswer(res.status, res.headers.get('content-type') ?? '', text, secretsOf(url));
}

/** Keeps path and query, replaces scheme, host and port (and prefixes the base's path, if any). */
export function swapOrigin(url: URL, baseUrl: string): string {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  return `${base.origin}${prefix}${url.pathname}${url.search}`;
}

const IdentityBody = Type.Object({
  GetCallerIdentityResponse: Type.Object({
    GetCallerIdentityResult: Type.Object({
      Account: Type.String({ minLength: 1, maxLength: 64 }),
      Arn: Type.String({ minLength: 1, maxLength: 2048 }),
      UserId: Type.Optional(Type.String({ maxLength: 2048 })),
    }),
  }),
});

const xml = new XMLParser({ parseTagValue: false, processEntities: false, ignoreAttributes: true, removeNSPrefix: true });

/** Status + body → identity or a readable refusal. `secrets` are scrubbed from any text quoted back. */
export function interpretStsAnswer(status: number, contentType: string, text: string, secrets: string[] = []): CallerIdentityResult {
  const body = parseBody(contentType, text);
  if (status !== 200) {
    const error = stsErrorOf(body);
    const code = error?.code ?? `HTTP ${status}`;
    const message = error?.message ? `: ${scrub(error.message, secrets)}` : '';
    const hint = STS_ERROR_HINTS[error?.code ?? ''] ?? '';
    return {
      ok: false,
      outcome: 'sts-error',
      stsCode: error?.code,
      reason: `AWS STS refused the pre-signed URL (HTTP ${status}, ${code}${message})${hint ? `; ${hint}` : ''}`,
    };
  }
  if (!Value.Check(IdentityBody, body)) {
    return { ok: false, outcome: 'bad-response', reason: 'AWS STS answered without a GetCallerIdentity result (Account and Arn); refused' };
  }
  const result = body.GetCallerIdentityResponse.GetCallerIdentityResult;
  return { ok: true, identity: { account: result.Account, arn: result.Arn, ...(result.UserId ? { userId: result.UserId } : {}) } };
}

/** What an operator should do about the STS error codes a bad pre-signed URL produces. */
const STS_ERROR_HINTS: Record<string, string> = {
  SignatureDoesNotMatch: 'the URL was changed after it was signed, or signed with the wrong secret key',
  InvalidClientTokenId: 'the access key in the URL is not known to AWS',
  ExpiredToken: 'the temporary credentials that signed the URL have expired; sign a fresh URL',
  IncompleteSignature: 'the URL is missing part of its SigV4 signature',
  AccessDenied: 'the credentials that signed the URL may not call sts:GetCallerIdentity, or the URL expired',
  RegionDisabledException: 'STS is not activated in the region the URL was signed for',
};

function parseBody(contentType: string, text: string): unknown {
  const trimmed = text.trimStart();
  try {
    if (contentType.includes('json') || trimmed.startsWith('{')) return JSON.parse(text) as unknown;
    if (trimmed.startsWith('<')) return xml.parse(text) as unknown;
  } catch {
    // An unreadable body is reported by the caller as "without a result" or by its status; nothing to keep.
    return undefined;
  }
  return undefined;
}

/** STS errors come as {Error:{Code,Message}} (JSON) or <ErrorResponse><Error>…</Error></ErrorResponse> (XML). */
function stsErrorOf(body: unknown): { code?: string; message?: string } | undefined {
  const root = field(body, 'ErrorResponse') ?? body;
  const error = field(root, 'Error');
  if (error === undefined) return undefined;
  const code = field(error, 'Code');
  const message = field(error, 'Message');
  return {
    code: typeof code === 'string' && /^[A-Za-z0-9.]{1,64}$/.test(code) ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The query values that must never be echoed: the signature and the session token, raw and encoded. */
function secretsOf(url: URL): string[] {
  const values = [url.searchParams.get('X-Amz-Signature'), url.searchParams.get('X-Amz-Security-Token')];
  return values.filter((v): v is string => Boolean(v)).flatMap((v) => [v, encodeURIComponent(v)]);
}

/** Some SigV4 errors quote the canonical request (which holds the token): cut there, drop secrets, cap the length. */
function scrub(message: string, secrets: string[]): string {
  let text = message.split(/The Canonical String|The String-to-Sign|canonical request/i)[0] ?? '';
  for (const secret of secrets) text = text.split(secret).join('[redacted]');
  text = [...text].map((c) => (c < ' ' || c === '\u007f' ? ' ' : c)).join('').replace(/ {2,}/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Reads at most `maxBytes`; null when the body is larger (the rest is not read). */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await discard(res);
    return null;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // The connection is being dropped anyway; a failed cancel leaves nothing to clean up.
  }
}

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
}

/** A short cause for a failed connection (ECONNREFUSED, ENOTFOUND, a TLS error) without the URL. */
function networkCause(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
