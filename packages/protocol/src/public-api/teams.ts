import { Type, type Static } from '@sinclair/typebox';

/** Outpost extension (issue 13): people, organizations and personal API tokens. Times are Unix seconds. */

export const ROLE_NAMES = ['owner', 'admin', 'member'] as const;
export const RoleName = Type.Union(ROLE_NAMES.map((role) => Type.Literal(role)), { description: 'owner, admin or member' });
export type RoleName = Static<typeof RoleName>;

export const Member = Type.Object({
  user_id: Type.String(),
  email: Type.String(),
  role: RoleName,
  join_time: Type.Integer(),
}, { $id: 'Member' });
export type Member = Static<typeof Member>;

export const MemberList = Type.Object({ members: Type.Array(Member) }, { $id: 'MemberList' });
export type MemberList = Static<typeof MemberList>;

export const MemberRoleInput = Type.Object({ role: RoleName }, { $id: 'MemberRoleInput' });
export type MemberRoleInput = Static<typeof MemberRoleInput>;

export const InvitationInput = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  role: RoleName,
}, { $id: 'InvitationInput' });
export type InvitationInput = Static<typeof InvitationInput>;

export const Invitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleName,
  invited_by: Type.String(),
  create_time: Type.Integer(),
  expire_time: Type.Integer(),
}, { $id: 'Invitation' });
export type Invitation = Static<typeof Invitation>;

/** The answer of creating an invitation: the one-time link, shown only here. */
export const CreatedInvitation = Type.Object({
  invitation: Invitation,
  /** The token of the link; the hub keeps only its hash. */
  token: Type.String(),
  /** `<hub>/invitations/<token>`: send it to the person. */
  url: Type.String(),
  /** True when the hub mailed the link (SMTP configured). */
  mail_sent: Type.Boolean(),
}, { $id: 'CreatedInvitation' });
export type CreatedInvitation = Static<typeof CreatedInvitation>;

export const InvitationList = Type.Object({ invitations: Type.Array(Invitation) }, { $id: 'InvitationList' });
export type InvitationList = Static<typeof InvitationList>;

/** What the invitation page shows before the person accepts (no sign-in needed: the token is the proof). */
export const InvitationPreview = Type.Object({
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  email: Type.String(),
  role: RoleName,
  /** True when an account with this email exists: accepting then needs its password instead of a new one. */
  account_exists: Type.Boolean(),
  expire_time: Type.Integer(),
}, { $id: 'InvitationPreview' });
export type InvitationPreview = Static<typeof InvitationPreview>;

export const AcceptInvitationInput = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 128 }),
  /** The new account's password, or the existing account's. */
  password: Type.String({ minLength: 1, maxLength: 1024 }),
}, { $id: 'AcceptInvitationInput' });
export type AcceptInvitationInput = Static<typeof AcceptInvitationInput>;

export const Organization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The caller's role there. */
  role: RoleName,
}, { $id: 'Organization' });
export type Organization = Static<typeof Organization>;

export const OrganizationList = Type.Object({ organizations: Type.Array(Organization) }, { $id: 'OrganizationList' });
export type OrganizationList = Static<typeof OrganizationList>;

export const OrganizationInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { $id: 'OrganizationInput' });
export type OrganizationInput = Static<typeof OrganizationInput>;

export const SwitchOrganizationInput = Type.Object({ organization_id: Type.String({ minLength: 1, maxLength: 100 }) }, { $id: 'SwitchOrganizationInput' });
export type SwitchOrganizationInput = Static<typeof SwitchOrganizationInput>;

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  create_time: Type.Integer(),
  /** 0 when never used. */
  last_used_time: Type.Integer(),
}, { $id: 'ApiToken' });
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenList = Type.Object({ tokens: Type.Array(ApiToken) }, { $id: 'ApiTokenList' });
export type ApiTokenList = Static<typeof ApiTokenList>;

export const ApiTokenInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { $id: 'ApiTokenInput' });
export type ApiTokenInput = Static<typeof ApiTokenInput>;

/** The answer of creating a token: the only time its value is shown. */
export const CreatedApiToken = Type.Object({ api_token: ApiToken, token: Type.String() }, { $id: 'CreatedApiToken' });
export type CreatedApiToken = Static<typeof CreatedApiToken>;
