import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestHookHandler } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { HubServices } from '../services.js';
import { agentTypeRoutes } from './agent-types.js';
import { agentRoutes } from './agents.js';
import { auditRoutes } from './audit.js';
import { jobRoutes } from './jobs.js';
import { jobLogRoutes } from './job-logs.js';
import { pipelineRoutes } from './pipelines.js';
import { secretRoutes } from './secrets.js';
import { commitStatusRoutes } from './commit-status.js';
import { projectRoutes } from './projects.js';
import { workflowRoutes } from './workflows.js';
import { memberRoutes } from './members.js';
import { invitationRoutes } from './invitations.js';
import { organizationRoutes } from './organizations.js';
import { apiTokenRoutes } from './api-tokens.js';

export const OPENAPI_PATH = '/api/v1alpha/openapi.json';

/** `security: []` in a route schema marks an operation anyone may call. */
const isPublicOperation = (security: readonly unknown[] | undefined) => Array.isArray(security) && security.length === 0;

/** /api/v1alpha/*: Semaphore's v1alpha paths and JSON for agent types and agents, plus jobs, logs and audit. */
export const publicApiPlugin: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  // Who calls is settled before the body is read: a stranger's megabyte of JSON is never parsed. Decided per route
  // when it is declared, so a request pays for neither the check nor a hook on a public operation.
  const authenticateFirst: onRequestHookHandler = (request, _reply, done) => {
    services.apiAuth.authenticate(request).then(() => done(), done);
  };
  app.addHook('onRoute', (route) => {
    if (isPublicOperation(route.schema?.security)) return;
    route.onRequest = [authenticateFirst, ...(route.onRequest === undefined ? [] : [route.onRequest].flat())];
  });
  // Routes are registered by their files: agent-types.ts, agents.ts, jobs.ts, job-logs.ts, audit.ts.
  await app.register(agentTypeRoutes, { services });
  await app.register(agentRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(jobRoutes, { services });
  await app.register(jobLogRoutes, { services });
  await app.register(pipelineRoutes, { services });
  await app.register(secretRoutes, { services });
  await app.register(projectRoutes, { services });
  await app.register(workflowRoutes, { services });
  await app.register(commitStatusRoutes, { services });
  await app.register(memberRoutes, { services });
  await app.register(invitationRoutes, { services });
  await app.register(organizationRoutes, { services });
  await app.register(apiTokenRoutes, { services });
  // The document describes the API to anyone who asks; it holds no organization's data, so it needs no token.
  app.get(OPENAPI_PATH, {
    schema: {
      operationId: 'getOpenApi',
      tags: ['meta'],
      summary: 'This document: OpenAPI 3.1, generated from the route schemas',
      security: [],
      response: { 200: Type.Object({ openapi: Type.String() }, { additionalProperties: true, description: 'the OpenAPI document' }) },
    },
  }, async () => app.swagger() as unknown as { openapi: string });
};
