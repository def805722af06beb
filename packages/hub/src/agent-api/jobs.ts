import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AGENT_API_BASE, AgentJobParams, JobRequest } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { hubBaseUrl } from '../dispatch/job-payload.js';
import { described, errorResponses } from '../http/responses.js';

/** GET /api/v1/self_hosted_agents/jobs/:id (spec §1.4, §3.5): fetching the job accepts the offer; 404 if not this agent's. */
export const agentJobRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.get(`${AGENT_API_BASE}/jobs/:id`, {
    schema: {
      operationId: 'getAgentJob',
      tags: ['agent protocol'],
      summary: 'Fetch the job of a run-job answer; fetching it accepts the offer',
      security: [{ agentToken: [] }],
      params: AgentJobParams,
      response: {
        200: described(JobRequest, 'the job to run: commands, env vars and files (base64), the log push URL and token'),
        ...errorResponses([401, 404], { 404: 'the job is not assigned to this agent' }),
      },
    },
  }, async (request, reply) => {
    const agent = await services.authenticateAgent(request);
    const hubUrl = hubBaseUrl(services.config.publicUrl, { protocol: request.protocol, host: request.host });
    const payload = await services.dispatcher.acceptJob(agent, request.params.id, hubUrl);
    return reply.status(200).send(payload);
  });
};
