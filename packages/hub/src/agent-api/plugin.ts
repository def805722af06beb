import type { FastifyPluginAsync } from 'fastify';
import type { HubServices } from '../services.js';
import { registerRoutes } from './register.js';
import { disconnectRoutes } from './disconnect.js';
import { syncRoutes } from './sync.js';
import { agentJobRoutes } from './jobs.js';
import { refreshRoutes } from './refresh.js';
import { metricsRoutes } from './metrics.js';
import { logPushRoutes } from './logs.js';

/** /api/v1/self_hosted_agents/* and the log push route: Semaphore's agent protocol (protocol/agent-api/README.md). */
export const agentApiPlugin: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  // Routes are registered by their files: register.ts, sync.ts, jobs.ts, refresh.ts, disconnect.ts, metrics.ts, logs.ts.
  await app.register(registerRoutes, { services });
  await app.register(disconnectRoutes, { services });
  await app.register(syncRoutes, { services });
  await app.register(agentJobRoutes, { services });
  await app.register(refreshRoutes, { services });
  await app.register(metricsRoutes, { services });
  await app.register(logPushRoutes, { services });
};
