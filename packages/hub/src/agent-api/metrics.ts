import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AGENT_API_PATHS, AgentTypeMetrics } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { hashToken, readAuthorization } from '../auth/tokens.js';
import { findAgentTypeByTokenHash } from '../store/agent-types.js';
import { countTypeOccupancy } from '../store/queue-stats.js';
import { described, errorResponses } from '../http/responses.js';

/**
 * GET /api/v1/self_hosted_agents/metrics with the registration token (control-plane §6): what autoscalers such as
 * agent-aws-stack and the Kubernetes controller poll every 10 s.
 */
export const metricsRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.get(AGENT_API_PATHS.metrics, {
    schema: {
      operationId: 'getAgentTypeMetrics',
      tags: ['agent protocol'],
      summary: 'Queued and running jobs, idle and occupied agents of the type (for autoscalers)',
      security: [{ registrationToken: [] }],
      response: {
        200: described(AgentTypeMetrics, 'the counts of the type the registration token belongs to'),
        ...errorResponses([401, 404], { 404: 'the registration token is unknown or was reset' }),
      },
    },
  }, async (request, reply) => {
    const token = readAuthorization(request.headers.authorization, 'Token');
    if (!token) throw new HubError('REGISTRATION_TOKEN_MISSING');
    const type = await findAgentTypeByTokenHash(services.store.db, hashToken(token));
    if (!type) throw new HubError('INVALID_REGISTRATION_TOKEN');
    const counts = await countTypeOccupancy(services.store.db, type.id);
    return reply.status(200).send({
      jobs: { queued: counts.queued, running: counts.running },
      agents: { idle: counts.idle, occupied: counts.occupied },
    });
  });
};
