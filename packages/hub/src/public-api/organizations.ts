import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Organization, OrganizationInput, OrganizationList, Session, SwitchOrganizationInput } from '@outpost/protocol';
import type { HubServices } from '../services.js';
import { described, errorResponses } from '../http/responses.js';
import { listOrganizationsOfUser } from '../store/memberships.js';
import { createOrganization } from '../lifecycle/organizations.js';

const TAGS = ['organizations'];

/**
 * Organizations (Outpost extension): the caller's organizations, creating one (the caller becomes its owner), and
 * switching the web session to another. An API token stays in the organization it was created in.
 */
export const organizationRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  const { apiAuth } = services;

  app.get('/api/v1alpha/organizations', { schema: { operationId: 'listOrganizations', tags: TAGS, summary: 'The organizations you belong to, with your role in each', response: { 200: described(OrganizationList, 'your organizations'), ...errorResponses([401]) } } }, async (request) => {
    const principal = await apiAuth.authenticate(request);
    return { organizations: await listOrganizationsOfUser(services.store.db, principal.userId) };
  });

  app.post('/api/v1alpha/organizations', { schema: { operationId: 'createOrganization', tags: TAGS, summary: 'Create an organization; you become its owner (it shares nothing with your other organizations)', body: OrganizationInput, response: { 200: described(Organization, 'the new organization'), ...errorResponses([400, 401, 403, 422]) } } }, async (request) => {
    const principal = await apiAuth.authenticate(request);
    return createOrganization(services, principal, request.body);
  });

  app.put('/api/v1alpha/session/organization', { schema: { operationId: 'switchOrganization', tags: ['session'], summary: 'Switch the web session to another of your organizations', security: [{ sessionCookie: [] }], body: SwitchOrganizationInput, response: { 200: described(Session, 'the session, now in that organization'), ...errorResponses([400, 401, 403, 404]) } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return services.sessions.switchOrganization(request, request.body.organization_id);
  });
};
