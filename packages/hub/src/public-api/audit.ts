import type { FastifyPluginAsync } from 'fastify';
import type { AuditEvent, AuditEventList } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { listAuditEvents, type AuditEventRow } from '../store/audit-events.js';
import { AUDIT_PAGE_SIZE, decodeCursor, encodeCursor, parsePageSize } from './paging-policy.js';
import { toSeconds } from './agent-types.js';

/** GET /api/v1alpha/audit_events?page_size=&page_token= — newest first (Outpost extension). */
export const auditRoutes: FastifyPluginAsync<{ services: HubServices }> = async (app, { services }) => {
  app.get<{ Querystring: Record<string, unknown> }>('/api/v1alpha/audit_events', async (request): Promise<AuditEventList> => {
    const principal = await services.apiAuth.require(request, 'self_hosted_agents.view');
    const size = parsePageSize(request.query.page_size, AUDIT_PAGE_SIZE);
    if (!size.ok) throw new HubError('BAD_REQUEST', { detail: size.problem }, { field: 'page_size' });
    const token = decodeCursor(request.query.page_token);
    if (!token.ok) throw new HubError('BAD_REQUEST', { detail: token.problem }, { field: 'page_token' });
    const rows = await listAuditEvents(services.store.db, {
      orgId: principal.orgId,
      limit: size.size + 1,
      before: token.position ? { createdAt: token.position.at, id: token.position.id } : undefined,
    });
    const page = rows.slice(0, size.size);
    const last = page[page.length - 1];
    const more = rows.length > size.size && last !== undefined;
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
