import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { ERRORS, HubError } from '../errors.js';
import { redactUrl } from '../log.js';
import { isStorageError } from '../store/storage-error-policy.js';

// A full disk or a lost database connection usually passes within seconds; agents and clients retry after this.
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place errors become answers (STYLE §9.4): a HubError — schema failures included (schema-errors.ts) —
 * answers its status; an oversized body 413; another 4xx from Fastify keeps its status; a failure of the storage
 * itself a 503 with Retry-After (never a 500, which an agent or client takes as a rejection); anything else is a 500
 * that names the request and is logged with its stack.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HubError) {
      return reply.status(error.status).send({ message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) });
    }
    const err = error as { statusCode?: number; code?: string; message: string };
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ message: 'the request body is larger than the limit for this route', code: 'PAYLOAD_TOO_LARGE' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ message: err.message, code: 'BAD_REQUEST' });
    }
    if (isStorageError(error)) {
      request.log.warn({ err: error, reqId: request.id }, 'the store failed; answered 503');
      return reply.status(503).header('retry-after', String(STORE_RETRY_AFTER_SECONDS)).send({ message: ERRORS.STORE_UNAVAILABLE.message, code: 'STORE_UNAVAILABLE' });
    }
    request.log.error({ err: error, reqId: request.id }, 'request failed');
    return reply.status(500).send({ message: ERRORS.INTERNAL.message.replace('{requestId}', String(request.id)), code: 'INTERNAL' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ message: `there is no route ${request.method} ${request.url.split('?')[0]}`, code: 'ROUTE_NOT_FOUND' });
  });
}

/** 4xx at info, 5xx at error, the rest at debug; no headers, no bodies, no query strings, no invitation tokens. */
export function installRequestLogging(app: FastifyInstance): void {
  // A callback hook: an async one costs a promise on every request.
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    // Every sync passes here: build the entry only when it will be written.
    if ((request.log as Logger).isLevelEnabled(level)) {
      request.log[level](
        { method: request.method, url: redactUrl(request.url.split('?')[0] ?? ''), statusCode: status, ms: Math.round(reply.elapsedTime) },
        'request completed',
      );
    }
    done();
  });
}
