import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HubError } from '../errors.js';
import { notBuiltPage } from './not-built-page.js';
import { decideFallback } from './spa-policy.js';

export interface WebAssetsOptions {
  /** The built UI (HubConfig.webDir: packages/web/dist, or OUTPOST_WEB_DIR). */
  webDir: string;
  /** The single-file agent the install instructions download (HubConfig.agentBundlePath). */
  agentBundlePath: string;
}

export const AGENT_DOWNLOAD_PATH = '/downloads/agent.mjs';

// Vite's bundles only load from this origin; React sets styles through the CSSOM, which style-src does not govern.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the built web UI with an SPA fallback, and the agent download. */
export const webAssetsPlugin: FastifyPluginAsync<WebAssetsOptions> = async (app, opts) => {
  const { webDir, agentBundlePath } = opts;
  const built = existsSync(join(webDir, 'index.html'));

  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    // Routes for the files present at start; everything else falls through to the SPA route below.
    wildcard: false,
    index: false,
    serve: built,
    setHeaders: (reply, path) => {
      if (path.includes(`${join(webDir, 'assets')}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else securePageHeaders(reply);
    },
  });

  // Pages and files, not API operations: kept out of the API document.
  app.get(AGENT_DOWNLOAD_PATH, { schema: { hide: true } }, async (_request, reply) => {
    // Looked up per request: `npm run build` may produce the bundle while the hub runs.
    if (!existsSync(agentBundlePath)) throw new HubError('AGENT_BUNDLE_MISSING');
    reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'no-cache');
    return reply.sendFile(basename(agentBundlePath), dirname(agentBundlePath), { contentType: false });
  });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (decideFallback(request.method, request.url, request.headers.accept) === 'not-found') {
      throw new HubError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? '' });
    }
    securePageHeaders(reply);
    if (!built) return reply.status(503).type('text/html; charset=utf-8').send(notBuiltPage(webDir));
    return reply.sendFile('index.html');
  });
};

function securePageHeaders(reply: FastifyReply): void {
  reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY');
}
