import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AGENT_API_PATHS } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { SMALL_BODY_LIMIT_BYTES } from '../http/body-limits.js';
import { disconnectAgent } from '../lifecycle/agents.js';
import { findHeldAgentByTokenHash } from '../store/agent-tokens.js';
import { hashToken, readAuthorization } from '../auth/tokens.js';
import { errorResponses } from '../http/responses.js';

/** POST /api/v1/self_hosted_agents/disconnect (spec §1.6): no body; only 200 counts; the agent ignores the text. */
export const disconnectRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.disconnect, {
    bodyLimit: SMALL_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'disconnectAgent',
      tags: ['agent protocol'],
      summary: 'The agent says goodbye; its name is freed or held for the type’s release_after',
      security: [{ agentToken: [] }],
      response: {
        200: { description: 'disconnected (a retry of a disconnect that already happened answers the same)', content: { 'text/plain': { schema: Type.String() } } },
        ...errorResponses([401]),
      },
    },
  }, async (request, reply) => {
    // A retry whose first attempt did reach us (the answer was lost) finds the name held: answer 200 again, or the
    // official agent would spend 100 × 1 s retrying before it exits.
    const held = await findHeldAgentByTokenHash(services.store.db, hashToken(readAuthorization(request.headers.authorization, 'Token') ?? ''));
    if (!held) await disconnectAgent(services, await services.authenticateAgent(request));
    return reply.status(200).type('text/plain; charset=utf-8').send('disconnected');
  });
};
