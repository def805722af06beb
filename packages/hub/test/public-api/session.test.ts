import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { insertUser } from '../../src/store/organizations.js';
import { startHub, type TestHub } from '../support/start-hub.js';

const EMAIL = 'ada@example.test';
const PASSWORD = 'correct horse battery staple';

async function addUser(hub: TestHub, email = EMAIL, password = PASSWORD): Promise<void> {
  const db = hub.services.store.db;
  const now = Date.now();
  const orgId = `org-${Math.random().toString(36).slice(2)}`;
  await db.insertInto('organizations').values({ id: orgId, name: 'Analytical Engines', created_at: now }).execute();
  await insertUser(db, { id: `user-${orgId}`, orgId, email, passwordHash: await hashPassword(password), role: 'admin', now });
}

function signIn(hub: TestHub, body: unknown, contentType = 'application/json') {
  return fetch(`${hub.url}/api/v1alpha/session`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('outpost_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

function cookieValue(setCookie: string): string {
  return setCookie.split(';')[0]!.slice('outpost_session='.length);
}

async function signedIn(hub: TestHub): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn(hub, { email: EMAIL, password: PASSWORD });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrf_token: string };
  return { cookie: `outpost_session=${cookieValue(sessionCookie(res))}`, csrf: body.csrf_token };
}

describe('POST /api/v1alpha/session (sign in)', () => {
  it('opens a session: an HttpOnly, SameSite=Lax cookie (not Secure over http) and the CSRF token', async () => {
    const hub = await startHub();
    await addUser(hub);
    const res = await signIn(hub, { email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      user: { email: EMAIL, role: 'admin' },
      organization: { name: 'Analytical Engines' },
      csrf_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      expires_at: expect.any(Number),
    });
    const setCookie = sessionCookie(res);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Max-Age=604800/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(res.headers.get('cache-control')).toBe('no-store');

    // Stored hashed: the row holds the SHA-256 of the cookie, never the cookie itself.
    const value = cookieValue(setCookie);
    const rows = await hub.services.store.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).toBe(createHash('sha256').update(value).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(value);
  });

  it('matches the email without regard to case or surrounding spaces', async () => {
    const hub = await startHub();
    await addUser(hub);
    const res = await signIn(hub, { email: '  ADA@Example.TEST ', password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it.each([
    { name: 'a wrong password', body: { email: EMAIL, password: 'nope' } },
    { name: 'an unknown email', body: { email: 'bob@example.test', password: PASSWORD } },
  ])('refuses $name with 401 and the same message, setting no cookie', async ({ body }) => {
    const hub = await startHub();
    await addUser(hub);
    const res = await signIn(hub, body);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'the email or password is not right', code: 'INVALID_CREDENTIALS' });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    { name: 'an empty body', body: '', type: 'application/json', status: 400, message: /the request is not valid/ },
    { name: 'malformed JSON', body: '{"email":', type: 'application/json', status: 400, message: /not valid JSON/ },
    { name: 'no password', body: { email: EMAIL }, type: 'application/json', status: 400, message: /password/ },
    { name: 'an empty email', body: { email: '', password: 'x' }, type: 'application/json', status: 400, message: /email/ },
    { name: 'an object as the password', body: { email: EMAIL, password: { x: 1 } }, type: 'application/json', status: 400, message: /password/ },
    { name: 'an oversized password', body: { email: EMAIL, password: 'x'.repeat(2000) }, type: 'application/json', status: 400, message: /password may have at most 1024 characters; got 2000/ },
    { name: 'a JSON array', body: '[]', type: 'application/json', status: 400, message: /the request is not valid: the request body must be a JSON object/ },
    { name: 'an email that is a number', body: { email: 7, password: 'x' }, type: 'application/json', status: 400, message: /the request is not valid: email must be a string; got 7/ },
    {
      name: 'a form post (cross-site forms cannot send JSON)',
      body: `email=${encodeURIComponent(EMAIL)}&password=x`,
      type: 'application/x-www-form-urlencoded',
      status: 400,
      message: /as JSON/,
    },
    {
      name: 'a text/plain post (what a cross-site form can send)',
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      type: 'text/plain',
      status: 400,
      message: /as JSON/,
    },
  ])('answers $name with $status and a readable message', async ({ body, type, status, message }) => {
    const hub = await startHub();
    await addUser(hub);
    const res = await signIn(hub, body, type);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('never writes the password, the cookie or the CSRF token to the log', async () => {
    const hub = await startHub();
    await addUser(hub);
    const res = await signIn(hub, { email: EMAIL, password: PASSWORD });
    const { csrf_token } = (await res.json()) as { csrf_token: string };
    const value = cookieValue(sessionCookie(res));
    await fetch(`${hub.url}/api/v1alpha/session`, { headers: { cookie: `outpost_session=${value}` } });
    const log = hub.logLines.join('\n');
    expect(log).toContain('signed in');
    for (const secret of [PASSWORD, value, csrf_token, createHash('sha256').update(value).digest('hex')]) expect(log).not.toContain(secret);
  });
});

describe('GET /api/v1alpha/session (who am I)', () => {
  it('answers the signed-in user and the same CSRF token', async () => {
    const hub = await startHub();
    await addUser(hub);
    const { cookie, csrf } = await signedIn(hub);
    const res = await fetch(`${hub.url}/api/v1alpha/session`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: EMAIL }, csrf_token: csrf });
  });

  it.each([
    { name: 'no cookie', cookie: undefined },
    { name: 'a cookie that names no session', cookie: `outpost_session=${'a'.repeat(64)}` },
    { name: 'a malformed cookie', cookie: 'outpost_session=%%%; other=1' },
  ])('answers $name with 401 NOT_SIGNED_IN', async ({ cookie }) => {
    const hub = await startHub();
    const res = await fetch(`${hub.url}/api/v1alpha/session`, { headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'you are not signed in; sign in with your email and password', code: 'NOT_SIGNED_IN' });
  });

  it('forgets a session once it expires', async () => {
    let now = Date.now();
    const hub = await startHub({ now: () => now });
    await addUser(hub);
    const { cookie } = await signedIn(hub);
    now += 7 * 24 * 3600 * 1000;
    const res = await fetch(`${hub.url}/api/v1alpha/session`, { headers: { cookie } });
    expect(res.status).toBe(401);
  });
});

describe('DELETE /api/v1alpha/session (sign out)', () => {
  it.each<{ name: string; headers: Record<string, string> }>([
    { name: 'without the CSRF header', headers: {} },
    { name: 'with a wrong CSRF token', headers: { 'x-csrf-token': 'f'.repeat(64) } },
  ])('refuses $name with 403 and keeps the session', async ({ headers }) => {
    const hub = await startHub();
    await addUser(hub);
    const { cookie } = await signedIn(hub);
    const res = await fetch(`${hub.url}/api/v1alpha/session`, { method: 'DELETE', headers: { cookie, ...headers } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'CSRF' });
    expect((await fetch(`${hub.url}/api/v1alpha/session`, { headers: { cookie } })).status).toBe(200);
  });

  it('ends the session with the CSRF token: the row is gone and the cookie is cleared', async () => {
    const hub = await startHub();
    await addUser(hub);
    const { cookie, csrf } = await signedIn(hub);
    const res = await fetch(`${hub.url}/api/v1alpha/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toMatch(/^outpost_session=; Max-Age=0;/);
    expect(await hub.services.store.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect((await fetch(`${hub.url}/api/v1alpha/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('clears the cookie of a browser that has no live session, without asking for a CSRF token', async () => {
    const hub = await startHub();
    const res = await fetch(`${hub.url}/api/v1alpha/session`, { method: 'DELETE', headers: { cookie: `outpost_session=${'b'.repeat(64)}` } });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toMatch(/Max-Age=0/);
  });
});

describe('session cookies under TLS', () => {
  it('marks the cookie Secure when the hub serves HTTPS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-tls-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const hub = await startHub({ config: { tlsCertPath: cert, tlsKeyPath: key } });
      await addUser(hub);
      expect(hub.url).toMatch(/^https:/);
      const setCookie = await new Promise<string[]>((resolve, reject) => {
        const req = httpsRequest(
          `${hub.url}/api/v1alpha/session`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, rejectUnauthorized: false },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.headers['set-cookie'] ?? []));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ email: EMAIL, password: PASSWORD }));
      });
      expect(setCookie.find((c) => c.startsWith('outpost_session='))).toMatch(/; Secure/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the first owner signs in with OUTPOST_ADMIN_PASSWORD', () => {
  it('creates the owner with the password from the environment on the first start', async () => {
    const hub = await startHub({ env: { OUTPOST_ADMIN_PASSWORD: 'a long chosen password' } });
    const res = await signIn(hub, { email: 'admin@outpost.local', password: 'a long chosen password' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: 'admin@outpost.local', role: 'owner' } });
  });

  it('refuses to start with a password shorter than 12 characters', async () => {
    const error = await startHub({ env: { OUTPOST_ADMIN_PASSWORD: 'short' } }).then(() => null, (e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(`${error?.message} ${String(error?.cause)}`).toContain('OUTPOST_ADMIN_PASSWORD must be 12–1024 characters');
  });
});

describe('the public API with a session cookie', () => {
  const create = (hub: TestHub, headers: Record<string, string>, name: string) =>
    fetch(`${hub.url}/api/v1alpha/self_hosted_agent_types`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ metadata: { name } }),
    });

  it.each<{ name: string; csrf: (real: string) => string | undefined }>([
    { name: 'without the CSRF header', csrf: () => undefined },
    { name: 'with another session’s token', csrf: () => '0'.repeat(64) },
  ])('refuses a change $name with 403 and changes nothing', async ({ csrf }) => {
    const hub = await startHub();
    await addUser(hub);
    const session = await signedIn(hub);
    const sent = csrf(session.csrf);
    const res = await create(hub, { cookie: session.cookie, ...(sent ? { 'x-csrf-token': sent } : {}) }, 's1-csrf');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'CSRF', message: expect.stringContaining('CSRF token') });
    expect(await hub.services.store.db.selectFrom('agent_types').selectAll().execute()).toEqual([]);
  });

  it('accepts a change that carries the session’s CSRF token, and reads without one', async () => {
    const hub = await startHub();
    await addUser(hub);
    const session = await signedIn(hub);
    const res = await create(hub, { cookie: session.cookie, 'x-csrf-token': session.csrf }, 's1-from-the-ui');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ metadata: { name: 's1-from-the-ui' }, status: { registration_token: expect.any(String) } });
    const list = await fetch(`${hub.url}/api/v1alpha/self_hosted_agent_types`, { headers: { cookie: session.cookie } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { agent_types: unknown[] }).agent_types).toHaveLength(1);
  });

  it('answers a read without a session or token with 401, and one after sign-out too', async () => {
    const hub = await startHub();
    await addUser(hub);
    const session = await signedIn(hub);
    await fetch(`${hub.url}/api/v1alpha/session`, { method: 'DELETE', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
    const res = await fetch(`${hub.url}/api/v1alpha/self_hosted_agent_types`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(401);
  });

  it('gives a member who signs in the view permission only', async () => {
    const hub = await startHub();
    await addUser(hub);
    await hub.services.store.db.updateTable('memberships').set({ role: 'member' }).where('user_id', 'like', 'user-%').execute();
    const session = await signedIn(hub);
    const res = await create(hub, { cookie: session.cookie, 'x-csrf-token': session.csrf }, 's1-member');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await fetch(`${hub.url}/api/v1alpha/self_hosted_agent_types`, { headers: { cookie: session.cookie } })).status).toBe(200);
  });
});
