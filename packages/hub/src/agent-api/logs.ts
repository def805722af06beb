import type { FastifyPluginAsync } from 'fastify';
import { LOG_EVENTS_PER_PUSH_MAX } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { hashToken, readAuthorization, tokensEqual } from '../auth/tokens.js';
import { findJobById } from '../store/jobs.js';
import { appendLogEvents } from '../store/job-logs.js';
import { trimmedNotice } from '../lifecycle/log-budget-policy.js';

// 2000 events of a few KiB each fit easily; the official agent's batches are far smaller (spec §4.3).
export const LOG_PUSH_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

type PushRequest = { Params: { jobId: string }; Querystring: { start_from?: string } };

/**
 * POST /api/v1/logs/:jobId?start_from=N (spec §4.3–4.4): Bearer job token, NDJSON body, truncate-to-start_from
 * then append, exactly 200 when stored, 401 when the token expired (the agent calls /refresh), 422 once the
 * per-job budget is spent.
 */
export const logPushRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.post<PushRequest>('/api/v1/logs/:jobId', { bodyLimit: LOG_PUSH_BODY_LIMIT_BYTES }, async (request, reply) => {
    const { jobId } = request.params;
    const token = readAuthorization(request.headers.authorization, 'Bearer');
    if (!token) throw new HubError('INVALID_LOG_TOKEN', { jobId });
    const job = await findJobById(services.store.db, jobId);
    if (!job) throw new HubError('NOT_FOUND', { what: `job '${jobId}'` });
    const now = services.now();
    const valid = job.log_token_hash !== null && tokensEqual(hashToken(token), job.log_token_hash) && (job.log_token_expires_at ?? 0) > now;
    if (!valid) throw new HubError('INVALID_LOG_TOKEN', { jobId });

    const startFrom = parseStartFrom(request.query.start_from);
    const events = parseEvents(request.body);
    if (events.length > LOG_EVENTS_PER_PUSH_MAX) throw new HubError('TOO_MANY_EVENTS', { max: LOG_EVENTS_PER_PUSH_MAX, count: events.length });
    if (events.length === 0) return reply.status(200).send('');

    // A job's secret values never reach the store: masked here, with earlier events rewritten when a value spans pushes.
    const masked = await services.jobSecrets.maskPush(jobId, startFrom, events);
    const outcome = await appendLogEvents(services.store, {
      jobId, startFrom: masked.startFrom, events: masked.events, budgetBytes: services.config.logBudgetBytes, trimmedNotice: trimmedNotice(services.config.logBudgetBytes, now), now,
    });
    if (outcome.kind === 'no-such-job') throw new HubError('NOT_FOUND', { what: `job '${jobId}'` });
    if (outcome.kind === 'stored' || outcome.kind === 'trimmed') {
      services.metrics.logBytes.inc(Buffer.byteLength(request.body as string, 'utf8'));
      services.wakeups.notify(`job:${jobId}`);
    }
    if (outcome.kind === 'trimmed') request.log.warn({ jobId, budgetBytes: services.config.logBudgetBytes }, 'job log trimmed');
    if (outcome.kind !== 'stored') throw new HubError('LOG_BUDGET_SPENT', { jobId });
    return reply.status(200).send('');
  });
};

function parseStartFrom(raw: unknown): number {
  const text = typeof raw === 'string' ? raw : '';
  if (!/^\d{1,9}$/.test(text)) {
    throw new HubError('BAD_REQUEST', { detail: 'start_from must be the index of the first event of the batch, a whole number from 0' }, { field: 'start_from' });
  }
  return Number(text);
}

/** NDJSON: one JSON object with an `event` per non-empty line, kept as sent (key order and escaping intact). */
function parseEvents(body: unknown): string[] {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'string') throw new HubError('BAD_REQUEST', { detail: 'send the log events as text/plain, one JSON object per line' });
  const events: string[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) continue;
    if (!isLogEvent(line)) {
      throw new HubError('BAD_REQUEST', { detail: `line ${i + 1} of the batch is not a JSON log event (an object with an "event" key)` });
    }
    events.push(line);
  }
  return events;
}

function isLogEvent(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { event?: unknown }).event === 'string';
  } catch {
    // Unparseable: the caller answers 400 for the whole batch, storing nothing.
    return false;
  }
}
