import type { Store } from '../store/database.js';
import { insertAuditEvent } from '../store/audit-events.js';
// A UUIDv7 keeps events of the same millisecond in the order they happened (the audit list pages by time, then id).
import { newTimeOrderedId } from '../ids/time-ordered-id.js';

export type AuditAction =
  | 'agent_type.created'
  | 'agent_type.updated'
  | 'agent_type.deleted'
  | 'agent_type.token_reset'
  | 'agent_type.agents_disabled'
  | 'agent.registered'
  | 'agent.disconnected'
  | 'agent.lost'
  | 'agent.disabled'
  | 'pipeline.run'
  | 'pipeline.stopped'
  | 'pipeline.rerun'
  | 'secret.created'
  | 'secret.updated'
  | 'secret.deleted'
  | 'project.created'
  | 'project.updated'
  | 'project.deleted'
  | 'project.webhook_secret_reset'
  | 'member.invited'
  | 'member.joined'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.left'
  | 'invitation.revoked'
  | 'organization.created'
  | 'api_token.created'
  | 'api_token.revoked';

export interface AuditEntry {
  orgId: string;
  /** `user:<email>`, `agent:<name>` or `system`. */
  actor: string;
  action: AuditAction;
  target: { type: 'agent_type' | 'agent' | 'pipeline' | 'secret' | 'project' | 'member' | 'invitation' | 'organization' | 'api_token'; name: string };
  /** Facts a reader needs; never a token. */
  details?: Record<string, string | number | boolean>;
}

/** Appends one event to the organization's audit log (read back through GET /api/v1alpha/audit_events). */
export async function recordAuditEvent(deps: { store: Store; now: () => number }, entry: AuditEntry): Promise<void> {
  const now = deps.now();
  await insertAuditEvent(deps.store.db, {
    id: newTimeOrderedId(now),
    org_id: entry.orgId,
    actor: entry.actor,
    action: entry.action,
    target_type: entry.target.type,
    target_name: entry.target.name,
    details: JSON.stringify(entry.details ?? {}),
    created_at: now,
  });
}
