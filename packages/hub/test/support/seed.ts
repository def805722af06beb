import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateToken, hashToken } from '../../src/auth/tokens.js';
import type { Database } from '../../src/store/schema.js';

/**
 * Rows the dispatch tests need, written straight into the store: an organization with an owner and an API token,
 * agent types with registration tokens, and (for store suites) registered agents.
 */
export interface SeededOrg {
  orgId: string;
  userId: string;
  apiToken: string;
}

export interface SeededType {
  id: string;
  name: string;
  registrationToken: string;
}

export interface SeededAgent {
  id: string;
  name: string;
  accessToken: string;
}

export async function seedOrg(db: Kysely<Database>, now = Date.now()): Promise<SeededOrg> {
  const orgId = randomUUID();
  const userId = randomUUID();
  const apiToken = generateToken();
  await db.insertInto('organizations').values({ id: orgId, name: `org-${orgId.slice(0, 8)}`, created_at: now }).execute();
  await db
    .insertInto('users')
    .values({ id: userId, org_id: orgId, email: `owner-${orgId.slice(0, 8)}@example.com`, password_hash: 'x', role: 'owner', created_at: now })
    .execute();
  await db.insertInto('memberships').values({ org_id: orgId, user_id: userId, role: 'owner', created_at: now }).execute();
  await db
    .insertInto('api_tokens')
    .values({ id: randomUUID(), org_id: orgId, user_id: userId, name: 'test', token_hash: hashToken(apiToken), created_at: now, last_used_at: null })
    .execute();
  return { orgId, userId, apiToken };
}

export async function seedAgentType(
  db: Kysely<Database>,
  orgId: string,
  name: string,
  options: { releaseAfterSeconds?: number; now?: number } = {},
): Promise<SeededType> {
  const now = options.now ?? Date.now();
  const id = randomUUID();
  const registrationToken = generateToken();
  await db
    .insertInto('agent_types')
    .values({
      id,
      org_id: orgId,
      name,
      assignment_origin: 'assignment_origin_agent',
      aws_account_id: null,
      aws_role_name_patterns: null,
      release_after_s: options.releaseAfterSeconds ?? 0,
      registration_token_hash: hashToken(registrationToken),
      created_by: null,
      created_at: now,
      updated_at: now,
      token_reset_at: null,
    })
    .execute();
  return { id, name, registrationToken };
}

export async function seedAgent(
  db: Kysely<Database>,
  orgId: string,
  type: SeededType,
  options: { name?: string; singleJob?: boolean; requestedJobId?: string; now?: number } = {},
): Promise<SeededAgent> {
  const now = options.now ?? Date.now();
  const id = randomUUID();
  const accessToken = generateToken();
  const name = options.name ?? `agent-${id.slice(0, 8)}`;
  await db
    .insertInto('agents')
    .values({
      id,
      org_id: orgId,
      agent_type_id: type.id,
      name,
      status: 'registered',
      access_token_hash: hashToken(accessToken),
      version: 'v2.4.0',
      os: 'Ubuntu 24.04',
      arch: 'x86_64',
      hostname: 'seeded',
      ip_address: '127.0.0.1',
      pid: 1,
      user_agent: 'SemaphoreAgent/v2.4.0',
      single_job: options.singleJob ? 1 : 0,
      idle_timeout_s: 0,
      interruption_grace_period_s: 0,
      requested_job_id: options.requestedJobId ?? '',
      state: '',
      job_id: null,
      interrupted_at: null,
      connected_at: now,
      last_sync_at: null,
      last_state_change_at: now,
      disabled_at: null,
      disconnected_at: null,
      release_at: null,
    })
    .execute();
  return { id, name, accessToken };
}
