import type { FastifyInstance } from 'fastify';
import { ERRORS, HubError } from '../errors.js';
import { redactUrl } from '../log.js';

/**
 * The one place errors become answers (STYLE §9.4): a HubError — schema failures included (schema-errors.ts) —
 * answers its status; an oversized body 413; another 4xx from Fastify keeps its status; anything else is a 500
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
    request.log.error({ err: error, reqId: request.id }, 'request failed');
    return reply.status(500).send({ message: ERRORS.INTERNAL.message.replace('{requestId}', String(request.id)), code: 'INTERNAL' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ message: `there is no route ${request.method} ${request.url.split('?')[0]}`, code: 'ROUTE_NOT_FOUND' });
  });
}

/** 4xx at info, 5xx at error, the rest at debug; no headers, no bodies, no query strings, no invitation tokens. */
export function installRequestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    request.log[level](
      { method: request.method, url: redactUrl(request.url.split('?')[0] ?? ''), statusCode: status, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}
