import type { FastifyPluginAsync } from 'fastify';
import { AGENT_API_BASE } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { hubBaseUrl } from '../dispatch/job-payload.js';

/** GET /api/v1/self_hosted_agents/jobs/:id (spec §1.4, §3.5): fetching the job accepts the offer; 404 if not this agent's. */
export const agentJobRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.get<{ Params: { id: string } }>(`${AGENT_API_BASE}/jobs/:id`, async (request, reply) => {
    const agent = await services.authenticateAgent(request);
    const hubUrl = hubBaseUrl(services.config.publicUrl, { protocol: request.protocol, host: request.host });
    const payload = await services.dispatcher.acceptJob(agent, request.params.id, hubUrl);
    return reply.status(200).send(payload);
  });
};
