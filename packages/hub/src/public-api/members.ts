import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Empty, Member, MemberList, MemberRoleInput } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { described, errorResponses } from '../http/responses.js';
import { roleHasPermission } from '../auth/permissions.js';
import { listMembers, type MemberRow } from '../store/memberships.js';
import { removeMember, setMemberRole } from '../lifecycle/members.js';

export const MEMBERS_PATH = '/api/v1alpha/members';
const TAGS = ['people'];
const UserParams = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[0-9A-Za-z-]+$', description: 'a user id, or `me` for yourself' }) });

/**
 * The organization's people (Outpost extension): everyone may list them; owners and admins change roles and remove
 * people; anyone may leave (DELETE of their own id or `me`). Removing someone ends their sessions and API tokens here.
 */
export const memberRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  const { apiAuth } = services;

  app.get(MEMBERS_PATH, { schema: { operationId: 'listMembers', tags: TAGS, summary: "The organization's people and their roles", response: { 200: described(MemberList, 'every member, oldest first'), ...errorResponses([401, 403]) } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.people.view');
    return { members: (await listMembers(services.store.db, principal.orgId)).map(toMemberJson) };
  });

  app.patch(`${MEMBERS_PATH}/:user_id`, { schema: { operationId: 'setMemberRole', tags: TAGS, summary: "Change a member's role (only owners give or take the owner role; the last owner keeps it)", params: UserParams, body: MemberRoleInput, response: { 200: described(Member, 'the member with the new role'), ...errorResponses([400, 401, 403, 404, 409]) } } }, async (request) => {
    const principal = await apiAuth.require(request, 'organization.people.manage');
    const userId = request.params.user_id === 'me' ? principal.userId : request.params.user_id;
    return toMemberJson(await setMemberRole(services, principal, userId, request.body.role));
  });

  app.delete(`${MEMBERS_PATH}/:user_id`, { schema: { operationId: 'removeMember', tags: TAGS, summary: 'Remove a member, or leave (your own id or `me`); their sessions and API tokens in this organization end', params: UserParams, response: { 200: described(Empty, 'removed'), ...errorResponses([401, 403, 404, 409]) } } }, async (request) => {
    const caller = await apiAuth.authenticate(request);
    const leaving = request.params.user_id === 'me' || request.params.user_id === caller.userId;
    if (!leaving && !roleHasPermission(caller.role, 'organization.people.manage')) throw new HubError('FORBIDDEN', { permission: 'organization.people.manage' });
    await removeMember(services, caller, leaving ? caller.userId : request.params.user_id);
    return {};
  });
};

function toMemberJson(row: MemberRow): Member {
  return { user_id: row.userId, email: row.email, role: row.role, join_time: Math.floor(row.joinedAt / 1000) };
}
