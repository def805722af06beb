import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Empty, Session, SignInInput } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { SMALL_BODY_LIMIT_BYTES } from '../http/body-limits.js';
import { described, errorResponses } from '../http/responses.js';
import type { TypeBoxApp } from '../http/typebox-app.js';
import { formatSchemaErrors } from '../http/schema-errors.js';
import { createSignInThrottle, type SignInThrottle } from '../auth/sign-in-throttle.js';

const PATH = '/api/v1alpha/session';
const TAGS = ['session'];

/**
 * The web UI's session: POST signs in (email + password → HttpOnly cookie), GET says who is signed in and hands
 * out the CSRF token, DELETE signs out.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  registerSignIn(app, services, createSignInThrottle(services.now));
  registerGetSession(app, services);
  registerSignOut(app, services);
};

function registerSignIn(app: TypeBoxApp, services: HubServices, throttle: SignInThrottle): void {
  app.post(PATH, {
    bodyLimit: SMALL_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'signIn',
      tags: TAGS,
      summary: 'Sign in to the web UI with email and password; sets the HttpOnly session cookie',
      security: [],
      body: SignInInput,
      response: {
        200: described(Session, 'who signed in, and the CSRF token to send with changes'),
        ...errorResponses([400, 401, 413, 429], { 429: 'too many failed sign-ins for the account or from the address: wait Retry-After seconds' }),
      },
    },
    schemaErrorFormatter: formatSchemaErrors({ bodyCode: 'BAD_REQUEST' }),
  }, async (request, reply) => {
    // A JSON content type cannot be sent cross-site without a CORS preflight, which this hub never grants.
    if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      throw new HubError('SIGN_IN_NEEDS_JSON');
    }
    const attempt = throttle.begin(request.body.email, request.ip);
    if (!attempt.allowed) {
      reply.header('retry-after', String(attempt.retryAfterSeconds));
      throw new HubError('SIGN_IN_THROTTLED', { seconds: attempt.retryAfterSeconds });
    }
    const { session, cookie } = await services.sessions.signIn(request, request.body);
    throttle.succeeded(request.body.email, request.ip);
    reply.setCookie(cookie.name, cookie.value, cookie.options).header('cache-control', 'no-store');
    return session;
  });
}

function registerGetSession(app: TypeBoxApp, services: HubServices): void {
  app.get(PATH, {
    schema: {
      operationId: 'getSession',
      tags: TAGS,
      summary: 'Who is signed in, and the CSRF token to send with changes',
      security: [{ sessionCookie: [] }],
      response: { 200: described(Session, 'the session of the cookie'), ...errorResponses([401]) },
    },
  }, async (request, reply) => {
    const session = await services.sessions.current(request);
    if (!session) throw new HubError('NOT_SIGNED_IN');
    reply.header('cache-control', 'no-store');
    return session;
  });
}

function registerSignOut(app: TypeBoxApp, services: HubServices): void {
  app.delete(PATH, {
    schema: {
      operationId: 'signOut',
      tags: TAGS,
      summary: 'Sign out (clears the session cookie)',
      security: [{ sessionCookie: [] }],
      response: { 200: described(Empty, 'signed out'), ...errorResponses([403]) },
    },
  }, async (request, reply) => {
    const cookie = await services.sessions.signOut(request);
    reply.setCookie(cookie.name, cookie.value, cookie.options);
    return {};
  });
}
