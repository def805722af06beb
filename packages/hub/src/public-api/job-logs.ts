import { Readable } from 'node:stream';
import { createWake, waitOrWake } from '@outpost/protocol';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { findJobById, findJobInOrg } from '../store/jobs.js';
import { readLogEvents } from '../store/job-logs.js';

const PAGE_EVENTS = 5000;
// NOTIFY is a hint (another replica may have stored the events): a follower looks again at least this often.
const FOLLOW_RECHECK_MS = 2000;

type LogRequest = { Params: { id: string }; Querystring: { follow?: string; start_from?: string } };

/**
 * GET /api/v1alpha/logs/:id → {"events": [...]} streamed page by page (a 100 MB log never sits in memory), and
 * `?follow=true` → NDJSON, one event per line, new events as they arrive, until job_finished or the job ends.
 */
export const jobLogRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.get<LogRequest>('/api/v1alpha/logs/:id', async (request, reply) => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const job = await findJobInOrg(services.store.db, principal.orgId, request.params.id);
    if (!job) throw new HubError('NOT_FOUND', { what: `job '${request.params.id}'` });
    const startFrom = parseStartFrom(request.query.start_from);
    const follow = parseFollow(request.query.follow);
    const hangUp = watchHangUp(reply);
    if (follow) {
      return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-cache').send(Readable.from(followEvents(services, job.id, startFrom, hangUp)));
    }
    return reply.type('application/json; charset=utf-8').send(Readable.from(allEvents(services, job.id, startFrom, hangUp)));
  });
};

function parseStartFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new HubError('BAD_REQUEST', { detail: 'start_from must be a whole number from 0' }, { field: 'start_from' });
  return Number(raw);
}

function parseFollow(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new HubError('BAD_REQUEST', { detail: 'follow must be true or false' }, { field: 'follow' });
}

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
