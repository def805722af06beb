import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AUDIT_PAGE_SIZE, AuditEventList, AuditEventListQuery, type AuditEvent } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { listAuditEvents, type AuditEventRow } from '../store/audit-events.js';
import { described, errorResponses } from '../http/responses.js';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging-policy.js';
import { toSeconds } from './agent-types.js';

/** GET /api/v1alpha/audit_events?page_size=&page_token= — newest first (Outpost extension). */
export const auditRoutes: FastifyPluginAsyncTypebox<{ services: HubServices }> = async (app, { services }) => {
  app.get('/api/v1alpha/audit_events', {
    schema: {
      operationId: 'listAuditEvents',
      tags: ['audit'],
      summary: 'Who changed what, newest first (Outpost extension)',
      querystring: AuditEventListQuery,
      response: { 200: described(AuditEventList, 'a page of audit events'), ...errorResponses([400, 401, 403]) },
    },
  }, async (request) => {
    const principal = await services.apiAuth.require(request, 'organization.audit.view');
    const size = pageSizeOf(request.query.page_size, AUDIT_PAGE_SIZE);
    const token = decodeCursor(request.query.page_token);
    if (!token.ok) throw new HubError('BAD_REQUEST', { detail: token.problem }, { field: 'page_token' });
    const rows = await listAuditEvents(services.store.db, {
      orgId: principal.orgId,
      limit: size + 1,
      before: token.position ? { createdAt: token.position.at, id: token.position.id } : undefined,
    });
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    const more = rows.length > size && last !== undefined;
    return { events: page.map(toAuditEventJson), next_page_token: more ? encodeCursor({ at: last.created_at, id: last.id }) : '' };
  });
};

function toAuditEventJson(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    actor: row.actor,
    action: row.action,
    target: { type: row.target_type, name: row.target_name },
    details: parseDetails(row.details),
    create_time: toSeconds(row.created_at),
  };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    // Only the hub writes this column; an unreadable value is shown as no details rather than failing the page.
    return {};
  }
}
