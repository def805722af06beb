import type { FastifyPluginAsync } from 'fastify';
import { AGENT_API_PATHS, type RefreshResponse } from '@outpost/protocol';
import type { HubServices } from '../services.js';

/** POST /api/v1/self_hosted_agents/refresh (spec §1.5): a new log token while a job is assigned, else 422. */
export const refreshRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.refresh, async (request, reply) => {
    const agent = await services.authenticateAgent(request);
    const answer: RefreshResponse = { token: await services.dispatcher.refreshLogToken(agent) };
    return reply.status(200).send(answer);
  });
};
