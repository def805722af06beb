import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import formbody from '@fastify/formbody';
import type { Logger } from 'pino';
import { ERRORS, HubError } from './errors.js';
import type { HubServices } from './services.js';
import { agentApiPlugin } from './agent-api/plugin.js';
import { publicApiPlugin } from './public-api/plugin.js';
import { metricsPlugin } from './metrics/plugin.js';
import { webAssetsPlugin } from './web-assets/plugin.js';
import { sessionRoutes } from './public-api/session.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';

export interface AppOptions {
  log: Logger;
  https?: { cert: Buffer; key: Buffer };
  /** Whether to trust X-Forwarded-For from a proxy in front of the hub. */
  trustProxy?: boolean;
}

/** Builds the whole HTTP surface; tests build exactly what `outpost hub` runs. */
export async function buildApp(services: HubServices, options: AppOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    loggerInstance: options.log,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Our own onResponse hook logs each request once, at a level chosen by its status.
    logController: new LogController({ disableRequestLogging: true }),
    // The official agent gives up after 30 s; a held long-poll never gets near that.
    requestTimeout: 60_000,
    return503OnClosing: true,
  };
  const app = (options.https
    ? Fastify({ ...serverOptions, https: options.https } as FastifyServerOptions)
    : Fastify(serverOptions)) as unknown as FastifyInstance;

  installBodyParsers(app);
  installErrorHandling(app);
  installRequestLogging(app);

  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(agentApiPlugin, { services });
  await app.register(publicApiPlugin, { services });
  await app.register(metricsPlugin, { services });
  await app.register(sessionRoutes, { services });
  await app.register(webhookRoutes, { services });
  await app.register(webAssetsPlugin, { services });
  return app;
}

/**
 * The official agent posts JSON with no Content-Type (spec §1.1): any body that is not form data is read as text
 * and parsed as JSON where it looks like JSON. Log pushes (text/plain NDJSON) reach their route as a string.
 */
function installBodyParsers(app: FastifyInstance): void {
  app.register(formbody);
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain', '*'], { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const isLogPush = request.url.startsWith('/api/v1/logs/');
    if (isLogPush) return done(null, text);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (cause) {
      done(new HubError('INVALID_JSON', { detail: (cause as Error).message }), undefined);
    }
  });
}

function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HubError) {
      return reply.status(error.status).send({ message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) });
    }
    const err = error as { validation?: unknown; statusCode?: number; code?: string; message: string };
    if (err.validation) {
      return reply.status(400).send({ message: `the request is not valid: ${err.message}`, code: 'BAD_REQUEST' });
    }
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

/** 4xx at info, 5xx at error, the rest at debug; no headers, no bodies, no query strings. */
function installRequestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    request.log[level](
      { method: request.method, url: request.url.split('?')[0], statusCode: status, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}
