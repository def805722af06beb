import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LOG_EVENTS_PER_PUSH_MAX, LOG_PUSH_PATH, LogPushBody, LogPushParams, LogPushQuery } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { readAuthorization } from '../auth/tokens.js';
import { authenticateLogPush, pushJobLog } from '../lifecycle/job-logs.js';
import type { JobRow } from '../store/jobs.js';
import { errorResponses } from '../http/responses.js';
import { compileTypeBoxValidator } from '../http/validator-compiler.js';
import { NO_LOG_LINES, type LogLines } from '../store/log-lines.js';
import { readLogPushBody } from './log-push-body-policy.js';

// 2000 events of a few KiB each fit easily; the official agent's batches are far smaller (spec §4.3).
export const LOG_PUSH_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * POST /api/v1/logs/:jobId?start_from=N (spec §4.3–4.4): Bearer job token, NDJSON body, truncate-to-start_from
 * then append, exactly 200 when stored, 401 when the token expired (the agent calls /refresh), 422 once the
 * per-job budget is spent. The token is checked before the body is read: a stranger's 64 MiB costs nothing.
 * The body is read as bytes, whatever its Content-Type, and stored as it came (see log-push-body-policy.ts).
 */
export const logPushRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  const authenticated = new WeakMap<object, JobRow>();
  // This plugin's own parsers (Fastify scopes them to it): every body as a Buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post(LOG_PUSH_PATH(':jobId'), {
    onRequest: async (request) => {
      const { jobId } = request.params as { jobId: string };
      authenticated.set(request, await authenticateLogPush(services, jobId, readAuthorization(request.headers.authorization, 'Bearer')));
    },
    bodyLimit: LOG_PUSH_BODY_LIMIT_BYTES,
    // The body schema documents the text on the wire; the route reads the bytes itself.
    validatorCompiler: (route) => (route.httpPart === 'body' ? acceptBodyBytes : compileTypeBoxValidator(route as unknown as Parameters<typeof compileTypeBoxValidator>[0])),
    schema: {
      operationId: 'pushJobLog',
      tags: ['agent protocol'],
      summary: 'Store a batch of log events: truncate the job’s log to start_from, then append (the URL is the job’s logger.url)',
      security: [{ logToken: [] }],
      params: LogPushParams,
      querystring: LogPushQuery,
      body: { content: { 'text/plain': { schema: LogPushBody } } },
      response: {
        200: { description: 'stored (an empty body)', content: { 'text/plain': { schema: Type.String() } } },
        ...errorResponses([400, 401, 413, 422], {
          401: 'the log token is missing, wrong or expired, the job is unknown, or it finished more than 10 minutes ago',
          413: 'more than 2000 events in one push, or a body over 64 MiB',
          422: "the job's log reached its size budget and was trimmed: stop pushing",
        }),
      },
    },
  }, async (request, reply) => {
    const job = authenticated.get(request);
    if (!job) throw new HubError('INVALID_LOG_TOKEN', { jobId: request.params.jobId });
    const body = request.body as unknown as Buffer | undefined;
    const lines = readEvents(body);
    await pushJobLog(services, job, { startFrom: request.query.start_from, lines, bytes: body?.length ?? 0 });
    return reply.status(200).send('');
  });
};

const acceptBodyBytes = (body: unknown) => ({ value: body });

/** NDJSON: one JSON object with an `event` per non-empty line, kept as sent (key order and escaping intact). */
function readEvents(body: Buffer | undefined): LogLines {
  if (!body) return NO_LOG_LINES;
  const read = readLogPushBody(body, LOG_EVENTS_PER_PUSH_MAX);
  if (read.kind === 'bad-line') {
    throw new HubError('BAD_REQUEST', { detail: `line ${read.lineNumber} of the batch is not a JSON log event (an object with an "event" key)` });
  }
  if (read.kind === 'too-many') throw new HubError('TOO_MANY_EVENTS', { max: LOG_EVENTS_PER_PUSH_MAX, count: read.count });
  return read.lines;
}
