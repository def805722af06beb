import { describe, expect, it } from 'vitest';
import { agentCall, api, describeEachDialect, createType, createUserToken, register, startHubWithAdmin } from '../support/hub-clients.js';

const TYPES = '/api/v1alpha/self_hosted_agent_types';

await describeEachDialect('agent types over the v1alpha API (%s)', (dialect) => {
  it('creates a type and answers the token only on create (control-plane §1.4)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const created = await api(hub, 'POST', TYPES, { body: { metadata: { name: 's1-linux' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 60 } } } });
    expect(created.status).toBe(200);
    const body = created.body as { metadata: { create_time: number }; status: { registration_token: string } };
    expect(body).toMatchObject({
      metadata: { name: 's1-linux' },
      spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 60 } },
      status: { total_agent_count: 0 },
    });
    expect(body.status.registration_token).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(body.metadata.create_time - Date.now() / 1000)).toBeLessThan(60);

    const described = await api(hub, 'GET', `${TYPES}/s1-linux`);
    expect(described.status).toBe(200);
    expect(described.body).toEqual({
      metadata: { name: 's1-linux', create_time: body.metadata.create_time, update_time: body.metadata.create_time },
      spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 60 } },
      status: { total_agent_count: 0 },
    });
    const listed = await api(hub, 'GET', TYPES);
    expect(listed.body).toEqual({ agent_types: [described.body] });
  });

  it('creates an STS type with its aws block and shows it back', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const aws = { account_id: '123456789012', role_name_patterns: 'ci-*,builder' };
    await createType(hub, 's1-aws', { assignment_origin: 'assignment_origin_aws_sts', aws });
    const described = await api(hub, 'GET', `${TYPES}/s1-aws`);
    expect(described.body).toMatchObject({ spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', release_after: 0, aws } } });
  });

  it('counts connected agents in total_agent_count, not reserved names', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-count', { release_after: 60 });
    const a = await register(hub, token, { name: 'agent-count-1' });
    await register(hub, token, { name: 'agent-count-2' });
    expect((await api(hub, 'GET', `${TYPES}/s1-count`)).body).toMatchObject({ status: { total_agent_count: 2 } });
    await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', (a.body as { token: string }).token);
    expect((await api(hub, 'GET', `${TYPES}/s1-count`)).body).toMatchObject({ status: { total_agent_count: 1 } });
  });

  it('updates settings with PATCH and keeps the name', async () => {
    const hub = await startHubWithAdmin({ dialect });
    await createType(hub, 's1-patch');
    const patched = await api(hub, 'PATCH', `${TYPES}/s1-patch`, { body: { metadata: { name: 's1-patch' }, spec: { agent_name_settings: { release_after: 120 } } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ metadata: { name: 's1-patch' }, spec: { agent_name_settings: { release_after: 120 } } });
    expect(patched.body).not.toHaveProperty('status.registration_token');
    expect((await api(hub, 'GET', `${TYPES}/s1-patch`)).body).toMatchObject({ spec: { agent_name_settings: { release_after: 120 } } });
  });

  it('refuses a second type with the same name with 409', async () => {
    const hub = await startHubWithAdmin({ dialect });
    await createType(hub, 's1-dup');
    const again = await api(hub, 'POST', TYPES, { body: { metadata: { name: 's1-dup' } } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ message: "an agent type named 's1-dup' already exists in this organization", code: 'AGENT_TYPE_EXISTS', field: 'metadata.name' });
  });

  it('deletes a type, purging reserved names first, and refuses while agents are connected (§1.4)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-del', { release_after: 60 });
    const agent = await register(hub, token, { name: 'agent-del-01' });
    const refused = await api(hub, 'DELETE', `${TYPES}/s1-del`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'AGENT_TYPE_HAS_AGENTS', message: "agent type 's1-del' still has 1 connected agent(s); disable them first, then delete the type" });

    await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', (agent.body as { token: string }).token);
    const reserved = await hub.services.store.db.selectFrom('agents').select('status').execute();
    expect(reserved).toEqual([{ status: 'disconnected' }]);
    const deleted = await api(hub, 'DELETE', `${TYPES}/s1-del`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect(await hub.services.store.db.selectFrom('agents').selectAll().execute()).toEqual([]);
    expect((await api(hub, 'GET', `${TYPES}/s1-del`)).status).toBe(404);
    // The old registration token is gone with the type.
    expect((await register(hub, token)).status).toBe(404);
  });

  it('resets the token: the old one stops registering, the new one works, connected agents keep their access (§3.5)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const oldToken = await createType(hub, 's1-reset');
    const agent = await register(hub, oldToken, { name: 'agent-reset-1' });
    const reset = await api(hub, 'POST', `${TYPES}/s1-reset/reset_token`);
    expect(reset.status).toBe(200);
    const newToken = (reset.body as { status: { registration_token: string } }).status.registration_token;
    expect(newToken).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken).not.toBe(oldToken);
    expect((await register(hub, oldToken)).status).toBe(404);
    expect((await register(hub, newToken)).status).toBe(201);
    const [row] = await hub.services.store.db.selectFrom('agents').select('disabled_at').where('name', '=', 'agent-reset-1').execute();
    expect(row?.disabled_at).toBeNull();
    // The access token issued before the reset still works.
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', (agent.body as { token: string }).token)).status).toBe(200);
  });

  it('resets the token with disconnect_agents and disables every agent of the type', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-reset2');
    await register(hub, token, { name: 'agent-reset-2' });
    const woken: string[] = [];
    const [agentRow] = await hub.services.store.db.selectFrom('agents').select('id').execute();
    hub.services.wakeups.subscribe(`agent:${agentRow?.id}`, () => woken.push('agent'));
    const reset = await api(hub, 'POST', `${TYPES}/s1-reset2/reset_token`, { body: { disconnect_agents: true } });
    expect(reset.status).toBe(200);
    const [row] = await hub.services.store.db.selectFrom('agents').select('disabled_at').execute();
    expect(row?.disabled_at).not.toBeNull();
    expect(woken).toEqual(['agent']);
  });

  it('disables only idle agents by default and all with only_idle=false as a form field (§1.4)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-dis');
    await register(hub, token, { name: 'agent-idle-01' });
    await register(hub, token, { name: 'agent-busy-01' });
    const db = hub.services.store.db;
    await db.updateTable('agents').set({ job_id: 'job-1', state: 'running-job' }).where('name', '=', 'agent-busy-01').execute();

    const idleOnly = await api(hub, 'POST', `${TYPES}/s1-dis/disable_all`);
    expect(idleOnly.status).toBe(200);
    expect(idleOnly.body).toEqual({});
    const after = await db.selectFrom('agents').select(['name', 'disabled_at']).orderBy('name').execute();
    expect(after.map((r) => [r.name, r.disabled_at !== null])).toEqual([['agent-busy-01', false], ['agent-idle-01', true]]);

    const all = await api(hub, 'POST', `${TYPES}/s1-dis/disable_all`, { rawBody: 'only_idle=false', contentType: 'application/x-www-form-urlencoded' });
    expect(all.status).toBe(200);
    const busy = await db.selectFrom('agents').select('disabled_at').where('name', '=', 'agent-busy-01').executeTakeFirstOrThrow();
    expect(busy.disabled_at).not.toBeNull();
  });

  it('accepts only_idle as JSON', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-json');
    await register(hub, token, { name: 'agent-busy-02' });
    const db = hub.services.store.db;
    await db.updateTable('agents').set({ job_id: 'job-2' }).execute();
    expect((await api(hub, 'POST', `${TYPES}/s1-json/disable_all`, { body: { only_idle: true } })).status).toBe(200);
    expect((await db.selectFrom('agents').select('disabled_at').executeTakeFirstOrThrow()).disabled_at).toBeNull();
    expect((await api(hub, 'POST', `${TYPES}/s1-json/disable_all`, { body: { only_idle: false } })).status).toBe(200);
    expect((await db.selectFrom('agents').select('disabled_at').executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
  });
});

describe('agent types: bad input answers a 4xx with a readable message', async () => {
  const hub = await startHubWithAdmin({ keepForFile: true });
  const memberToken = await createUserToken(hub, 'member');
  await createType(hub, 's1-exists');
  const S = 'spec.agent_name_settings';

  it.each([
    { name: 'malformed JSON', method: 'POST', path: TYPES, rawBody: '{"metadata":', status: 400, message: 'the request body is not valid JSON' },
    { name: 'a JSON array body', method: 'POST', path: TYPES, body: [1], status: 422, message: 'the request body must be a JSON object', field: 'body' },
    { name: 'no name', method: 'POST', path: TYPES, body: {}, status: 422, message: 'metadata.name is required', field: 'metadata.name' },
    { name: 'a name of the wrong type', method: 'POST', path: TYPES, body: { metadata: { name: ['s1-a'] } }, status: 422, message: 'metadata.name must be a string', field: 'metadata.name' },
    { name: 'a null name (YAML for "not given")', method: 'POST', path: TYPES, body: { metadata: { name: null } }, status: 422, message: 'metadata.name is required', field: 'metadata.name' },
    { name: 'metadata that is text', method: 'POST', path: TYPES, body: { metadata: 's1-a' }, status: 422, message: 'the request is not valid: metadata must be an object; got "s1-a"', field: 'metadata' },
    { name: 'release_after as text', method: 'POST', path: TYPES, body: { metadata: { name: 's1-t' }, spec: { agent_name_settings: { release_after: '60' } } }, status: 422, message: `${S}.release_after must be a whole number; got "60"`, field: `${S}.release_after` },
    { name: 'an AWS account as a number', method: 'POST', path: TYPES, body: { metadata: { name: 's1-n' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', aws: { account_id: 123456789012, role_name_patterns: 'r' } } } }, status: 422, message: `${S}.aws.account_id must be a string; got 123456789012`, field: `${S}.aws.account_id` },
    { name: 'only_idle=maybe as a form field', method: 'POST', path: `${TYPES}/s1-exists/disable_all`, rawBody: 'only_idle=maybe', contentType: 'application/x-www-form-urlencoded', status: 422, message: 'only_idle must be true or false; got "maybe"', field: 'only_idle' },
    { name: 'a name without s1-', method: 'POST', path: TYPES, body: { metadata: { name: 'linux' } }, status: 422, message: "the agent type name 'linux' must start with 's1-'", field: 'metadata.name' },
    { name: 'a name with a slash', method: 'POST', path: TYPES, body: { metadata: { name: 's1-a/b' } }, status: 422, message: "may only contain letters, digits, '-' and '_' after 's1-'", field: 'metadata.name' },
    { name: 'an oversize name', method: 'POST', path: TYPES, body: { metadata: { name: `s1-${'x'.repeat(200)}` } }, status: 422, message: 'at most 100 are allowed', field: 'metadata.name' },
    { name: 'a body over the 1 MiB limit', method: 'POST', path: TYPES, rawBody: JSON.stringify({ metadata: { name: 's1-big' }, pad: 'x'.repeat(1_100_000) }), status: 413, message: 'larger than the limit' },
    { name: 'an unknown origin', method: 'POST', path: TYPES, body: { metadata: { name: 's1-o' }, spec: { agent_name_settings: { assignment_origin: 'nope' } } }, status: 422, message: "assignment_origin must be 'assignment_origin_agent' or 'assignment_origin_aws_sts'", field: `${S}.assignment_origin` },
    { name: 'release_after 30', method: 'POST', path: TYPES, body: { metadata: { name: 's1-r' }, spec: { agent_name_settings: { release_after: 30 } } }, status: 422, message: 'at least 60 seconds; got 30', field: `${S}.release_after` },
    { name: 'STS without aws', method: 'POST', path: TYPES, body: { metadata: { name: 's1-s' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts' } } }, status: 422, message: 'AWS settings are required', field: `${S}.aws` },
    { name: 'aws with origin agent', method: 'POST', path: TYPES, body: { metadata: { name: 's1-g' }, spec: { agent_name_settings: { aws: { account_id: '123456789012', role_name_patterns: 'x' } } } }, status: 422, message: 'AWS settings are only allowed', field: `${S}.aws` },
    { name: 'renaming with PATCH', method: 'PATCH', path: `${TYPES}/s1-exists`, body: { metadata: { name: 's1-other' } }, status: 422, message: 'the name of an agent type cannot be changed', field: 'metadata.name' },
    { name: 'PATCH of an unknown type', method: 'PATCH', path: `${TYPES}/s1-missing`, body: {}, status: 404, message: "agent type 's1-missing' was not found" },
    { name: 'describe of an unknown type', method: 'GET', path: `${TYPES}/s1-missing`, status: 404, message: "agent type 's1-missing' was not found" },
    { name: 'delete of an unknown type', method: 'DELETE', path: `${TYPES}/s1-missing`, status: 404, message: "agent type 's1-missing' was not found" },
    { name: 'reset of an unknown type', method: 'POST', path: `${TYPES}/s1-missing/reset_token`, status: 404, message: "agent type 's1-missing' was not found" },
    { name: 'disable_all of an unknown type', method: 'POST', path: `${TYPES}/s1-missing/disable_all`, status: 404, message: "agent type 's1-missing' was not found" },
    { name: 'only_idle that is not a boolean', method: 'POST', path: `${TYPES}/s1-exists/disable_all`, body: { only_idle: 'sometimes' }, status: 422, message: 'only_idle must be true or false; got "sometimes"', field: 'only_idle' },
    { name: 'disconnect_agents that is not a boolean', method: 'POST', path: `${TYPES}/s1-exists/reset_token`, body: { disconnect_agents: 3 }, status: 422, message: 'disconnect_agents must be true or false; got 3', field: 'disconnect_agents' },
    { name: 'a body that is a JSON number for disable_all', method: 'POST', path: `${TYPES}/s1-exists/disable_all`, rawBody: '5', status: 422, message: 'the request body must be a JSON object such as {"only_idle":true}' },
    { name: 'no token', method: 'GET', path: TYPES, token: null, status: 401, message: 'send an API token as "Authorization: Token <token>"' },
    { name: 'a wrong token', method: 'GET', path: TYPES, token: 'not-a-real-token', status: 401, message: 'the API token is invalid or was revoked' },
    { name: 'a member creating a type', method: 'POST', path: TYPES, token: memberToken, body: { metadata: { name: 's1-m' } }, status: 403, message: 'your role does not have the permission self_hosted_agents.manage' },
    { name: 'a member updating a type', method: 'PATCH', path: `${TYPES}/s1-exists`, token: memberToken, body: {}, status: 403, message: 'self_hosted_agents.manage' },
    { name: 'a member deleting a type', method: 'DELETE', path: `${TYPES}/s1-exists`, token: memberToken, status: 403, message: 'self_hosted_agents.manage' },
    { name: 'a member resetting a token', method: 'POST', path: `${TYPES}/s1-exists/reset_token`, token: memberToken, status: 403, message: 'self_hosted_agents.manage' },
    { name: 'a member disabling agents', method: 'POST', path: `${TYPES}/s1-exists/disable_all`, token: memberToken, status: 403, message: 'self_hosted_agents.manage' },
    { name: 'a wrong method', method: 'PUT', path: `${TYPES}/s1-exists`, body: {}, status: 404, message: 'there is no route PUT /api/v1alpha/self_hosted_agent_types/s1-exists' },
  ])('$name → $status', async ({ method, path, body, rawBody, contentType, token, status, message, field }) => {
    const res = await api(hub, method, path, { body, rawBody, contentType, token });
    expect(res.status).toBe(status);
    expect((res.body as { message: string }).message).toContain(message);
    if (field) expect(res.body).toMatchObject({ field });
  });

  it('lets a member read types', async () => {
    const res = await api(hub, 'GET', `${TYPES}/s1-exists`, { token: memberToken });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('status.registration_token');
  });
});
