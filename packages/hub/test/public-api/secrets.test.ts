import { expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { Secret, SecretList } from '@outpost/protocol';
import { api, describeEachDialect, createUserToken, startHubWithAdmin, expectErrorAnswer } from '../support/hub-clients.js';
import { b64, createSecret, placesHoldingInClear, SECRETS, TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { findSecretByName } from '../../src/store/secrets.js';
import type { TestHub } from '../support/start-hub.js';

const VALUE = 'AKIA-value-9f8e7d6c5b4a';
const FILE_TEXT = 'file-secret-body-0123456789abcdef\n';

async function stored(hub: TestHub, name: string) {
  const org = await hub.services.store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
  const row = await findSecretByName(hub.services.store.db, org.id, name);
  if (!row) throw new Error(`no secret ${name} in the store`);
  return { row, content: hub.services.secretVault.open(row) };
}

await describeEachDialect('secrets over the v1beta API (%s)', (dialect) => {
  const start = () => startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });

  it('creates a secret and answers it in Semaphore\'s shape with every value blank (write-only)', async () => {
    const hub = await start();
    const created = await api(hub, 'POST', SECRETS, {
      body: { apiVersion: 'v1beta', kind: 'Secret', metadata: { name: 'aws-keys' }, data: { env_vars: [{ name: 'AWS_KEY', value: VALUE }], files: [{ path: '.aws/config', content: b64(FILE_TEXT) }] } },
    });
    expect(created.status).toBe(200);
    const body = created.body as Secret;
    expect(Value.Check(Secret, body)).toBe(true);
    expect(body).toEqual({
      metadata: { name: 'aws-keys', id: expect.stringMatching(/^[0-9a-f-]{36}$/), create_time: expect.stringMatching(/^\d{10}$/), update_time: body.metadata.create_time, content_included: false, description: '' },
      data: { env_vars: [{ name: 'AWS_KEY', value: '' }], files: [{ path: '.aws/config', content: '' }] },
    });
    expect(Math.abs(Number(body.metadata.create_time) - Date.now() / 1000)).toBeLessThan(60);

    const byName = await api(hub, 'GET', `${SECRETS}/aws-keys`);
    const byId = await api(hub, 'GET', `${SECRETS}/${body.metadata.id}`);
    expect(byName.body).toEqual(body);
    expect(byId.body).toEqual(body);
    const listed = await api(hub, 'GET', SECRETS);
    expect(Value.Check(SecretList, listed.body)).toBe(true);
    expect(listed.body).toEqual({ secrets: [body], next_page_token: '' });
    for (const answer of [created, byName, byId, listed]) {
      expect(answer.text).not.toContain(VALUE);
      expect(answer.text).not.toContain(b64(FILE_TEXT));
    }
  });

  it('stores every value as its own AES-256-GCM envelope, never in clear in the database or the hub log', async () => {
    const hub = await start();
    await createSecret(hub, 'db', { env_vars: [{ name: 'DB_PASSWORD', value: VALUE }, { name: 'OTHER', value: VALUE }], files: [{ path: 'cert.pem', content: b64(FILE_TEXT) }] });
    const { row, content } = await stored(hub, 'db');
    const envelopes = JSON.parse(row.env_vars) as Array<{ name: string; value: string }>;
    expect(envelopes.map((e) => e.name)).toEqual(['DB_PASSWORD', 'OTHER']);
    expect(envelopes.every((e) => /^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/.test(e.value))).toBe(true);
    // Equal values encrypt differently (a nonce per value).
    expect(envelopes[0]?.value).not.toBe(envelopes[1]?.value);
    expect(row.key_id).toBe(hub.services.secretVault.keyId);
    expect(content.envVars.map((v) => v.value)).toEqual([VALUE, VALUE]);
    expect(content.files[0]?.content.toString('utf8')).toBe(FILE_TEXT);
    expect(await placesHoldingInClear(hub, [VALUE, FILE_TEXT.trim(), b64(FILE_TEXT)])).toEqual([]);
    // The search does find what is stored in clear: a variable's name.
    expect(await placesHoldingInClear(hub, ['DB_PASSWORD'])).not.toEqual([]);
  });

  it('updates with PATCH or PUT: renames, keeps blank values, replaces given ones, drops what is left out', async () => {
    const hub = await start();
    const created = await createSecret(hub, 'app', {
      env_vars: [{ name: 'KEEP', value: 'keep-this-value' }, { name: 'REPLACE', value: 'old-value-1' }, { name: 'DROP', value: 'drop-value-1' }],
      files: [{ path: 'keep.txt', content: b64('kept file') }, { path: 'drop.txt', content: b64('dropped file') }],
    });
    const patched = await api(hub, 'PATCH', `${SECRETS}/app`, {
      body: { metadata: { name: 'app-renamed', description: 'for the app' }, data: { env_vars: [{ name: 'KEEP', value: '' }, { name: 'REPLACE', value: 'new-value-2' }, { name: 'ADDED', value: 'added-value' }], files: [{ path: 'keep.txt', content: '' }] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      metadata: { name: 'app-renamed', id: created.metadata.id, description: 'for the app', content_included: false },
      data: { env_vars: [{ name: 'KEEP', value: '' }, { name: 'REPLACE', value: '' }, { name: 'ADDED', value: '' }], files: [{ path: 'keep.txt', content: '' }] },
    });
    const { content } = await stored(hub, 'app-renamed');
    expect(content.envVars).toEqual([{ name: 'KEEP', value: 'keep-this-value' }, { name: 'REPLACE', value: 'new-value-2' }, { name: 'ADDED', value: 'added-value' }]);
    expect(content.files.map((f) => [f.path, f.content.toString()])).toEqual([['keep.txt', 'kept file']]);
    expect((await api(hub, 'GET', `${SECRETS}/app`)).status).toBe(404);

    // PUT by id, with the body `get` answered (all blank): nothing changes but the description.
    const got = (await api(hub, 'GET', `${SECRETS}/${created.metadata.id}`)).body as Secret;
    const put = await api(hub, 'PUT', `${SECRETS}/${created.metadata.id}`, { body: { ...got, metadata: { ...got.metadata, description: 'edited' } } });
    expect(put.status).toBe(200);
    expect((await stored(hub, 'app-renamed')).content.envVars.map((v) => v.value)).toEqual(['keep-this-value', 'new-value-2', 'added-value']);

    // Without data, the content stays.
    expect((await api(hub, 'PATCH', `${SECRETS}/app-renamed`, { body: { metadata: { name: 'app' } } })).status).toBe(200);
    expect((await stored(hub, 'app')).content.envVars).toHaveLength(3);
  });

  it('deletes a secret: {} once, 404 after', async () => {
    const hub = await start();
    await createSecret(hub, 'gone', { env_vars: [{ name: 'A', value: 'value-aaaa' }] });
    const deleted = await api(hub, 'DELETE', `${SECRETS}/gone`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect((await api(hub, 'GET', `${SECRETS}/gone`)).status).toBe(404);
    const again = await api(hub, 'DELETE', `${SECRETS}/gone`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ message: "secret 'gone' was not found", code: 'NOT_FOUND' });
  });

  it('refuses a taken name on create and on rename with 409', async () => {
    const hub = await start();
    await createSecret(hub, 'one', {});
    await createSecret(hub, 'two', {});
    const dup = await api(hub, 'POST', SECRETS, { body: { metadata: { name: 'one' } } });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ message: "a secret named 'one' already exists in this organization", code: 'SECRET_EXISTS', field: 'metadata.name' });
    const rename = await api(hub, 'PATCH', `${SECRETS}/two`, { body: { metadata: { name: 'one' } } });
    expect(rename.status).toBe(409);
    expect((rename.body as { code: string }).code).toBe('SECRET_EXISTS');
  });

  it('lets members list and read, and only owners and admins change; every change is audited by name only', async () => {
    const hub = await start();
    const member = await createUserToken(hub, 'member');
    const admin = await createUserToken(hub, 'admin');
    expect((await api(hub, 'POST', SECRETS, { token: admin, body: { metadata: { name: 'by-admin' }, data: { env_vars: [{ name: 'X', value: VALUE }] } } })).status).toBe(200);
    expect((await api(hub, 'GET', SECRETS, { token: member })).status).toBe(200);
    expect((await api(hub, 'GET', `${SECRETS}/by-admin`, { token: member })).status).toBe(200);
    for (const [method, path] of [['POST', SECRETS], ['PATCH', `${SECRETS}/by-admin`], ['PUT', `${SECRETS}/by-admin`], ['DELETE', `${SECRETS}/by-admin`]] as const) {
      const refused = await api(hub, method, path, { token: member, body: { metadata: { name: 'by-member' } } });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body).toEqual({ message: 'your role does not have the permission organization.secrets.manage', code: 'FORBIDDEN' });
    }
    expect((await api(hub, 'GET', SECRETS, { token: null })).status).toBe(401);
    await api(hub, 'PATCH', `${SECRETS}/by-admin`, { body: { metadata: { name: 'renamed' }, data: { env_vars: [{ name: 'X' }] } } });
    await api(hub, 'DELETE', `${SECRETS}/renamed`);

    const audit = (await api(hub, 'GET', '/api/v1alpha/audit_events')).body as { events: Array<{ action: string; actor: string; target: unknown; details: unknown }> };
    const secretEvents = audit.events.filter((e) => e.action.startsWith('secret.')).reverse();
    expect(secretEvents.map((e) => [e.action, e.target])).toEqual([
      ['secret.created', { type: 'secret', name: 'by-admin' }],
      ['secret.updated', { type: 'secret', name: 'renamed' }],
      ['secret.deleted', { type: 'secret', name: 'renamed' }],
    ]);
    expect(secretEvents[0]?.details).toEqual({ env_vars: 'X', files: '' });
    expect(secretEvents[1]?.details).toMatchObject({ renamed_from: 'by-admin' });
    expect(JSON.stringify(audit)).not.toContain(VALUE);
  });

  it('pages by name or by creation time with next_page_token', async () => {
    const hub = await start();
    for (const name of ['c-secret', 'a-secret', 'b-secret']) await createSecret(hub, name, {});
    const first = (await api(hub, 'GET', `${SECRETS}?page_size=2`)).body as SecretList;
    expect(first.secrets.map((s) => s.metadata.name)).toEqual(['a-secret', 'b-secret']);
    expect(first.next_page_token).not.toBe('');
    const second = (await api(hub, 'GET', `${SECRETS}?page_size=2&page_token=${first.next_page_token}`)).body as SecretList;
    expect(second).toMatchObject({ secrets: [{ metadata: { name: 'c-secret' } }], next_page_token: '' });
    const byTime = (await api(hub, 'GET', `${SECRETS}?order=BY_CREATE_TIME_ASC&page_size=0`)).body as SecretList;
    expect(byTime.secrets.map((s) => s.metadata.name)).toEqual(['c-secret', 'a-secret', 'b-secret']);
  });

  let tableHub: Awaited<ReturnType<typeof startHubWithAdmin>> | undefined;
  it.each([
    { name: 'malformed JSON', method: 'POST', path: SECRETS, raw: '{"metadata":', status: 400, code: 'INVALID_JSON', message: 'the request body is not valid JSON' },
    { name: 'no name', method: 'POST', path: SECRETS, body: { data: {} }, status: 422, field: 'metadata.name', message: 'a secret needs a name' },
    { name: 'a name with spaces', method: 'POST', path: SECRETS, body: { metadata: { name: 'my secret' } }, status: 422, field: 'metadata.name', message: "'my secret' is not a valid secret name" },
    { name: 'a NUL byte in the name', method: 'POST', path: SECRETS, body: { metadata: { name: 'a\u0000b' } }, status: 422, field: 'metadata.name', message: 'metadata.name must not contain a NUL character' },
    { name: 'env_vars that is not a list', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { env_vars: 'A=1' } }, status: 422, message: 'env_vars' },
    { name: 'a variable without a name', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { env_vars: [{ value: 'v' }] } }, status: 422, message: 'name' },
    { name: 'a bad variable name', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { env_vars: [{ name: 'A-B', value: 'v' }] } }, status: 422, field: 'data.env_vars[0].name', message: "'A-B' is not a valid environment variable name" },
    { name: 'a variable without a value', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { env_vars: [{ name: 'A' }] } }, status: 422, field: 'data.env_vars[0].value', message: 'the environment variable A needs a value' },
    { name: 'file content that is not base64', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { files: [{ path: 'f', content: '%%%' }] } }, status: 422, field: 'data.files[0].content', message: 'the content of f is not valid base64' },
    { name: 'more than 6 MiB', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { env_vars: [{ name: 'A', value: 'v'.repeat(6 * 1024 * 1024 + 1) }] } }, status: 422, field: 'data', message: 'at most 6 MiB' },
    { name: 'a body over the route limit', method: 'POST', path: SECRETS, body: { metadata: { name: 'x' }, data: { env_vars: [{ name: 'A', value: 'v'.repeat(9 * 1024 * 1024) }] } }, status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'larger than the limit' },
    { name: 'a new variable without a value on update', method: 'PATCH', path: `${SECRETS}/existing`, body: { data: { env_vars: [{ name: 'NEW', value: '' }] } }, status: 422, field: 'data.env_vars[0].value', message: 'the environment variable NEW is new, so it needs a value' },
    { name: 'an update of a missing secret', method: 'PATCH', path: `${SECRETS}/nope`, body: { metadata: { name: 'nope' } }, status: 404, code: 'NOT_FOUND', message: "secret 'nope' was not found" },
    { name: 'a NUL byte in the path', method: 'GET', path: `${SECRETS}/a%00b`, status: 400, code: 'BAD_REQUEST', message: 'must not contain a NUL character' },
    { name: 'an id that does not exist', method: 'GET', path: `${SECRETS}/31887bfb-fac5-4f5b-9a6a-059ecebcc851`, status: 404, code: 'NOT_FOUND', message: 'was not found' },
    { name: 'a page size over 100', method: 'GET', path: `${SECRETS}?page_size=101`, status: 400, field: 'page_size', message: "page size can't exceed 100" },
    { name: 'a page size beyond any integer', method: 'GET', path: `${SECRETS}?page_size=999999999999999999`, status: 400, field: 'page_size', message: 'a whole number' },
    { name: 'an unknown order', method: 'GET', path: `${SECRETS}?order=NEWEST`, status: 400, field: 'order', message: 'order must be BY_NAME_ASC or BY_CREATE_TIME_ASC' },
    { name: 'a made-up page token', method: 'GET', path: `${SECRETS}?page_token=Zm9v`, status: 400, field: 'page_token', message: 'page_token is not valid' },
    { name: 'a method the route does not have', method: 'POST', path: `${SECRETS}/existing`, body: {}, status: 404, code: 'ROUTE_NOT_FOUND', message: 'there is no route POST' },
  ])('answers $status to $name, with a message', async ({ method, path, body, raw, status, code, field, message }) => {
    // One hub serves the whole table: a hub per row would hold a PostgreSQL pool per row until the file ends.
    const hub = (tableHub ??= await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY }, keepForFile: true }));
    if ((await api(hub, 'GET', `${SECRETS}/existing`)).status === 404) await createSecret(hub, 'existing', { env_vars: [{ name: 'A', value: 'existing-value' }] });
    const res = await api(hub, method, path, raw !== undefined ? { rawBody: raw } : { body });
    expectErrorAnswer(res, { status, message, code, field });
  });
});

await describeEachDialect('secrets on PostgreSQL without OUTPOST_SECRETS_KEY (%s)', (dialect) => {
  it('keep the hub up with secrets off: listing works, creating answers 503 with what to set', async () => {
    const hub = await startHubWithAdmin({ dialect });
    expect(hub.logLines.some((l) => l.includes('"secrets are off"'))).toBe(true);
    expect((await api(hub, 'GET', SECRETS)).body).toEqual({ secrets: [], next_page_token: '' });
    const refused = await api(hub, 'POST', SECRETS, { body: { metadata: { name: 'x' }, data: { env_vars: [{ name: 'A', value: 'value-a' }] } } });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'SECRETS_OFF', message: expect.stringContaining('set OUTPOST_SECRETS_KEY') });
  });
}, ['postgres']);
