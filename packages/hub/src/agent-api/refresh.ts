import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AGENT_API_PATHS, RefreshResponse } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { SMALL_BODY_LIMIT_BYTES } from '../http/body-limits.js';
import { described, errorResponses } from '../http/responses.js';

/** POST /api/v1/self_hosted_agents/refresh (spec §1.5): a new log token while a job is assigned, else 422. */
export const refreshRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.refresh, {
    bodyLimit: SMALL_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'refreshLogToken',
      tags: ['agent protocol'],
      summary: 'A new log token for the agent’s assigned job (the agent calls it when a log push answers 401)',
      security: [{ agentToken: [] }],
      response: {
        200: described(RefreshResponse, 'the new log token'),
        ...errorResponses([401, 422], { 422: 'the agent has no assigned job' }),
      },
    },
  }, async (request, reply) => {
    const agent = await services.authenticateAgent(request);
    return reply.status(200).send({ token: await services.dispatcher.refreshLogToken(agent) });
  });
};
