import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER_NAME, SESSION_COOKIE_NAME, type Session } from '@outpost/protocol';
import { HubError, quoteInput } from '../errors.js';
import type { Store } from '../store/database.js';
import type { Principal } from '../store/principals.js';
import { deleteExpiredSessions, deleteSession, findLiveSession, findUserForSignIn, insertSession, updateSessionOrganization } from '../store/sessions.js';
import { listOrganizationsOfUser } from '../store/memberships.js';
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
  /** Opens a session for a user whose identity was proven otherwise (an accepted invitation). */
  open(request: FastifyRequest, user: SessionUser): Promise<{ session: Session; cookie: SessionCookie }>;
  /** Moves the request's session (CSRF-checked) to another organization of its user. */
  switchOrganization(request: FastifyRequest, orgId: string): Promise<Session>;
}

/** Who a new session is for, and in which organization with which role. */
export interface SessionUser {
  userId: string;
  email: string;
  orgId: string;
  orgName: string;
  role: Principal['role'];
}

interface SessionContext {
  db: Store['db'];
  now: () => number;
  ttlMs: number;
  /** A hash to check against when the email is unknown, so a wrong email costs as long as a wrong password. */
  decoyHash: () => Promise<string>;
}

export function createSessions(deps: { store: Store; now: () => number; ttlMs?: number }): Sessions {
  let decoyHash: Promise<string> | undefined;
  const ctx: SessionContext = {
    db: deps.store.db,
    now: deps.now,
    ttlMs: deps.ttlMs ?? SESSION_TTL_MS,
    decoyHash: () => (decoyHash ??= hashPassword(generateToken())),
  };

  return {
    async resolve(request): Promise<Principal | null> {
      const found = await lookup(ctx, request);
      if (!found) return null;
      checkCsrf(request, found.record.csrfToken);
      return found.record.principal;
    },
    signIn: (request, input) => signIn(ctx, request, input),
    open: (request, user) => openSession(ctx, request, user),
    switchOrganization: (request, orgId) => switchOrganization(ctx, request, orgId),
    async current(request) {
      const found = await lookup(ctx, request);
      return found ? toSessionJson(found.record) : null;
    },
    async signOut(request) {
      const found = await lookup(ctx, request);
      if (found) {
        checkCsrf(request, found.record.csrfToken);
        await deleteSession(ctx.db, hashToken(found.value));
        request.log.info({ userId: found.record.principal.userId }, 'signed out');
      }
      return sessionCookie(request, '', 0);
    },
  };
}

async function signIn(ctx: SessionContext, request: FastifyRequest, input: { email: string; password: string }): Promise<{ session: Session; cookie: SessionCookie }> {
  const user = await findUserForSignIn(ctx.db, input.email.trim());
  if (!user) {
    await verifyPassword(input.password, await ctx.decoyHash());
    throw new HubError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new HubError('INVALID_CREDENTIALS');
  if (user.orgId === undefined || user.orgName === undefined || user.role === undefined) throw new HubError('NO_ORGANIZATION');
  return openSession(ctx, request, { userId: user.userId, email: user.email, orgId: user.orgId, orgName: user.orgName, role: user.role });
}

async function openSession(ctx: SessionContext, request: FastifyRequest, user: SessionUser): Promise<{ session: Session; cookie: SessionCookie }> {
  const now = ctx.now();
  await deleteExpiredSessions(ctx.db, now);
  const value = generateToken();
  const csrfToken = generateToken();
  const expiresAt = now + ctx.ttlMs;
  await insertSession(ctx.db, { idHash: hashToken(value), userId: user.userId, orgId: user.orgId, csrfToken, createdAt: now, expiresAt });
  request.log.info({ userId: user.userId, orgId: user.orgId }, 'signed in');
  const principal = { email: user.email, role: user.role, orgId: user.orgId };
  return {
    session: toSessionJson({ principal, orgName: user.orgName, csrfToken, expiresAt }),
    cookie: sessionCookie(request, value, ctx.ttlMs),
  };
}

async function switchOrganization(ctx: SessionContext, request: FastifyRequest, orgId: string): Promise<Session> {
  const found = await lookup(ctx, request);
  if (!found) throw new HubError('NOT_SIGNED_IN');
  checkCsrf(request, found.record.csrfToken);
  const target = (await listOrganizationsOfUser(ctx.db, found.record.principal.userId)).find((org) => org.id === orgId);
  // Not a member there: the same answer as an organization that does not exist.
  if (!target) throw new HubError('NOT_FOUND', { what: `organization ${quoteInput(orgId)}` });
  await updateSessionOrganization(ctx.db, hashToken(found.value), orgId);
  request.log.info({ userId: found.record.principal.userId, orgId }, 'switched organization');
  const principal = { email: found.record.principal.email, role: target.role, orgId };
  return toSessionJson({ principal, orgName: target.name, csrfToken: found.record.csrfToken, expiresAt: found.record.expiresAt });
}

async function lookup(ctx: SessionContext, request: FastifyRequest) {
  const value = readSessionCookie(request);
  if (!value) return null;
  const record = await findLiveSession(ctx.db, hashToken(value), ctx.now());
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

interface SessionFacts {
  principal: Pick<Principal, 'email' | 'role' | 'orgId'>;
  orgName: string;
  csrfToken: string;
  expiresAt: number;
}

/** The session as the API answers it: who, which organization, the CSRF token, expiry in Unix seconds. */
function toSessionJson({ principal, orgName, csrfToken, expiresAt }: SessionFacts): Session {
  return {
    user: { email: principal.email, role: principal.role },
    organization: { id: principal.orgId, name: orgName },
    csrf_token: csrfToken,
    expires_at: Math.floor(expiresAt / 1000),
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
