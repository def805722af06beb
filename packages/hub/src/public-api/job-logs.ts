import { Readable } from 'node:stream';
import { createWake, waitOrWake, JobLog, JobLogQuery, JobParams } from '@outpost/protocol';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { findJobById, findJobInOrg } from '../store/jobs.js';
import { readLogEvents } from '../store/job-logs.js';
import { errorResponses } from '../http/responses.js';

const PAGE_EVENTS = 5000;
// NOTIFY is a hint (another replica may have stored the events): a follower looks again at least this often.
const FOLLOW_RECHECK_MS = 2000;

/**
 * GET /api/v1alpha/logs/:id → {"events": [...]} streamed page by page (a 100 MB log never sits in memory), and
 * `?follow=true` → NDJSON, one event per line, new events as they arrive, until job_finished or the job ends.
 */
export const jobLogRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.get('/api/v1alpha/logs/:id', {
    schema: {
      operationId: 'getJobLog',
      tags: ['jobs'],
      summary: "A job's log events",
      description: 'With `follow=true` the answer is NDJSON (one event per line), streamed until the job finishes.',
      params: JobParams,
      querystring: JobLogQuery,
      response: {
        200: {
          description: 'the events from start_from on',
          content: { 'application/json': { schema: JobLog }, 'application/x-ndjson': { schema: Type.String({ description: 'one event per line' }) } },
        },
        ...errorResponses([400, 401, 403, 404]),
      },
    },
  }, async (request, reply) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const job = await findJobInOrg(services.store.db, principal.orgId, request.params.id);
    if (!job) throw new HubError('NOT_FOUND', { what: `job '${request.params.id}'` });
    const startFrom = request.query.start_from ?? 0;
    const hangUp = watchHangUp(reply);
    // The answer is a stream, which the response schema documents but does not serialise.
    const streaming = reply as FastifyReply;
    if (request.query.follow) {
      return streaming.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-cache').send(Readable.from(followEvents(services, job.id, startFrom, hangUp)));
    }
    return streaming.type('application/json; charset=utf-8').send(Readable.from(allEvents(services, job.id, startFrom, hangUp)));
  });
};

function watchHangUp(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}

async function* allEvents(services: HubServices, jobId: string, startFrom: number, signal: AbortSignal): AsyncGenerator<string> {
  yield '{"events":[';
  let next = startFrom;
  let first = true;
  while (!signal.aborted) {
    const page = await readLogEvents(services.store.db, jobId, next, PAGE_EVENTS);
    if (page.length === 0) break;
    yield (first ? '' : ',') + page.map((row) => row.event).join(',');
    first = false;
    next = (page[page.length - 1]?.idx ?? next) + 1;
  }
  yield ']}';
}

async function* followEvents(services: HubServices, jobId: string, startFrom: number, signal: AbortSignal): AsyncGenerator<string> {
  let next = startFrom;
  let woken = false;
  const wake = createWake();
  const unsubscribe = services.wakeups.subscribe(`job:${jobId}`, () => {
    woken = true;
    wake.wake();
  });
  try {
    while (!signal.aborted) {
      woken = false;
      const page = await readLogEvents(services.store.db, jobId, next, PAGE_EVENTS);
      if (page.length > 0) {
        next = (page[page.length - 1]?.idx ?? next) + 1;
        const finishedAt = page.findIndex((row) => isJobFinished(row.event));
        const lines = finishedAt === -1 ? page : page.slice(0, finishedAt + 1);
        yield lines.map((row) => `${row.event}\n`).join('');
        if (finishedAt !== -1) return;
        continue;
      }
      const job = await findJobById(services.store.db, jobId);
      // The agent flushes its log before it reports finished-job (spec §4.3), so a finished job has nothing more.
      if (!job || job.state === 'finished') {
        if ((await readLogEvents(services.store.db, jobId, next, 1)).length === 0) return;
        continue;
      }
      if (woken) continue;
      await waitOrWake(FOLLOW_RECHECK_MS, signal, wake);
    }
  } finally {
    unsubscribe();
  }
}

function isJobFinished(event: string): boolean {
  if (!event.includes('job_finished')) return false;
  try {
    return (JSON.parse(event) as { event?: unknown }).event === 'job_finished';
  } catch {
    // Stored events were checked on the way in; an unreadable one is simply not the end.
    return false;
  }
}
