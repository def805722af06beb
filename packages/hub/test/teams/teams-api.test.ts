import { expect, it } from 'vitest';
import { api, describeEachDialect, expectErrorAnswer, startHubWithAdmin } from '../support/hub-clients.js';
import type { TestHub } from '../support/start-hub.js';

// Issue 13: invitations, members, roles, personal API tokens and organizations, through the public API.

interface Cookie { cookie: string; csrf: string }
type Created = { invitation: { id: string; email: string; role: string }; token: string; url: string; mail_sent: boolean };

async function invite(hub: TestHub, email: string, role: string, token?: string): Promise<Created> {
  const res = await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email, role }, token });
  if (res.status !== 200) throw new Error(`invite ${email}: ${res.status} ${res.text}`);
  return res.body as Created;
}

async function post(hub: TestHub, path: string, body: unknown, session?: Cookie, method = 'POST') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  const res = await fetch(`${hub.url}${path}`, { method, headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

async function accept(hub: TestHub, token: string, password: string): Promise<Cookie> {
  const res = await post(hub, '/api/v1alpha/invitations/accept', { token, password });
  if (res.status !== 200) throw new Error(`accept: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('outpost_session='))?.split(';')[0] ?? '';
  return { cookie, csrf: String(res.body.csrf_token) };
}

async function get(hub: TestHub, path: string, session: Cookie) {
  const res = await fetch(`${hub.url}${path}`, { headers: { cookie: session.cookie } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function memberId(hub: TestHub, email: string): Promise<string> {
  const list = (await api(hub, 'GET', '/api/v1alpha/members')).body as { members: { user_id: string; email: string }[] };
  const found = list.members.find((m) => m.email === email);
  if (!found) throw new Error(`no member ${email}`);
  return found.user_id;
}

await describeEachDialect('teams API (%s)', (dialect) => {
  it('invites a colleague, who accepts once, signs in with the member role and sees only what members may', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const created = await invite(hub, 'Grace@Example.test', 'member');
    expect(created.url).toBe(`${hub.url}/invitations/${created.token}`);
    expect(created.mail_sent).toBe(false);
    expect((await api(hub, 'GET', '/api/v1alpha/invitations')).body).toMatchObject({ invitations: [{ email: 'Grace@Example.test', role: 'member', invited_by: 'admin@outpost.local' }] });

    const preview = await post(hub, '/api/v1alpha/invitations/preview', { token: created.token });
    expect(preview.body).toMatchObject({ organization: { name: 'Outpost' }, email: 'Grace@Example.test', role: 'member', account_exists: false });
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/accept', { token: created.token, password: 'short' }) as never, { status: 422, message: 'at least 10 characters', field: 'password' });

    const grace = await accept(hub, created.token, 'grace hopper 1906');
    expect((await get(hub, '/api/v1alpha/session', grace)).body).toMatchObject({ user: { email: 'Grace@Example.test', role: 'member' }, organization: { name: 'Outpost' } });
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/accept', { token: created.token, password: 'grace hopper 1906' }) as never, { status: 410, message: 'already used or has expired', code: 'INVITATION_USED' });
    expect((await api(hub, 'GET', '/api/v1alpha/invitations')).body).toEqual({ invitations: [] });

    expect((await get(hub, '/api/v1alpha/self_hosted_agent_types', grace)).status).toBe(200);
    expect((await get(hub, '/api/v1alpha/members', grace)).body).toMatchObject({ members: [{ email: 'admin@outpost.local', role: 'owner' }, { email: 'Grace@Example.test', role: 'member' }] });
    expect((await post(hub, '/api/v1alpha/self_hosted_agent_types', { metadata: { name: 's1-grace' } }, grace)).status).toBe(403);
    expect((await post(hub, '/api/v1alpha/invitations', { email: 'x@example.test', role: 'member' }, grace)).body).toMatchObject({ code: 'FORBIDDEN', message: 'your role does not have the permission organization.people.manage' });
    expect((await get(hub, '/api/v1alpha/invitations', grace)).status).toBe(403);

    const again = await post(hub, '/api/v1alpha/session', { email: 'grace@example.test', password: 'grace hopper 1906' });
    expect(again.status).toBe(200);

    // The link's page is the web UI; its path is the token, which the request log must not keep.
    expect((await fetch(created.url, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect(hub.logLines.filter((line) => line.includes(created.token))).toEqual([]);
  });

  it('refuses links that are unknown, revoked or expired, and a second invitation or a member invited again', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock });
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/preview', { token: 'f'.repeat(64) }) as never, { status: 404, message: 'not valid', code: 'INVITATION_INVALID' });
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/preview', { token: 'not hex' }) as never, { status: 404, message: 'not valid' });
    const revoked = await invite(hub, 'r@example.test', 'member');
    expectErrorAnswer(await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email: 'R@example.test', role: 'admin' } }), { status: 409, message: 'already has a pending invitation', code: 'ALREADY_INVITED' });
    expect((await api(hub, 'DELETE', `/api/v1alpha/invitations/${revoked.invitation.id}`)).status).toBe(200);
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/preview', { token: revoked.token }) as never, { status: 404, message: 'not valid' });
    const expiring = await invite(hub, 'e@example.test', 'member');
    clock += 7 * 24 * 3600 * 1000 + 1;
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/accept', { token: expiring.token, password: 'long enough pw' }) as never, { status: 410, message: 'expired' });
    expectErrorAnswer(await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email: 'admin@outpost.local', role: 'member' } }), { status: 409, message: 'admin@outpost.local is already a member', code: 'ALREADY_MEMBER' });
    expectErrorAnswer(await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email: 'not-an-email', role: 'member' } }), { status: 422, message: 'is not an email address', field: 'email' });
    expectErrorAnswer(await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email: 'a@example.test', role: 'boss' } }), { status: 422, message: 'role', field: 'role' });
  });

  it('changes roles within the rules: only owners touch the owner role, and the last owner stays', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const admin = await accept(hub, (await invite(hub, 'adm@example.test', 'admin')).token, 'admin password 1');
    const memberCookie = await accept(hub, (await invite(hub, 'mem@example.test', 'member')).token, 'member password 1');
    const ownerId = await memberId(hub, 'admin@outpost.local');
    const memId = await memberId(hub, 'mem@example.test');

    expect((await post(hub, `/api/v1alpha/members/${memId}`, { role: 'admin' }, admin, 'PATCH')).body).toMatchObject({ email: 'mem@example.test', role: 'admin' });
    expect((await post(hub, `/api/v1alpha/members/${memId}`, { role: 'owner' }, admin, 'PATCH')).body).toMatchObject({ code: 'OWNER_ONLY' });
    expect((await post(hub, `/api/v1alpha/members/${ownerId}`, { role: 'member' }, admin, 'PATCH')).body).toMatchObject({ code: 'OWNER_ONLY' });
    expect((await post(hub, '/api/v1alpha/invitations', { email: 'o@example.test', role: 'owner' }, admin)).body).toMatchObject({ code: 'OWNER_ONLY' });
    expectErrorAnswer(await api(hub, 'PATCH', `/api/v1alpha/members/${ownerId}`, { body: { role: 'admin' } }), { status: 409, message: 'admin@outpost.local is the last owner', code: 'LAST_OWNER' });
    expectErrorAnswer(await api(hub, 'DELETE', '/api/v1alpha/members/me'), { status: 409, message: 'last owner' });
    expectErrorAnswer(await api(hub, 'PATCH', '/api/v1alpha/members/00000000-0000-0000-0000-000000000000', { body: { role: 'admin' } }), { status: 404, message: 'member was not found' });

    // A second owner lets the first step down.
    expect((await api(hub, 'PATCH', `/api/v1alpha/members/${memId}`, { body: { role: 'owner' } })).body).toMatchObject({ role: 'owner' });
    expect((await api(hub, 'PATCH', `/api/v1alpha/members/${ownerId}`, { body: { role: 'admin' } })).body).toMatchObject({ role: 'admin' });
    expect((await get(hub, '/api/v1alpha/session', memberCookie)).body).toMatchObject({ user: { role: 'owner' } });
  });

  it('ends the sessions and API tokens of a removed member, and lets a member leave', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const bob = await accept(hub, (await invite(hub, 'bob@example.test', 'admin')).token, 'bob password 12');
    const bobToken = (await post(hub, '/api/v1alpha/api_tokens', { name: 'laptop' }, bob)).body.token as string;
    expect((await api(hub, 'GET', '/api/v1alpha/members', { token: bobToken })).status).toBe(200);
    expect((await api(hub, 'DELETE', `/api/v1alpha/members/${await memberId(hub, 'bob@example.test')}`)).status).toBe(200);
    expect((await get(hub, '/api/v1alpha/session', bob)).status).toBe(401);
    expect((await api(hub, 'GET', '/api/v1alpha/members', { token: bobToken })).status).toBe(401);
    expectErrorAnswer(await post(hub, '/api/v1alpha/session', { email: 'bob@example.test', password: 'bob password 12' }) as never, { status: 403, message: 'belongs to no organization', code: 'NO_ORGANIZATION' });

    const carol = await accept(hub, (await invite(hub, 'carol@example.test', 'member')).token, 'carol password 1');
    expect((await post(hub, '/api/v1alpha/members/me', {}, carol, 'DELETE')).status).toBe(200);
    expect((await get(hub, '/api/v1alpha/session', carol)).status).toBe(401);
    const members = ((await api(hub, 'GET', '/api/v1alpha/members')).body as { members: { email: string }[] }).members.map((m) => m.email);
    expect(members).toEqual(['admin@outpost.local']);

    const actions = ((await api(hub, 'GET', '/api/v1alpha/audit_events')).body as { events: { action: string; target: { name: string } }[] }).events.map((e) => `${e.action} ${e.target.name}`);
    expect(actions).toEqual(expect.arrayContaining(['member.invited bob@example.test', 'member.joined bob@example.test', 'api_token.created laptop', 'member.removed bob@example.test', 'member.left carol@example.test']));
  });

  it('creates, lists and revokes personal API tokens; each person sees only their own', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock });
    clock += 1000;
    const created = await api(hub, 'POST', '/api/v1alpha/api_tokens', { body: { name: 'ci' } });
    const { api_token: apiToken, token } = created.body as { api_token: { id: string; name: string; last_used_time: number }; token: string };
    expect(apiToken).toMatchObject({ name: 'ci', last_used_time: 0 });
    clock += 5000;
    expect((await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types', { token })).status).toBe(200);
    const list = (await api(hub, 'GET', '/api/v1alpha/api_tokens')).body as { tokens: { id: string; name: string; last_used_time: number }[] };
    expect(list.tokens.map((t) => t.name)).toEqual(['ci', 'bootstrap']);
    expect(list.tokens[0]?.last_used_time).toBe(Math.floor(clock / 1000));
    expect(JSON.stringify(list)).not.toContain(token);
    // "Last used" is kept to the minute (store/api-token-use-policy.ts): a use 30 s later leaves it, one a minute later moves it.
    const firstUse = clock;
    const lastUsed = async () => ((await api(hub, 'GET', '/api/v1alpha/api_tokens')).body as { tokens: { last_used_time: number }[] }).tokens[0]?.last_used_time;
    clock += 30_000;
    expect((await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types', { token })).status).toBe(200);
    expect(await lastUsed()).toBe(Math.floor(firstUse / 1000));
    clock += 30_000;
    expect((await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types', { token })).status).toBe(200);
    expect(await lastUsed()).toBe(Math.floor(clock / 1000));

    const dave = await accept(hub, (await invite(hub, 'dave@example.test', 'member')).token, 'dave password 1');
    expect((await get(hub, '/api/v1alpha/api_tokens', dave)).body).toEqual({ tokens: [] });
    expect((await post(hub, `/api/v1alpha/api_tokens/${apiToken.id}`, {}, dave, 'DELETE')).status).toBe(404);

    expect((await api(hub, 'DELETE', `/api/v1alpha/api_tokens/${apiToken.id}`)).status).toBe(200);
    expectErrorAnswer(await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types', { token }), { status: 401, message: 'invalid or was revoked' });
    expectErrorAnswer(await api(hub, 'POST', '/api/v1alpha/api_tokens', { body: { name: '\u0007' } }), { status: 422, message: 'printable', field: 'name' });
  });

  it('creates a second organization, switches the session to it, and an existing account joins it by invitation', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const eve = await accept(hub, (await invite(hub, 'eve@example.test', 'member')).token, 'eve password 12');
    const created = await post(hub, '/api/v1alpha/organizations', { name: '  Platform team ' }, eve);
    expect(created.body).toMatchObject({ name: 'Platform team', role: 'owner' });
    const orgId = created.body.id as string;
    expect((await get(hub, '/api/v1alpha/organizations', eve)).body).toMatchObject({ organizations: [{ name: 'Outpost', role: 'member' }, { name: 'Platform team', role: 'owner' }] });
    expect((await post(hub, '/api/v1alpha/session/organization', { organization_id: orgId }, eve, 'PUT')).body).toMatchObject({ organization: { id: orgId, name: 'Platform team' }, user: { role: 'owner' } });
    expect((await get(hub, '/api/v1alpha/members', eve)).body).toMatchObject({ members: [{ email: 'eve@example.test', role: 'owner' }] });

    // Eve invites the hub's first owner into her organization; he joins with his existing password.
    const toAdmin = (await post(hub, '/api/v1alpha/invitations', { email: 'admin@outpost.local', role: 'admin' }, eve)).body as unknown as Created;
    expect((await post(hub, '/api/v1alpha/invitations/preview', { token: toAdmin.token })).body).toMatchObject({ account_exists: true, organization: { name: 'Platform team' } });
    expectErrorAnswer(await post(hub, '/api/v1alpha/invitations/accept', { token: toAdmin.token, password: 'wrong password' }) as never, { status: 401, message: 'email or password' });
    const ownerPassword = hub.printed.join('\n').match(/password (\S+)/)?.[1] ?? '';
    const adminInNew = await accept(hub, toAdmin.token, ownerPassword);
    expect((await get(hub, '/api/v1alpha/session', adminInNew)).body).toMatchObject({ organization: { name: 'Platform team' }, user: { role: 'admin' } });

    expect((await post(hub, '/api/v1alpha/session/organization', { organization_id: '00000000-0000-0000-0000-000000000000' }, eve, 'PUT')).status).toBe(404);
    expectErrorAnswer(await post(hub, '/api/v1alpha/organizations', { name: '   ' }, eve) as never, { status: 422, message: 'must not be empty', field: 'name' });
  });
});
