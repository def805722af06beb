import type { FastifyPluginAsync } from 'fastify';
import type { HubServices } from '../services.js';

/** /api/v1alpha/*: Semaphore's v1alpha paths and JSON for agent types and agents, plus jobs, logs and audit. */
export const publicApiPlugin: FastifyPluginAsync<{ services: HubServices }> = async (_app, _opts) => {
  // Routes are registered by their files: agent-types.ts, agents.ts, jobs.ts, job-logs.ts, audit.ts.
};
