import type { FastifyInstance } from 'fastify';

/** One year, the value HSTS preload lists ask for; subdomains are left alone (the hub may share a domain). */
export const HSTS_HEADER_VALUE = 'max-age=31536000';

/**
 * Every answer a browser received over HTTPS — served by the hub's own TLS, or by a trusted proxy that said so in
 * X-Forwarded-Proto — tells it to use HTTPS for this host from now on. Over plain HTTP the header means nothing, so
 * a hub that serves plain HTTP and trusts no proxy (no request of it can be HTTPS) installs no hook at all.
 */
export function installSecurityHeaders(app: FastifyInstance, reach: { servesHttps: boolean; trustsProxy: boolean }): void {
  if (!reach.servesHttps && !reach.trustsProxy) return;
  // A callback hook: an async one costs a promise on every request.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS_HEADER_VALUE);
    done();
  });
}
