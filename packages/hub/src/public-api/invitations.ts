import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AcceptInvitationInput, CreatedInvitation, Empty, InvitationInput, InvitationList, InvitationPreview, Session } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { described, errorResponses } from '../http/responses.js';
import { formatSchemaErrors } from '../http/schema-errors.js';
import { hubBaseUrl } from '../dispatch/job-payload.js';
import { listPendingInvitations } from '../store/invitations.js';
import { acceptInvitation, createInvitation, previewInvitation, revokeInvitation, toInvitationJson } from '../lifecycle/invitations.js';

export const INVITATIONS_PATH = '/api/v1alpha/invitations';
const TAGS = ['people'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[0-9A-Za-z-]+$' }) });
const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) });

/**
 * Invitations (Outpost extension): owners and admins create, list and revoke them; the one-time link's token is in
 * the create answer only. Previewing and accepting need no sign-in: the token is the proof, sent in a JSON body so
 * that it stays out of access logs.
 */
export const invitationRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  const { apiAuth } = services;

  app.get(INVITATIONS_PATH, { schema: { operationId: 'listInvitations', tags: TAGS, summary: 'Pending invitations (not accepted, not expired), newest first', response: { 200: described(InvitationList, 'the pending invitations'), ...errorResponses([401, 403]) } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.people.manage');
    return { invitations: (await listPendingInvitations(services.store.db, principal.orgId, services.now())).map(toInvitationJson) };
  });

  app.post(INVITATIONS_PATH, { schema: { operationId: 'createInvitation', tags: TAGS, summary: 'Invite a person by email with a role; answers the one-time link (mailed too when SMTP is configured)', body: InvitationInput, response: { 200: described(CreatedInvitation, 'the invitation and its one-time link'), ...errorResponses([400, 401, 403, 409, 422]) } } }, async (request, reply) => {
    const principal = await apiAuth.require(request, 'organization.people.manage');
    reply.header('cache-control', 'no-store');
    return createInvitation(services, principal, request.body, hubBaseUrl(services.config.publicUrl, request));
  });

  app.delete(`${INVITATIONS_PATH}/:id`, { schema: { operationId: 'revokeInvitation', tags: TAGS, summary: 'Revoke a pending invitation; its link stops working', params: IdParams, response: { 200: described(Empty, 'revoked'), ...errorResponses([401, 403, 404]) } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.people.manage');
    await revokeInvitation(services, principal, request.params.id);
    return {};
  });

  app.post(`${INVITATIONS_PATH}/preview`, { schema: { operationId: 'previewInvitation', tags: TAGS, summary: 'What an invitation link is for (organization, email, role), before accepting it', security: [], body: TokenBody, response: { 200: described(InvitationPreview, 'the invitation'), ...errorResponses([400, 404, 410]) } }, schemaErrorFormatter: formatSchemaErrors({ bodyCode: 'BAD_REQUEST' }) }, async (request) => {
    return previewInvitation(services, request.body.token);
  });

  app.post(`${INVITATIONS_PATH}/accept`, { schema: { operationId: 'acceptInvitation', tags: TAGS, summary: "Accept an invitation: a new account's password, or the existing account's; signs in (sets the session cookie)", security: [], body: AcceptInvitationInput, response: { 200: described(Session, 'the new session, in the organization of the invitation'), ...errorResponses([400, 401, 404, 409, 410, 422]) } }, schemaErrorFormatter: formatSchemaErrors({ bodyCode: 'BAD_REQUEST' }) }, async (request, reply) => {
    // As with sign-in: a JSON content type cannot be sent cross-site without a CORS preflight, which this hub never grants.
    if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HubError('SIGN_IN_NEEDS_JSON');
    const { session, cookie } = await acceptInvitation(services, request, request.body);
    reply.setCookie(cookie.name, cookie.value, cookie.options).header('cache-control', 'no-store');
    return session;
  });
};
