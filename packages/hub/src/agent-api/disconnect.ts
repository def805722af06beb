import type { FastifyPluginAsync } from 'fastify';
import { AGENT_API_PATHS } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { disconnectAgent } from '../lifecycle/agents.js';

/** POST /api/v1/self_hosted_agents/disconnect (spec §1.6): no body; only 200 counts; the agent ignores the text. */
export const disconnectRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.disconnect, async (request, reply) => {
    const agent = await services.authenticateAgent(request);
    await disconnectAgent(services, agent);
    return reply.status(200).type('text/plain; charset=utf-8').send('disconnected');
  });
};
