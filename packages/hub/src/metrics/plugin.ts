import type { FastifyPluginAsync } from 'fastify';
import type { HubServices } from '../services.js';

/** GET /metrics in the Prometheus text format, for the hub's operators. */
export const metricsPlugin: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.get('/metrics', async (_request, reply) => {
    const body = await services.metrics.registry.metrics();
    return reply.type(services.metrics.registry.contentType).send(body);
  });
};
