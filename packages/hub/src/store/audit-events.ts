import type { Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, Database } from './schema.js';

export type AuditEventRow = Selectable<AuditEventsTable>;

export async function insertAuditEvent(db: Kysely<Database>, row: AuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

/** Newest first; `before` is the keyset position (created_at, id) of the last event of the previous page. */
export async function listAuditEvents(
  db: Kysely<Database>,
  query: { orgId: string; limit: number; before?: { createdAt: number; id: string } },
): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_events').selectAll().where('org_id', '=', query.orgId);
  const before = query.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}
