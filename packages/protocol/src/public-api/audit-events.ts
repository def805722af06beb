import { Type, type Static } from '@sinclair/typebox';
import { AUDIT_PAGE_SIZE, PageCursor, PageSize } from './paging.js';

/** Outpost extension: GET /api/v1alpha/audit_events — who changed what (control-plane §3.6). Times are Unix seconds. */
export const AuditEvent = Type.Object({
  id: Type.String(),
  /** `user:<email>`, `agent:<name>` or `system`. */
  actor: Type.String(),
  /** e.g. `agent_type.created`, `agent_type.token_reset`, `agent.registered`, `agent.disabled`. */
  action: Type.String(),
  target: Type.Object({ type: Type.String(), name: Type.String() }),
  /** Action-specific facts (never a token). */
  details: Type.Record(Type.String(), Type.Unknown()),
  create_time: Type.Integer(),
}, { $id: 'AuditEvent' });
export type AuditEvent = Static<typeof AuditEvent>;

/** Newest first; a non-empty `next_page_token` means there are older events. */
export const AuditEventList = Type.Object({ events: Type.Array(AuditEvent), next_page_token: Type.String() }, { $id: 'AuditEventList' });
export type AuditEventList = Static<typeof AuditEventList>;

export const AuditEventListQuery = Type.Object({
  page_size: Type.Optional(PageSize(AUDIT_PAGE_SIZE)),
  page_token: Type.Optional(PageCursor('the `next_page_token` of the previous page')),
});
export type AuditEventListQuery = Static<typeof AuditEventListQuery>;
