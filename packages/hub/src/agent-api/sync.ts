import type { FastifyPluginAsync } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { AGENT_API_PATHS, LONG_POLL_HEADER, LONG_POLL_SUPPORTED_HEADER, parseLongPollWait, SyncRequest } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { hashToken, readAuthorization } from '../auth/tokens.js';

/**
 * POST /api/v1/self_hosted_agents/sync (spec §1.3): always 200 with action, job_id, shutdown_reason and
 * next_sync_after. An agent that sends X-Outpost-Wait may be held until something concerns it (DESIGN §2); every
 * answer carries x-outpost-long-poll: 1 so an Outpost agent knows the hold is honoured.
 */
export const syncRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.post(AGENT_API_PATHS.sync, async (request, reply) => {
    // The sync's own UPDATE authenticates it (one statement instead of two on the busiest route).
    const token = readAuthorization(request.headers.authorization, 'Token');
    if (!token) throw new HubError('UNAUTHENTICATED');
    const body = parseSyncRequest(request.body);
    const header = request.headers[LONG_POLL_HEADER];
    const requestedWaitMs = parseLongPollWait(Array.isArray(header) ? header[0] : header);
    const hangUp = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableEnded) hangUp.abort();
    };
    reply.raw.once('close', onClose);
    try {
      const answer = await services.dispatcher.sync({ accessTokenHash: hashToken(token), request: body, requestedWaitMs, signal: hangUp.signal });
      return reply.status(200).header(LONG_POLL_SUPPORTED_HEADER, '1').send(answer);
    } finally {
      reply.raw.removeListener('close', onClose);
    }
  });
};

export function parseSyncRequest(body: unknown): SyncRequest {
  if (Value.Check(SyncRequest, body)) return body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HubError('VALIDATION', { detail: 'the sync request body must be a JSON object with state, job_id, job_result and interrupted_at' }, { field: 'body' });
  }
  const first = Value.Errors(SyncRequest, body).First();
  const field = first?.path.replace(/^\//, '').replace(/\//g, '.') || 'body';
  throw new HubError('VALIDATION', { detail: `the sync request is not valid: ${field}: ${first?.message ?? 'unexpected shape'}` }, { field });
}
