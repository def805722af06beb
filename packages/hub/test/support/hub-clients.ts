import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { ErrorBody } from '@outpost/protocol';
import { postgresAvailable, type TestDialect } from './test-database.js';
import { startHub, type TestHub } from './start-hub.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { hashToken } from '../../src/auth/tokens.js';
import { insertApiToken, insertUser } from '../../src/store/organizations.js';
import type { Role } from '../../src/store/schema.js';

export const DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

/**
 * describe.each over both dialects (`%s` in the title is the dialect). A dialect that cannot run here — PostgreSQL
 * not answering on a laptop — still declares its suite, with describe.skip, so its tests show as skipped instead of
 * vanishing; under CI=true a missing PostgreSQL fails (postgresAvailable).
 */
export async function describeEachDialect(title: string, suite: (dialect: TestDialect) => void, dialects: readonly TestDialect[] = DIALECTS): Promise<void> {
  const postgres = await postgresAvailable();
  const runnable = dialects.filter((dialect) => dialect !== 'postgres' || postgres);
  const unavailable = dialects.filter((dialect) => !runnable.includes(dialect));
  if (runnable.length > 0) describe.each(runnable)(title, suite);
  if (unavailable.length > 0) describe.skip.each(unavailable)(title, suite);
}

/** A bad-input table row's answer: the status, an ErrorBody whose message holds `message`, and the code and field when given. */
export function expectErrorAnswer(res: Response, expected: { status: number; message: string; code?: string; field?: string }): void {
  expect(res.status).toBe(expected.status);
  expect(Value.Check(ErrorBody, res.body)).toBe(true);
  const error = res.body as ErrorBody;
  expect(error.message).toContain(expected.message);
  if (expected.code) expect(error.code).toBe(expected.code);
  if (expected.field) expect(error.field).toBe(expected.field);
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface Response {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/** A hub whose first-start owner has the API token ADMIN_TOKEN. */
export async function startHubWithAdmin(options: Parameters<typeof startHub>[0] = {}): Promise<TestHub> {
  return startHub({ ...options, env: { OUTPOST_BOOTSTRAP_TOKEN: ADMIN_TOKEN, ...options.env } });
}

/** Adds a user with `role` to the hub's (only) organization and returns an API token of theirs. */
export async function createUserToken(hub: TestHub, role: Role): Promise<string> {
  const db = hub.services.store.db;
  const org = await db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
  const userId = randomUUID();
  const token = randomBytes(24).toString('hex');
  await insertUser(db, { id: userId, orgId: org.id, email: `${role}-${userId.slice(0, 8)}@example.com`, passwordHash: await hashPassword('pw'), role, now: Date.now() });
  await insertApiToken(db, { id: randomUUID(), orgId: org.id, userId, name: 'test', tokenHash: hashToken(token), now: Date.now() });
  return token;
}

/** A public-API call as a user or script would make it (JSON with a Content-Type). */
export async function api(hub: TestHub, method: string, path: string, options: { token?: string | null; body?: unknown; rawBody?: string; contentType?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  if (token !== null) headers.authorization = `Token ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${hub.url}${path}`, { method, headers, body });
  return readResponse(res);
}

export async function createType(hub: TestHub, name: string, settings: Record<string, unknown> = {}): Promise<string> {
  const res = await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', { body: { metadata: { name }, spec: { agent_name_settings: settings } } });
  if (res.status !== 200) throw new Error(`create ${name}: ${res.status} ${res.text}`);
  return (res.body as { status: { registration_token: string } }).status.registration_token;
}

export const AGENT_USER_AGENT = 'SemaphoreAgent/v2.4.0';

/** The body the official agent sends, all ten keys in its order (spec §1.2). */
export function registerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: randomAgentName(),
    version: 'v2.4.0',
    pid: 4242,
    os: 'Ubuntu 24.04.1 LTS',
    arch: 'x86_64',
    hostname: 'build-host-1',
    single_job: false,
    idle_timeout: 0,
    interruption_grace_period: 0,
    job_id: '',
    ...overrides,
  };
}

/** What the official agent names itself when told nothing: 15 random bytes, URL-safe base64 (spec §5.2). */
export function randomAgentName(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * A request exactly as the official agent sends it: `Token` auth, `SemaphoreAgent/<v>` user agent and NO
 * Content-Type (a byte body carries none under fetch).
 */
export async function agentCall(hub: TestHub, path: string, token: string | null, body?: unknown, raw?: string): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': AGENT_USER_AGENT };
  if (token !== null) headers.authorization = `Token ${token}`;
  const text = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers, body: text === undefined ? undefined : new TextEncoder().encode(text) });
  return readResponse(res);
}

export async function register(hub: TestHub, registrationToken: string, overrides: Record<string, unknown> = {}): Promise<Response> {
  return agentCall(hub, '/api/v1/self_hosted_agents/register', registrationToken, registerBody(overrides));
}

async function readResponse(res: globalThis.Response): Promise<Response> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (disconnect answers plain text): the text itself is the body.
  }
  return { status: res.status, body, text, headers: res.headers };
}
