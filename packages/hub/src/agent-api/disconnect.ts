import type { FastifyPluginAsync } from 'fastify';
import { AGENT_API_PATHS } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { disconnectAgent } from '../lifecycle/agents.js';
import { findHeldAgentByTokenHash } from '../store/agent-tokens.js';
import { hashToken, readAuthorization } from '../auth/tokens.js';

/** POST /api/v1/self_hosted_agents/disconnect (spec §1.6): no body; only 200 counts; the agent ignores the text. */
export const disconnectRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.disconnect, async (request, reply) => {
    // A retry whose first attempt did reach us (the answer was lost) finds the name held: answer 200 again, or the
    // official agent would spend 100 × 1 s retrying before it exits.
    const held = await findHeldAgentByTokenHash(services.store.db, hashToken(readAuthorization(request.headers.authorization, 'Token') ?? ''));
    if (!held) await disconnectAgent(services, await services.authenticateAgent(request));
    return reply.status(200).type('text/plain; charset=utf-8').send('disconnected');
  });
};
