import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiTokenInput, ApiTokenList, CreatedApiToken, Empty } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { described, errorResponses } from '../http/responses.js';
import { listApiTokens } from '../store/api-tokens.js';
import { createApiToken, revokeApiToken, toApiTokenJson } from '../lifecycle/api-tokens.js';

export const API_TOKENS_PATH = '/api/v1alpha/api_tokens';
const TAGS = ['api tokens'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[0-9A-Za-z-]+$' }) });

/** Your personal API tokens in this organization (Outpost extension): create (the value is shown once), list, revoke. */
export const apiTokenRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  const { apiAuth } = services;

  app.get(API_TOKENS_PATH, { schema: { operationId: 'listApiTokens', tags: TAGS, summary: 'Your API tokens in this organization (name, created, last used; never the value)', response: { 200: described(ApiTokenList, 'your tokens, newest first'), ...errorResponses([401, 403]) } } }, async (request) => {
    const principal = await apiAuth.require(request, 'account.api_tokens.manage');
    return { tokens: (await listApiTokens(services.store.db, principal.orgId, principal.userId)).map(toApiTokenJson) };
  });

  app.post(API_TOKENS_PATH, { schema: { operationId: 'createApiToken', tags: TAGS, summary: 'Create a personal API token for this organization; its value is in this answer only', body: ApiTokenInput, response: { 200: described(CreatedApiToken, 'the token and its value'), ...errorResponses([400, 401, 403, 422]) } } }, async (request, reply) => {
    const principal = await apiAuth.require(request, 'account.api_tokens.manage');
    reply.header('cache-control', 'no-store');
    return createApiToken(services, principal, request.body);
  });

  app.delete(`${API_TOKENS_PATH}/:id`, { schema: { operationId: 'revokeApiToken', tags: TAGS, summary: 'Revoke one of your API tokens', params: IdParams, response: { 200: described(Empty, 'revoked'), ...errorResponses([401, 403, 404]) } } }, async (request) => {
    const principal = await apiAuth.require(request, 'account.api_tokens.manage');
    await revokeApiToken(services, principal, request.params.id);
    return {};
  });
};
