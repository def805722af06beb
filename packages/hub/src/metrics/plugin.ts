import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { HubServices } from '../services.js';
import { HubError } from '../errors.js';
import { hashToken, readAuthorization, tokensEqual } from '../auth/tokens.js';
import { errorResponses } from '../http/responses.js';
import { hasSeveralOrganizations } from '../store/organizations.js';

/**
 * GET /metrics in the Prometheus text format, for the hub's operators; behind a bearer token when one is configured,
 * and refused without one once a second organization exists (series are labelled with organization ids).
 */
export const metricsPlugin: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  const expectedHash = services.config.metricsToken ? hashToken(services.config.metricsToken) : undefined;
  app.get('/metrics', {
    schema: {
      operationId: 'getHubMetrics',
      tags: ['operations'],
      summary: "The hub's Prometheus metrics (syncs, held long-polls, job pickup, jobs finished, log bytes)",
      security: [{ metricsToken: [] }, {}],
      response: {
        200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: Type.String() } } },
        ...errorResponses([401], { 401: 'the request did not send OUTPOST_METRICS_TOKEN, or the hub has several organizations and sets none' }),
      },
    },
  }, async (request, reply) => {
    if (expectedHash) {
      const given = readAuthorization(request.headers.authorization, 'Bearer');
      if (!given || !tokensEqual(hashToken(given), expectedHash)) throw new HubError('METRICS_TOKEN_REQUIRED');
    } else if (await hasSeveralOrganizations(services.store.db)) {
      throw new HubError('METRICS_TOKEN_NOT_SET');
    }
    const body = await services.metrics.registry.metrics();
    return reply.type(services.metrics.registry.contentType).send(body);
  });
};
