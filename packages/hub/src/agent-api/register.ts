import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AGENT_API_PATHS, RegisterRequest, RegisterResponse } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { REGISTER_BODY_LIMIT_BYTES } from '../http/body-limits.js';
import { readAuthorization } from '../auth/tokens.js';
import { registerAgent } from '../lifecycle/agents.js';
import { described, errorResponses } from '../http/responses.js';
import { formatSchemaErrors } from '../http/schema-errors.js';
import { createRateLimiter } from './rate-limiter.js';

/** Per source IP: 60 at once, then 30 a second — far above the official agent's one try a second (spec §1.9). */
export const REGISTER_RATE = { perSecond: 30, burst: 60 };

/** POST /api/v1/self_hosted_agents/register (spec §1.2): 201 {name, token}. */
export const registerRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  const limiter = createRateLimiter(REGISTER_RATE, services.now);

  app.post(AGENT_API_PATHS.register, {
    bodyLimit: REGISTER_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'registerAgent',
      tags: ['agent protocol'],
      summary: 'Register an agent with its type’s registration token (the body arrives without a Content-Type)',
      security: [{ registrationToken: [] }],
      body: RegisterRequest,
      response: {
        201: described(RegisterResponse, 'the name the agent must use and its access token'),
        ...errorResponses([400, 401, 404, 413, 422, 429], {
          400: 'the name is taken or not allowed, or the requested job is not available',
          404: 'the registration token is unknown or was reset',
          422: 'the body is not the JSON object the agent sends',
        }),
      },
    },
    // The limit counts every attempt, readable or not, before the body is even parsed.
    onRequest: async (request, reply) => {
      const allowance = limiter.take(request.ip);
      if (!allowance.allowed) {
        reply.header('retry-after', String(allowance.retryAfterSeconds));
        throw new HubError('RATE_LIMITED', { seconds: allowance.retryAfterSeconds });
      }
      if (!readAuthorization(request.headers.authorization, 'Token')) throw new HubError('REGISTRATION_TOKEN_MISSING');
    },
    schemaErrorFormatter: formatSchemaErrors({ subject: 'register request' }),
    errorHandler: answerBadJsonWith422,
  }, async (request, reply) => {
    const token = readAuthorization(request.headers.authorization, 'Token');
    if (!token) throw new HubError('REGISTRATION_TOKEN_MISSING');
    const answer = await registerAgent(services, {
      registrationToken: token,
      request: request.body,
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
