import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { dirname } from 'node:path';
import cookie from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { HubServices } from './services.js';
import type { TrustProxy } from './config.js';
import { agentApiPlugin } from './agent-api/plugin.js';
import { publicApiPlugin } from './public-api/plugin.js';
import { metricsPlugin } from './metrics/plugin.js';
import { webAssetsPlugin } from './web-assets/plugin.js';
import { agentDownloadsPlugin } from './agent-downloads/plugin.js';
import { sessionRoutes } from './public-api/session.js';
import { installBodyParsers } from './http/body-parsers.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './http/body-limits.js';
import { installErrorHandling, installRequestLogging } from './http/error-handler.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { createRequestLogger } from './http/request-logger.js';
import { compileTypeBoxValidator } from './http/validator-compiler.js';
import { formatSchemaErrors } from './http/schema-errors.js';
import { registerApiDocsUi, registerOpenApi } from './http/api-docs.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';

export interface AppOptions {
  log: Logger;
  https?: { cert: Buffer; key: Buffer };
  /** Which X-Forwarded-For entries to believe (config.ts TrustProxy); false: none. */
  trustProxy?: TrustProxy;
}

/** Builds the whole HTTP surface; tests build exactly what `outpost hub` runs. */
export async function buildApp(services: HubServices, options: AppOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    loggerInstance: options.log,
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    // Our own onResponse hook logs each request once, at a level chosen by its status.
    logController: new LogController({ disableRequestLogging: true }),
    // request.log makes its pino child (with the request id) only when a line is written.
    childLoggerFactory: createRequestLogger,
    // The official agent gives up after 30 s; a held long-poll never gets near that.
    requestTimeout: 60_000,
    return503OnClosing: true,
    // Every route declares its schemas (TypeBox, from @outpost/protocol); a failure becomes a HubError in plain words.
    schemaErrorFormatter: formatSchemaErrors(),
  };
  const app = (options.https
    ? Fastify({ ...serverOptions, https: options.https } as FastifyServerOptions)
    : Fastify(serverOptions)) as unknown as FastifyInstance;
  app.setValidatorCompiler(compileTypeBoxValidator);

  await installBodyParsers(app);
  installErrorHandling(app);
  installRequestLogging(app);
  installSecurityHeaders(app, { servesHttps: options.https !== undefined, trustsProxy: (options.trustProxy ?? false) !== false });
  // Before any route: the document is made from the routes as they are declared.
  await registerOpenApi(app);

  app.get('/healthz', {
    schema: {
      operationId: 'getHealth',
      tags: ['operations'],
      summary: 'Whether the hub answers (for load balancers)',
      security: [],
      response: { 200: Type.Object({ status: Type.Literal('ok') }, { description: 'the hub is up' }) },
    },
  }, async () => ({ status: 'ok' as const }));
  await app.register(agentApiPlugin, { services });
  // Only the API a browser calls reads or sets cookies: agents, webhooks and scrapers skip the plugin's two hooks.
  await app.register(async (browserApi) => {
    await browserApi.register(cookie);
    await browserApi.register(publicApiPlugin, { services });
    await browserApi.register(sessionRoutes, { services });
  });
  await app.register(metricsPlugin, { services });
  await app.register(webhookRoutes, { services });
  await registerApiDocsUi(app);
  await app.register(agentDownloadsPlugin, { downloadsDir: dirname(services.config.agentBundlePath), publicUrl: services.config.publicUrl });
  await app.register(webAssetsPlugin, { webDir: services.config.webDir, agentBundlePath: services.config.agentBundlePath });
  return app;
}

/** Fastify reads a bare hop count as "trust nothing" (it cannot check the peer), so hops become a function of the index. */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}
