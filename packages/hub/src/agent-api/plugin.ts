import type { FastifyPluginAsync } from 'fastify';
import type { HubServices } from '../services.js';
import { registerRoutes } from './register.js';
import { disconnectRoutes } from './disconnect.js';

/** /api/v1/self_hosted_agents/* and the log push route: Semaphore's agent protocol (protocol/agent-api/README.md). */
export const agentApiPlugin: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  // Routes are registered by their files: register.ts, sync.ts, jobs.ts, refresh.ts, disconnect.ts, metrics.ts, logs.ts.
  await app.register(registerRoutes, { services });
  await app.register(disconnectRoutes, { services });
};
