import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import type { StsPolicy } from '../../src/sts/sts-verifier.js';
import type { TestHub } from '../support/start-hub.js';
import { AGENT_USER_AGENT, agentCall, describeEachDialect, createType, register, registerBody, startHubWithAdmin } from '../support/hub-clients.js';

const REGISTER = '/api/v1/self_hosted_agents/register';

async function agentRows(hub: TestHub) {
  return hub.services.store.db.selectFrom('agents').selectAll().orderBy('name').execute();
}

async function insertQueuedJob(hub: TestHub, typeName: string, id: string, state: 'queued' | 'running' = 'queued'): Promise<void> {
  const db = hub.services.store.db;
  const type = await db.selectFrom('agent_types').select(['id', 'org_id']).where('name', '=', typeName).executeTakeFirstOrThrow();
  const now = Date.now();
  await db
    .insertInto('jobs')
    .values({
      id, org_id: type.org_id, agent_type_id: type.id, name: 'job', spec: '{}', priority: 50, state, result: null, failure_reason: null,
      agent_id: null, agent_name: null, execution_time_limit_s: null, created_at: now, updated_at: now, offered_at: null, offer_expires_at: null,
      started_at: null, finished_at: null, stop_requested_at: null, log_token_hash: null, log_token_expires_at: null, log_event_count: 0,
      log_bytes: 0, log_trimmed: 0, created_by: null,
    })
    .execute();
}

await describeEachDialect('POST /register as the official agent sends it (%s)', (dialect) => {
  it('answers 201 {name, token} and records what the agent reported (spec §1.2)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-linux');
    const body = registerBody({ name: 'b4xjgN1rzk4O7spj7FVc', single_job: true, idle_timeout: 300, interruption_grace_period: 45 });
    const res = await agentCall(hub, REGISTER, token, body);
    expect(res.status).toBe(201);
    const answer = res.body as { name: string; token: string };
    expect(Object.keys(answer).sort()).toEqual(['name', 'token']);
    expect(answer.name).toBe('b4xjgN1rzk4O7spj7FVc');
    expect(answer.token).toMatch(/^[0-9a-f]{64}$/);

    const [row] = await agentRows(hub);
    expect(row).toMatchObject({
      name: 'b4xjgN1rzk4O7spj7FVc',
      status: 'registered',
      version: 'v2.4.0',
      os: 'Ubuntu 24.04.1 LTS',
      arch: 'x86_64',
      hostname: 'build-host-1',
      pid: 4242,
      ip_address: '127.0.0.1',
      user_agent: AGENT_USER_AGENT,
      single_job: 1,
      idle_timeout_s: 300,
      interruption_grace_period_s: 45,
      requested_job_id: '',
      state: '',
      last_sync_at: null,
    });
    expect(row?.access_token_hash).toBe(hashToken(answer.token));
    expect(JSON.stringify(row)).not.toContain(answer.token);
  });

  it('treats the same request repeated before any sync as a retry: same row, fresh token (spec §1.2)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-retry');
    const body = registerBody({ name: 'retrying-agent-1' });
    const first = await agentCall(hub, REGISTER, token, body);
    const [before] = await agentRows(hub);
    const second = await agentCall(hub, REGISTER, token, body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const a = first.body as { token: string };
    const b = second.body as { name: string; token: string };
    expect(b.name).toBe('retrying-agent-1');
    expect(b.token).not.toBe(a.token);
    const rows = await agentRows(hub);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(before?.id);
    expect(rows[0]?.access_token_hash).toBe(hashToken(b.token));
    // Only the latest token works.
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', a.token)).status).toBe(401);
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', b.token)).status).toBe(200);
  });

  it('refuses the name once its holder has synced', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-synced');
    expect((await register(hub, token, { name: 'synced-agent-1' })).status).toBe(201);
    await hub.services.store.db.updateTable('agents').set({ last_sync_at: Date.now() }).execute();
    const again = await register(hub, token, { name: 'synced-agent-1' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      code: 'AGENT_NAME_TAKEN',
      message: "the agent name 'synced-agent-1' is already in use in this organization (connected or reserved after a disconnect)",
    });
  });

  it('refuses a repeat more than 5 minutes after the first registration', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock });
    const token = await createType(hub, 's1-late');
    expect((await register(hub, token, { name: 'late-agent-01' })).status).toBe(201);
    clock += 5 * 60_000;
    expect((await register(hub, token, { name: 'late-agent-01' })).body).toMatchObject({ code: 'AGENT_NAME_TAKEN' });
  });

  it('keeps names unique across the types of an organization', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const a = await createType(hub, 's1-a');
    const b = await createType(hub, 's1-b');
    expect((await register(hub, a, { name: 'shared-name-1' })).status).toBe(201);
    expect((await register(hub, b, { name: 'shared-name-1' })).body).toMatchObject({ code: 'AGENT_NAME_TAKEN' });
  });

  it('lets exactly one of two types win a name registered at the same moment', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const tokens = [await createType(hub, 's1-race-a'), await createType(hub, 's1-race-b'), await createType(hub, 's1-race-c')];
    const answers = await Promise.all(tokens.map((t) => register(hub, t, { name: 'contested-name' })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 400, 400]);
    expect(await agentRows(hub)).toHaveLength(1);
  });

  it('stores a requested job that is queued for the type (single_job)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-job');
    await insertQueuedJob(hub, 's1-job', 'job-wanted-1');
    const res = await register(hub, token, { name: 'job-agent-01', single_job: true, job_id: 'job-wanted-1' });
    expect(res.status).toBe(201);
    expect((await agentRows(hub))[0]?.requested_job_id).toBe('job-wanted-1');
  });

  it('asks the STS verifier for the name of an STS-origin type and answers with it (spec §5.4)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const calls: { url: string; policy: StsPolicy }[] = [];
    hub.services.stsVerifier = {
      async assignName(url, policy) {
        calls.push({ url, policy });
        return { ok: true, name: 'i-0123456789abcdef0' };
      },
    };
    const token = await createType(hub, 's1-sts', { assignment_origin: 'assignment_origin_aws_sts', aws: { account_id: '123456789012', role_name_patterns: 'ci-*' } });
    const url = 'https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Signature=deadbeef';
    const res = await register(hub, token, { name: url });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'i-0123456789abcdef0' });
    expect(calls).toEqual([{ url, policy: { accountId: '123456789012', roleNamePatterns: 'ci-*' } }]);
    expect((await agentRows(hub))[0]?.name).toBe('i-0123456789abcdef0');
  });

  it("passes the STS verifier's refusal on as a 400 with its reason", async () => {
    const hub = await startHubWithAdmin({ dialect });
    hub.services.stsVerifier = { assignName: async () => ({ ok: false, reason: "IAM role 'web' is not allowed" }) };
    const token = await createType(hub, 's1-sts2', { assignment_origin: 'assignment_origin_aws_sts', aws: { account_id: '123456789012', role_name_patterns: 'ci-*' } });
    const res = await register(hub, token, { name: 'https://sts.amazonaws.com/?Action=GetCallerIdentity' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'STS_REFUSED', message: "IAM role 'web' is not allowed", field: 'name' });
    expect(await agentRows(hub)).toEqual([]);
  });
});

describe('POST /register: bad input answers a 4xx with a readable message', async () => {
  const hub = await startHubWithAdmin({ keepForFile: true });
  const token = await createType(hub, 's1-bad');
  const stsToken = await createType(hub, 's1-bad-sts', { assignment_origin: 'assignment_origin_aws_sts', aws: { account_id: '123456789012', role_name_patterns: 'r' } });
  await insertQueuedJob(hub, 's1-bad-sts', 'job-other-type');
  await insertQueuedJob(hub, 's1-bad', 'job-running', 'running');
  const body = (overrides: Record<string, unknown>) => JSON.stringify(registerBody(overrides));

  it.each([
    { name: 'no Authorization header', auth: null, raw: body({}), status: 401, code: 'REGISTRATION_TOKEN_MISSING', message: 'send the agent type\'s registration token as "Authorization: Token <token>"' },
    { name: 'a Bearer header', header: 'Bearer abc', raw: body({}), status: 401, code: 'REGISTRATION_TOKEN_MISSING' },
    { name: 'a Token header without a token', header: 'Token ', raw: body({}), status: 401, code: 'REGISTRATION_TOKEN_MISSING' },
    { name: 'an unknown registration token', auth: 'f'.repeat(64), raw: body({}), status: 404, code: 'INVALID_REGISTRATION_TOKEN', message: 'the registration token is invalid or was reset; copy the current one from the agent type page' },
    { name: 'malformed JSON', raw: '{"name": "abc', status: 422, code: 'VALIDATION', message: 'the register request body is not valid JSON' },
    { name: 'no body at all', raw: undefined, status: 422, code: 'VALIDATION', message: 'the register request body must be a JSON object' },
    { name: 'a JSON array', raw: '[]', status: 422, code: 'VALIDATION', message: 'the register request body must be a JSON object' },
    { name: 'a missing pid', raw: JSON.stringify({ ...registerBody(), pid: undefined }), status: 422, code: 'VALIDATION', message: 'the register request is not valid: pid' },
    { name: 'a pid that is a string', raw: body({ pid: '42' }), status: 422, code: 'VALIDATION', message: 'the register request is not valid: pid must be a whole number; got "42"' },
    { name: 'single_job that is a string', raw: body({ single_job: 'yes' }), status: 422, code: 'VALIDATION', message: 'the register request is not valid: single_job must be true or false; got "yes"' },
    { name: 'a negative idle_timeout', raw: body({ idle_timeout: -1 }), status: 422, code: 'VALIDATION', message: 'idle_timeout must be at least 0; got -1' },
    { name: 'an oversize name field', raw: body({ name: 'a'.repeat(9000) }), status: 422, code: 'VALIDATION', message: 'name may have at most 8192 characters; got 9000' },
    { name: 'a fractional interruption_grace_period', raw: body({ interruption_grace_period: 1.5 }), status: 422, code: 'VALIDATION', message: 'interruption_grace_period must be a whole number; got 1.5' },
    { name: 'a null hostname', raw: body({ hostname: null }), status: 422, code: 'VALIDATION', message: 'hostname must be a string; got null' },
    { name: 'a JSON string body', raw: '"register me"', status: 422, code: 'VALIDATION', message: 'the register request body must be a JSON object' },
    { name: 'a body over the 1 MiB limit', raw: body({ os: 'x'.repeat(1_100_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'a 7-character name', raw: body({ name: 'abcdefg' }), status: 400, code: 'AGENT_NAME_INVALID', message: "the agent name 'abcdefg' is 7 characters long; it must have between 8 and 80 characters" },
    { name: 'an 81-character name', raw: body({ name: 'a'.repeat(81) }), status: 400, code: 'AGENT_NAME_INVALID', message: 'is 81 characters long' },
    { name: 'a name with spaces', raw: body({ name: 'my build agent' }), status: 400, code: 'AGENT_NAME_INVALID', message: 'may only contain letters, digits and the characters - _ / +' },
    { name: 'a URL name on an agent-origin type', raw: body({ name: 'https://sts.amazonaws.com/?Action=GetCallerIdentity' }), status: 400, code: 'AGENT_NAME_URL_NOT_ALLOWED', message: "agent type 's1-bad' takes names from the agent; URLs are not allowed as names" },
    { name: 'a plain name on an STS-origin type', auth: stsToken, raw: body({ name: 'plain-name-1' }), status: 400, code: 'AGENT_NAME_STS_REQUIRED', message: "agent type 's1-bad-sts' assigns names from AWS STS" },
    { name: 'job_id without single_job', raw: body({ job_id: 'job-1' }), status: 400, code: 'JOB_REQUEST_WITHOUT_SINGLE_JOB', message: 'a job can only be requested by an agent that disconnects after running it' },
    { name: 'job_id of no job', raw: body({ job_id: 'job-missing', single_job: true }), status: 400, code: 'JOB_NOT_AVAILABLE', message: 'job job-missing is not queued for agent type s1-bad' },
    { name: 'job_id of a job of another type', raw: body({ job_id: 'job-other-type', single_job: true }), status: 400, code: 'JOB_NOT_AVAILABLE' },
    { name: 'job_id of a job that already runs', raw: body({ job_id: 'job-running', single_job: true }), status: 400, code: 'JOB_NOT_AVAILABLE' },
  ])('$name → $status $code', async ({ auth, header, raw, status, code, message }) => {
    const headers: Record<string, string> = { 'user-agent': AGENT_USER_AGENT };
    const credential = auth === undefined ? token : auth;
    if (header !== undefined) headers.authorization = header;
    else if (credential !== null) headers.authorization = `Token ${credential}`;
    const res = await fetch(`${hub.url}${REGISTER}`, { method: 'POST', headers, body: raw === undefined ? undefined : new TextEncoder().encode(raw) });
    const answer = (await res.json()) as { code: string; message: string };
    expect(res.status).toBe(status);
    expect(answer.code).toBe(code);
    if (message) expect(answer.message).toContain(message);
    expect(await hub.services.store.db.selectFrom('agents').selectAll().execute()).toEqual([]);
  });

  it('answers GET /register with 404 and the route in the message', async () => {
    const res = await fetch(`${hub.url}${REGISTER}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: `there is no route GET ${REGISTER}` });
  });
});

describe('POST /register rate limit per source address', () => {
  it('answers the 61st request at one instant with 429 and Retry-After and recovers as the bucket refills', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ now: () => clock });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await agentCall(hub, REGISTER, 'unknown-token', registerBody())).status);
    expect(statuses).toEqual(Array.from({ length: 60 }, () => 404));
    const limited = await agentCall(hub, REGISTER, 'unknown-token', registerBody());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', message: 'too many requests; retry after 1 s' });
    clock += 1000;
    expect((await agentCall(hub, REGISTER, 'unknown-token', registerBody())).status).toBe(404);
  });
});
