import type {
  ApiTokenList,
  AuditEventList,
  CreatedApiToken,
  CreatedInvitation,
  InvitationList,
  InvitationPreview,
  Member,
  MemberList,
  Organization,
  OrganizationList,
  RoleName,
  Session,
} from '@outpost/protocol';
import { enc, errorFrom, type ApiClient } from './client.js';

export const listMembers = (client: ApiClient, signal?: AbortSignal) => client.get<MemberList>('/api/v1alpha/members', signal);
export const setMemberRole = (client: ApiClient, userId: string, role: RoleName) => client.send<Member>('PATCH', `/api/v1alpha/members/${enc(userId)}`, { role });
/** Removes someone, or with `me` leaves. */
export const removeMember = (client: ApiClient, userId: string) => client.send<unknown>('DELETE', `/api/v1alpha/members/${enc(userId)}`);

export const listInvitations = (client: ApiClient, signal?: AbortSignal) => client.get<InvitationList>('/api/v1alpha/invitations', signal);
export const createInvitation = (client: ApiClient, email: string, role: RoleName) => client.send<CreatedInvitation>('POST', '/api/v1alpha/invitations', { email, role });
export const revokeInvitation = (client: ApiClient, id: string) => client.send<unknown>('DELETE', `/api/v1alpha/invitations/${enc(id)}`);

export const listOrganizations = (client: ApiClient, signal?: AbortSignal) => client.get<OrganizationList>('/api/v1alpha/organizations', signal);
export const createOrganization = (client: ApiClient, name: string) => client.send<Organization>('POST', '/api/v1alpha/organizations', { name });
export const switchOrganization = (client: ApiClient, organizationId: string) =>
  client.send<Session>('PUT', '/api/v1alpha/session/organization', { organization_id: organizationId });

export const listApiTokens = (client: ApiClient, signal?: AbortSignal) => client.get<ApiTokenList>('/api/v1alpha/api_tokens', signal);
export const createApiToken = (client: ApiClient, name: string) => client.send<CreatedApiToken>('POST', '/api/v1alpha/api_tokens', { name });
export const revokeApiToken = (client: ApiClient, id: string) => client.send<unknown>('DELETE', `/api/v1alpha/api_tokens/${enc(id)}`);

export const listAuditEvents = (client: ApiClient, pageToken: string, signal?: AbortSignal) =>
  client.get<AuditEventList>(`/api/v1alpha/audit_events?page_size=50${pageToken ? `&page_token=${enc(pageToken)}` : ''}`, signal);

/** Before signing in: what an invitation link is for. Plain fetch, as there is no session yet. */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  return postJson<InvitationPreview>('/api/v1alpha/invitations/preview', { token });
}

/** Accepts the invitation and signs in (the hub sets the session cookie). */
export async function acceptInvitation(token: string, password: string): Promise<Session> {
  return postJson<Session>('/api/v1alpha/invitations/accept', { token, password });
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as T;
}
