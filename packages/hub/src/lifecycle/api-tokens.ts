import { randomUUID } from 'node:crypto';
import type { ApiToken, CreatedApiToken } from '@outpost/protocol';
import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { hasControlCharacters } from '../auth/team-policy.js';
import type { Principal } from '../store/principals.js';
import { insertApiToken } from '../store/organizations.js';
import { deleteApiToken, type ApiTokenRow } from '../store/api-tokens.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now'>;

/** A personal API token of the caller in the caller's organization; its value is in this answer only. */
export async function createApiToken(deps: Deps, actor: Principal, input: { name: string }): Promise<CreatedApiToken> {
  const name = input.name.trim();
  if (name.length === 0 || hasControlCharacters(name)) throw new HubError('VALIDATION', { detail: 'the token name must be printable text' }, { field: 'name' });
  const token = generateToken();
  const now = deps.now();
  const id = randomUUID();
  await insertApiToken(deps.store.db, { id, orgId: actor.orgId, userId: actor.userId, name, tokenHash: hashToken(token), now });
  deps.log.info({ orgId: actor.orgId, userId: actor.userId, tokenId: id }, 'api token created');
  await audit(deps, actor, 'api_token.created', name, id);
  return { api_token: toApiTokenJson({ id, org_id: actor.orgId, user_id: actor.userId, name, created_at: now, last_used_at: null }), token };
}

export async function revokeApiToken(deps: Deps, actor: Principal, id: string): Promise<void> {
  const row = await deleteApiToken(deps.store.db, { orgId: actor.orgId, userId: actor.userId, id });
  if (!row) throw new HubError('NOT_FOUND', { what: 'API token' });
  deps.log.info({ orgId: actor.orgId, userId: actor.userId, tokenId: id }, 'api token revoked');
  await audit(deps, actor, 'api_token.revoked', row.name, id);
}

async function audit(deps: Deps, actor: Principal, action: 'api_token.created' | 'api_token.revoked', name: string, id: string): Promise<void> {
  await recordAuditEvent(deps, { orgId: actor.orgId, actor: `user:${actor.email}`, action, target: { type: 'api_token', name }, details: { id, owner: actor.email } });
}

export function toApiTokenJson(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    create_time: Math.floor(row.created_at / 1000),
    last_used_time: row.last_used_at === null ? 0 : Math.floor(row.last_used_at / 1000),
  };
}
