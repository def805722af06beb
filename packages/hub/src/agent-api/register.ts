import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AGENT_API_PATHS } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { readAuthorization } from '../auth/tokens.js';
import { registerAgent } from '../lifecycle/agents.js';
import { createRateLimiter } from './rate-limiter.js';

/** Per source IP: 60 at once, then 30 a second — far above the official agent's one try a second (spec §1.9). */
export const REGISTER_RATE = { perSecond: 30, burst: 60 };

/** POST /api/v1/self_hosted_agents/register (spec §1.2): 201 {name, token}. */
export const registerRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  const limiter = createRateLimiter(REGISTER_RATE, services.now);

  app.post(AGENT_API_PATHS.register, { errorHandler: answerBadJsonWith422 }, async (request, reply) => {
    const allowance = limiter.take(request.ip);
    if (!allowance.allowed) {
      reply.header('retry-after', String(allowance.retryAfterSeconds));
      throw new HubError('RATE_LIMITED', { seconds: allowance.retryAfterSeconds });
    }
    const token = readAuthorization(request.headers.authorization, 'Token');
    if (!token) throw new HubError('REGISTRATION_TOKEN_MISSING');
    const answer = await registerAgent(services, {
      registrationToken: token,
      body: request.body,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? '',
    });
    return reply.status(201).send(answer);
  });
};

/** Production answers an unreadable register body with 422 (spec §1.2); the shared parser says 400 elsewhere. */
function answerBadJsonWith422(error: FastifyError, _request: FastifyRequest, _reply: FastifyReply): never {
  if (error instanceof HubError && error.code === 'INVALID_JSON') {
    throw new HubError('VALIDATION', { detail: error.message.replace('the request body', 'the register request body') }, { field: 'body' });
  }
  throw error;
}
