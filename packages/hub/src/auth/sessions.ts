import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER_NAME, SESSION_COOKIE_NAME, type Session } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { Store } from '../store/database.js';
import type { Principal } from '../store/principals.js';
import { deleteExpiredSessions, deleteSession, findLiveSession, findUserForSignIn, insertSession } from '../store/sessions.js';
import type { SessionResolver } from './api-auth.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { decideCsrf, SESSION_TTL_MS, sessionCookieOptions, type CookieOptions } from './session-policy.js';
import { generateToken, hashToken, tokensEqual } from './tokens.js';

/** What the route hands to `reply.setCookie` (@fastify/cookie). */
export interface SessionCookie {
  name: string;
  value: string;
  options: CookieOptions;
}

export interface Sessions {
  /** For createApiAuth: the session's principal; a 403 CSRF error for a change without the session's token. */
  resolve: SessionResolver;
  /** Checks the password and opens a session; `cookie` is the session cookie to set. */
  signIn(request: FastifyRequest, input: { email: string; password: string }): Promise<{ session: Session; cookie: SessionCookie }>;
  /** The session the request's cookie names, or null. */
  current(request: FastifyRequest): Promise<Session | null>;
  /** Ends the request's session (CSRF-checked) and returns the cookie that clears it. */
  signOut(request: FastifyRequest): Promise<SessionCookie>;
}

export function createSessions(deps: { store: Store; now: () => number; ttlMs?: number }): Sessions {
  const db = deps.store.db;
  const ttlMs = deps.ttlMs ?? SESSION_TTL_MS;
  // A hash to check against when the email is unknown, so a wrong email costs as long as a wrong password.
  let decoyHash: Promise<string> | undefined;

  async function lookup(request: FastifyRequest) {
    const value = readSessionCookie(request);
    if (!value) return null;
    const record = await findLiveSession(db, hashToken(value), deps.now());
    return record ? { value, record } : null;
  }

  function checkCsrf(request: FastifyRequest, sessionToken: string): void {
    const sent = request.headers[CSRF_HEADER_NAME];
    const decision = decideCsrf({
      method: request.method,
      sentToken: typeof sent === 'string' ? sent : undefined,
      sessionToken,
      equal: tokensEqual,
    });
    if (decision !== 'allow') throw new HubError('CSRF');
  }

  return {
    async resolve(request): Promise<Principal | null> {
      const found = await lookup(request);
      if (!found) return null;
      checkCsrf(request, found.record.csrfToken);
      return found.record.principal;
    },

    async signIn(request, input) {
      const user = await findUserForSignIn(db, input.email.trim());
      if (!user) {
        decoyHash ??= hashPassword(generateToken());
        await verifyPassword(input.password, await decoyHash);
        throw new HubError('INVALID_CREDENTIALS');
      }
      if (!(await verifyPassword(input.password, user.passwordHash))) throw new HubError('INVALID_CREDENTIALS');
      const now = deps.now();
      await deleteExpiredSessions(db, now);
      const value = generateToken();
      const csrfToken = generateToken();
      const expiresAt = now + ttlMs;
      await insertSession(db, { idHash: hashToken(value), userId: user.userId, orgId: user.orgId, csrfToken, createdAt: now, expiresAt });
      request.log.info({ userId: user.userId, orgId: user.orgId }, 'signed in');
      return {
        session: {
          user: { email: user.email, role: user.role },
          organization: { id: user.orgId, name: user.orgName },
          csrf_token: csrfToken,
          expires_at: Math.floor(expiresAt / 1000),
        },
        cookie: sessionCookie(request, value, ttlMs),
      };
    },

    async current(request) {
      const found = await lookup(request);
      if (!found) return null;
      const { principal, orgName, csrfToken, expiresAt } = found.record;
      return {
        user: { email: principal.email, role: principal.role },
        organization: { id: principal.orgId, name: orgName },
        csrf_token: csrfToken,
        expires_at: Math.floor(expiresAt / 1000),
      };
    },

    async signOut(request) {
      const found = await lookup(request);
      if (found) {
        checkCsrf(request, found.record.csrfToken);
        await deleteSession(db, hashToken(found.value));
        request.log.info({ userId: found.record.principal.userId }, 'signed out');
      }
      return sessionCookie(request, '', 0);
    },
  };
}

function readSessionCookie(request: FastifyRequest): string | null {
  // @fastify/cookie parsed the Cookie header; the first of two cookies with one name wins, as browsers send the most specific first.
  const value = request.cookies[SESSION_COOKIE_NAME];
  // Our values are 64 hex characters; anything else cannot name a session.
  return value && /^[0-9a-f]{64}$/.test(value) ? value : null;
}

function sessionCookie(request: FastifyRequest, value: string, maxAgeMs: number): SessionCookie {
  return { name: SESSION_COOKIE_NAME, value, options: sessionCookieOptions({ secure: request.protocol === 'https', maxAgeMs }) };
}
