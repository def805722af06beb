import { expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { Project, ProjectList } from '@outpost/protocol';
import { api, describeEachDialect, createUserToken, startHubWithAdmin, expectErrorAnswer } from '../support/hub-clients.js';
import { placesHoldingInClear, TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { createProject, PROJECTS, projectBody } from '../support/projects-client.js';
import { openCredential, openWebhookSecret } from '../../src/lifecycle/projects.js';
import { findProjectByName } from '../../src/store/projects.js';
import type { TestHub } from '../support/start-hub.js';

const TOKEN = 'ghp_project-token-0123456789abcdefXYZ';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBvdXRwb3N0LXRlc3Qta2V5LW5vdC1yZWFsLTAxMjM0NTY3ODkAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

async function storedRow(hub: TestHub, name: string) {
  const org = await hub.services.store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
  const row = await findProjectByName(hub.services.store.db, org.id, name);
  if (!row) throw new Error(`no project ${name}`);
  return row;
}

await describeEachDialect('projects over the v1alpha API (%s)', (dialect) => {
  const start = () => startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
  // One hub for the whole table (a hub per row would hold a PostgreSQL pool each until the file ends).
  let shared: Promise<TestHub> | undefined;
  const sharedHub = () => (shared ??= startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY }, keepForFile: true }));

  it("creates a project in Semaphore's shape with defaults, shows the webhook secret once and the credential never", async () => {
    const hub = await start();
    const created = await api(hub, 'POST', PROJECTS, {
      body: projectBody('app', 'https://github.com/org/app.git', { credentials: { kind: 'token', token: TOKEN } }, { description: 'the app' }),
    });
    expect(created.status).toBe(200);
    const body = created.body as Project;
    expect(Value.Check(Project, body)).toBe(true);
    expect(body).toMatchObject({
      apiVersion: 'v1alpha',
      kind: 'Project',
      metadata: { name: 'app', id: expect.stringMatching(/^[0-9a-f-]{36}$/), description: 'the app', owner_id: expect.any(String) },
      spec: {
        repository: {
          url: 'https://github.com/org/app.git', run_on: ['branches', 'tags'], pipeline_file: '.semaphore/semaphore.yml', whitelist: { branches: [], tags: [] },
          status: { pipeline_files: [{ path: '.semaphore/semaphore.yml', level: 'pipeline' }] },
        },
      },
      status: { credentials: 'token', webhook_url: `${hub.url}/hooks/${body.metadata.id}`, webhook_secret: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const secret = body.status.webhook_secret ?? '';
    const byName = await api(hub, 'GET', `${PROJECTS}/app`);
    const byId = await api(hub, 'GET', `${PROJECTS}/${body.metadata.id}`);
    const listed = await api(hub, 'GET', PROJECTS);
    expect(Value.Check(ProjectList, listed.body)).toBe(true);
    const { webhook_secret: _shownOnce, ...statusAfter } = body.status;
    expect(byName.body).toEqual({ ...body, status: statusAfter });
    expect(byId.body).toEqual(byName.body);
    expect(listed.body).toEqual([byName.body]);
    for (const answer of [created, byName, byId, listed]) expect(answer.text).not.toContain(TOKEN);
    for (const answer of [byName, byId, listed]) expect(answer.text).not.toContain(secret);
    // Stored as envelopes bound to the project: opening gives the values back, the database holds neither in clear.
    const row = await storedRow(hub, 'app');
    expect(openCredential(hub.services.projectVault, row)).toEqual({ kind: 'token', token: TOKEN });
    expect(openWebhookSecret(hub.services.projectVault, row)).toBe(secret);
    expect(await placesHoldingInClear(hub, [TOKEN, secret])).toEqual([]);
  });

  it('keeps an SSH deploy key encrypted and refuses an envelope moved to another project', async () => {
    const hub = await start();
    await createProject(hub, 'one', 'git@github.com:org/one.git', { credentials: { kind: 'ssh_key', ssh_key: KEY } });
    await createProject(hub, 'two', 'git@github.com:org/two.git');
    const one = await storedRow(hub, 'one');
    const two = await storedRow(hub, 'two');
    expect(openCredential(hub.services.projectVault, one)).toEqual({ kind: 'ssh_key', sshKey: KEY });
    expect(await placesHoldingInClear(hub, ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'])).toEqual([]);
    expect(() => openCredential(hub.services.projectVault, { ...two, credential_kind: 'ssh_key', credential: one.credential })).toThrow(/key this hub does not have|were encrypted/);
  });

  it('updates with PATCH or PUT: given fields replace, the rest and the credentials stay; {kind: none} removes them', async () => {
    const hub = await start();
    const created = await createProject(hub, 'svc', 'https://github.com/org/svc.git', { credentials: { kind: 'token', token: TOKEN }, run_on: ['branches'] });
    const patched = await api(hub, 'PATCH', `${PROJECTS}/svc`, {
      body: projectBody('svc-renamed', 'https://github.com/org/svc2.git', { whitelist: { branches: ['main', '/^release-.*$/'] } }, { id: created.metadata.id }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      metadata: { name: 'svc-renamed', id: created.metadata.id },
      spec: { repository: { url: 'https://github.com/org/svc2.git', run_on: ['branches'], whitelist: { branches: ['main', '/^release-.*$/'], tags: [] } } },
      status: { credentials: 'token' },
    });
    expect((patched.body as Project).status.webhook_secret).toBeUndefined();
    expect(openCredential(hub.services.projectVault, await storedRow(hub, 'svc-renamed'))).toEqual({ kind: 'token', token: TOKEN });
    const put = await api(hub, 'PUT', `${PROJECTS}/${created.metadata.id}`, { body: projectBody('svc-renamed', 'https://github.com/org/svc2.git', { credentials: { kind: 'none' } }) });
    expect(put.body).toMatchObject({ status: { credentials: 'none' } });
    expect((await storedRow(hub, 'svc-renamed')).credential).toBeNull();
    // The webhook secret survives an update.
    expect(openWebhookSecret(hub.services.projectVault, await storedRow(hub, 'svc-renamed'))).toBe(created.status.webhook_secret);
  });

  it('resets the webhook secret (shown once), deletes a project, and audits each change', async () => {
    const hub = await start();
    const created = await createProject(hub, 'p', 'file:///srv/git/p.git');
    const reset = await api(hub, 'POST', `${PROJECTS}/p/reset_webhook_secret`);
    expect(reset.status).toBe(200);
    const fresh = (reset.body as Project).status.webhook_secret;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(created.status.webhook_secret);
    expect(openWebhookSecret(hub.services.projectVault, await storedRow(hub, 'p'))).toBe(fresh);
    expect((await api(hub, 'DELETE', `${PROJECTS}/p`)).body).toEqual({});
    expect((await api(hub, 'GET', `${PROJECTS}/p`)).status).toBe(404);
    const audit = (await api(hub, 'GET', '/api/v1alpha/audit_events')).body as { events: Array<{ action: string; target: { name: string } }> };
    expect(audit.events.map((e) => e.action)).toEqual(expect.arrayContaining(['project.created', 'project.webhook_secret_reset', 'project.deleted']));
    expect(JSON.stringify(audit)).not.toContain(fresh);
  });

  it('pages the list by name with x-has-more as sem reads it', async () => {
    const hub = await start();
    for (const name of ['c', 'a', 'b']) await createProject(hub, name, `https://example.com/org/${name}.git`);
    const first = await api(hub, 'GET', `${PROJECTS}?page_size=2`);
    expect((first.body as Project[]).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(first.headers.get('x-has-more')).toBe('true');
    const second = await api(hub, 'GET', `${PROJECTS}?page_size=2&page=2`);
    expect((second.body as Project[]).map((p) => p.metadata.name)).toEqual(['c']);
    expect(second.headers.get('x-has-more')).toBe('false');
  });

  it('lets members read projects but only owners and admins change them', async () => {
    const hub = await start();
    await createProject(hub, 'shared', 'https://example.com/org/shared.git');
    const member = await createUserToken(hub, 'member');
    expect((await api(hub, 'GET', `${PROJECTS}/shared`, { token: member })).status).toBe(200);
    const refused = await api(hub, 'POST', PROJECTS, { token: member, body: projectBody('mine', 'file:///etc/x.git') });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', message: 'your role does not have the permission organization.projects.manage' });
    expect((await api(hub, 'DELETE', `${PROJECTS}/shared`, { token: member })).status).toBe(403);
    expect((await api(hub, 'GET', PROJECTS, { token: null })).status).toBe(401);
  });

  it.each([
    { name: 'malformed JSON', method: 'POST', path: PROJECTS, raw: '{"metadata":', status: 400, code: 'INVALID_JSON', message: 'not valid JSON' },
    { name: 'no spec', method: 'POST', path: PROJECTS, body: { metadata: { name: 'x' } }, status: 422, code: 'VALIDATION', message: 'spec' },
    { name: 'no name', method: 'POST', path: PROJECTS, body: projectBody('', 'https://e.com/o/r.git'), status: 422, field: 'metadata.name', message: 'a project needs metadata.name' },
    { name: 'a name with spaces', method: 'POST', path: PROJECTS, body: projectBody('my app', 'https://e.com/o/r.git'), status: 422, field: 'metadata.name', message: 'is not a valid project name' },
    { name: 'a NUL byte in the name', method: 'POST', path: PROJECTS, body: projectBody('a\u0000b', 'https://e.com/o/r.git'), status: 422, field: 'metadata.name', message: 'metadata.name must not contain a NUL character' },
    { name: 'a name shaped like an id', method: 'POST', path: PROJECTS, body: projectBody('31887bfb-fac5-4f5b-9a6a-059ecebcc851', 'https://e.com/o/r.git'), status: 422, field: 'metadata.name', message: 'looks like a project id' },
    { name: 'no URL', method: 'POST', path: PROJECTS, body: { metadata: { name: 'x' }, spec: { repository: {} } }, status: 422, field: 'spec.repository.url', message: 'needs spec.repository.url' },
    { name: 'a URL with a password', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://me:pw@e.com/o/r.git'), status: 422, field: 'spec.repository.url', message: 'not in the URL' },
    { name: 'an ext:: URL', method: 'POST', path: PROJECTS, body: projectBody('x', 'ext::sh -c touch% /tmp/pwned'), status: 422, field: 'spec.repository.url', message: 'shell characters' },
    { name: 'an ssh host that is an option', method: 'POST', path: PROJECTS, body: projectBody('x', '-oProxyCommand=x:r.git'), status: 422, field: 'spec.repository.url', message: 'not a valid host name' },
    { name: 'an unknown run_on', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { run_on: ['commits'] }), status: 422, field: 'spec.repository.run_on[0]', message: 'is not a run_on value' },
    { name: 'forked pull requests', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { run_on: ['forked_pull_requests'] }), status: 422, field: 'spec.repository.run_on[0]', message: 'forked_pull_requests is not supported' },
    { name: 'a pipeline file outside the repository', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { pipeline_file: '../etc/passwd' }), status: 422, field: 'spec.repository.pipeline_file', message: 'plain path inside the repository' },
    { name: 'a bad whitelist regex', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { whitelist: { branches: ['/(/'] } }), status: 422, field: 'spec.repository.whitelist.branches[0]', message: 'not a valid regular expression' },
    { name: 'a whitelist name with shell characters', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { whitelist: { tags: ['$(id)'] } }), status: 422, field: 'spec.repository.whitelist.tags[0]', message: 'characters Outpost does not accept' },
    { name: 'a key for an https URL', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { credentials: { kind: 'ssh_key', ssh_key: KEY } }), status: 422, field: 'spec.repository.credentials', message: 'an ssh_key is for ssh URLs' },
    { name: 'a token over plain http', method: 'POST', path: PROJECTS, body: projectBody('x', 'http://e.com/o/r.git', { credentials: { kind: 'token', token: 't0k' } }), status: 422, field: 'spec.repository.credentials', message: 'in clear' },
    { name: 'a key that is not a key', method: 'POST', path: PROJECTS, body: projectBody('x', 'git@e.com:o/r.git', { credentials: { kind: 'ssh_key', ssh_key: 'hello' } }), status: 422, field: 'spec.repository.credentials.ssh_key', message: 'must be a private key' },
    { name: 'a token with a space', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { credentials: { kind: 'token', token: 'a b' } }), status: 422, field: 'spec.repository.credentials.token', message: 'one word' },
    { name: 'an unknown credential kind', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { credentials: { kind: 'password', password: 'x' } }), status: 422, code: 'VALIDATION', message: 'credentials' },
    { name: 'a NUL byte in integration_type', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', { integration_type: 'git\u0000' }), status: 422, field: 'spec.repository.integration_type', message: 'must not contain a NUL character' },
    { name: 'a wrong apiVersion', method: 'POST', path: PROJECTS, body: { ...projectBody('x', 'https://e.com/o/r.git'), apiVersion: 'v2' }, status: 422, field: 'apiVersion', message: 'apiVersion must be v1alpha' },
    { name: 'a taken name', method: 'POST', path: PROJECTS, body: projectBody('existing', 'https://e.com/o/r.git'), status: 409, code: 'PROJECT_EXISTS', message: "a project named 'existing' already exists" },
    { name: 'a body over the route limit', method: 'POST', path: PROJECTS, body: projectBody('x', 'https://e.com/o/r.git', {}, { description: 'd'.repeat(70_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'larger than the limit' },
    { name: 'an update that changes the URL to ssh while a token is kept', method: 'PATCH', path: `${PROJECTS}/existing`, body: projectBody('existing', 'git@e.com:o/r.git'), status: 422, field: 'spec.repository.credentials', message: 'a token is for https URLs' },
    { name: 'an update of a missing project', method: 'PATCH', path: `${PROJECTS}/nope`, body: projectBody('nope', 'https://e.com/o/r.git'), status: 404, code: 'NOT_FOUND', message: "project 'nope' was not found" },
    { name: 'a NUL byte in the path', method: 'GET', path: `${PROJECTS}/a%00b`, status: 400, code: 'BAD_REQUEST', message: 'must not contain a NUL character' },
    { name: 'a page of 0', method: 'GET', path: `${PROJECTS}?page=0`, status: 400, field: 'page', message: 'page must be a whole number' },
    { name: 'a page size beyond any integer', method: 'GET', path: `${PROJECTS}?page_size=999999999999999999`, status: 400, field: 'page_size', message: 'a whole number' },
    { name: 'a method the route does not have', method: 'POST', path: `${PROJECTS}/existing`, body: {}, status: 404, code: 'ROUTE_NOT_FOUND', message: 'there is no route POST' },
    { name: 'a secret reset of a missing project', method: 'POST', path: `${PROJECTS}/nope/reset_webhook_secret`, status: 404, code: 'NOT_FOUND', message: "project 'nope' was not found" },
    { name: 'a delete of a missing project', method: 'DELETE', path: `${PROJECTS}/31887bfb-fac5-4f5b-9a6a-059ecebcc851`, status: 404, code: 'NOT_FOUND', message: 'was not found' },
  ])('answers $status to $name, with a message', async ({ method, path, body, raw, status, code, field, message }) => {
    const hub = await sharedHub();
    if ((await api(hub, 'GET', `${PROJECTS}/existing`)).status === 404) await createProject(hub, 'existing', 'https://e.com/o/existing.git', { credentials: { kind: 'token', token: TOKEN } });
    const res = await api(hub, method, path, raw !== undefined ? { rawBody: raw } : { body });
    expectErrorAnswer(res, { status, message, code, field });
  });
});

await describeEachDialect('projects on PostgreSQL without OUTPOST_SECRETS_KEY (%s)', (dialect) => {
  it('refuse to be created (503 with what to set): their secrets could not be encrypted', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const refused = await api(hub, 'POST', PROJECTS, { body: projectBody('x', 'https://e.com/o/r.git') });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'SECRETS_OFF', message: expect.stringContaining('OUTPOST_SECRETS_KEY') });
  });
}, ['postgres']);
