import type { FastifyPluginAsync } from 'fastify';
import type { HubServices } from '../services.js';

/** Serves the built packages/web with an SPA fallback (arrives with the web UI). */
export const webAssetsPlugin: FastifyPluginAsync<{ services: HubServices }> = async (_app, _opts) => {};
