import type { FastifyPluginAsync } from 'fastify';
import type { HubServices } from '../services.js';
import { HubError } from '../errors.js';
import { hashToken, readAuthorization, tokensEqual } from '../auth/tokens.js';

/** GET /metrics in the Prometheus text format, for the hub's operators; behind a bearer token when one is configured. */
export const metricsPlugin: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  const expectedHash = services.config.metricsToken ? hashToken(services.config.metricsToken) : undefined;
  app.get('/metrics', async (request, reply) => {
    if (expectedHash) {
      const given = readAuthorization(request.headers.authorization, 'Bearer');
      if (!given || !tokensEqual(hashToken(given), expectedHash)) throw new HubError('METRICS_TOKEN_REQUIRED');
    }
    const body = await services.metrics.registry.metrics();
    return reply.type(services.metrics.registry.contentType).send(body);
  });
};
