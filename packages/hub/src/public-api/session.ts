import type { FastifyPluginAsync } from 'fastify';
import { SignInInput } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';

/**
 * The web UI's session: POST signs in (email + password → HttpOnly cookie), GET says who is signed in and hands
 * out the CSRF token, DELETE signs out.
 */
export const sessionRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  const path = '/api/v1alpha/session';

  app.post(path, { schema: { body: SignInInput } }, async (request, reply) => {
    // A JSON content type cannot be sent cross-site without a CORS preflight, which this hub never grants.
    if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      throw new HubError('SIGN_IN_NEEDS_JSON');
    }
    const { session, cookie } = await services.sessions.signIn(request, request.body as SignInInput);
    reply.setCookie(cookie.name, cookie.value, cookie.options).header('cache-control', 'no-store');
    return session;
  });

  app.get(path, async (request, reply) => {
    const session = await services.sessions.current(request);
    if (!session) throw new HubError('NOT_SIGNED_IN');
    reply.header('cache-control', 'no-store');
    return session;
  });

  app.delete(path, async (request, reply) => {
    const cookie = await services.sessions.signOut(request);
    reply.setCookie(cookie.name, cookie.value, cookie.options);
    return {};
  });
};
