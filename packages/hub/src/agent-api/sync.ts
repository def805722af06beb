import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AGENT_API_PATHS, LONG_POLL_HEADER, LONG_POLL_SUPPORTED_HEADER, LongPollHeaders, parseLongPollWait, SyncRequest, SyncResponse } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { SMALL_BODY_LIMIT_BYTES } from '../http/body-limits.js';
import { hashToken, readAuthorization } from '../auth/tokens.js';
import { described, errorResponses } from '../http/responses.js';
import { formatSchemaErrors } from '../http/schema-errors.js';

/**
 * POST /api/v1/self_hosted_agents/sync (spec §1.3): always 200 with action, job_id, shutdown_reason and
 * next_sync_after. An agent that sends X-Outpost-Wait may be held until something concerns it (DESIGN §2); every
 * answer carries x-outpost-long-poll: 1 so an Outpost agent knows the hold is honoured.
 */
const NEVER_ABORTED = new AbortController().signal;

export const syncRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.sync, {
    bodyLimit: SMALL_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'syncAgent',
      tags: ['agent protocol'],
      summary: 'Report the agent’s state and receive the next action (the body arrives without a Content-Type)',
      security: [{ agentToken: [] }],
      headers: LongPollHeaders,
      body: SyncRequest,
      response: {
        200: described(SyncResponse, 'what the agent does next, and when it syncs again (next_sync_after, ms)'),
        ...errorResponses([400, 401, 413, 422], { 422: 'the body is not the JSON object the agent sends' }),
      },
    },
    // No token, no body read; the dispatcher's lookup by the token's hash below checks the token itself.
    // A callback hook: an async one costs a promise on the busiest route.
    onRequest: (request, _reply, done) => {
      done(readAuthorization(request.headers.authorization, 'Token') ? undefined : new HubError('UNAUTHENTICATED'));
    },
    schemaErrorFormatter: formatSchemaErrors({ subject: 'sync request' }),
  }, async (request, reply) => {
    // The dispatcher authenticates the sync by the token's hash (one lookup that also reads the agent).
    const token = readAuthorization(request.headers.authorization, 'Token');
    if (!token) throw new HubError('UNAUTHENTICATED');
    const requestedWaitMs = parseLongPollWait(request.headers[LONG_POLL_HEADER]);
    const accessTokenHash = hashToken(token);
    // A sync that is answered at once (every official agent's) needs no hang-up watch.
    if (requestedWaitMs === 0) {
      const answer = await services.dispatcher.sync({ accessTokenHash, request: request.body, requestedWaitMs, signal: NEVER_ABORTED });
      return reply.status(200).header(LONG_POLL_SUPPORTED_HEADER, '1').send(answer);
    }
    const hangUp = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableEnded) hangUp.abort();
    };
    reply.raw.once('close', onClose);
    try {
      const answer = await services.dispatcher.sync({ accessTokenHash, request: request.body, requestedWaitMs, signal: hangUp.signal });
      return reply.status(200).header(LONG_POLL_SUPPORTED_HEADER, '1').send(answer);
    } finally {
      reply.raw.removeListener('close', onClose);
    }
  });
};
