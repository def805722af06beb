/** Cookie and CSRF rules for web UI sessions (pure). */

/** A session lasts a working week; signing in again starts a new one. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Methods that change state; with a session cookie they must carry the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/**
 * HttpOnly keeps scripts away from the cookie; SameSite=Lax keeps it off cross-site POSTs while links from chat or
 * mail into a job page still arrive signed in; Secure whenever the hub is reached over TLS.
 */
export function sessionCookieOptions(input: { secure: boolean; maxAgeMs: number }): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: input.secure, path: '/', maxAge: Math.max(0, Math.floor(input.maxAgeMs / 1000)) };
}

export type CsrfDecision = 'allow' | 'missing-token' | 'wrong-token';

/** Whether a cookie-authenticated request may proceed; `equal` compares in constant time. */
export function decideCsrf(input: {
  method: string;
  sentToken: string | undefined;
  sessionToken: string;
  equal: (a: string, b: string) => boolean;
}): CsrfDecision {
  if (!isStateChanging(input.method)) return 'allow';
  if (!input.sentToken) return 'missing-token';
  return input.equal(input.sentToken, input.sessionToken) ? 'allow' : 'wrong-token';
}
