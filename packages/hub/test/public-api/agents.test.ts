import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, agentCall, api, describeEachDialect, createType, createUserToken, register, startHubWithAdmin } from '../support/hub-clients.js';

type AgentList = { agents: { metadata: { name: string } }[]; cursor: string };

await describeEachDialect('agents over the v1alpha API (%s)', (dialect) => {
  it('lists a registered agent with the fields of control-plane §2.1', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-list');
    await register(hub, token, { name: 'listed-agent-1', single_job: true, idle_timeout: 60, interruption_grace_period: 30 });
    const res = await api(hub, 'GET', '/api/v1alpha/agents');
    expect(res.status).toBe(200);
    const list = res.body as { agents: { metadata: { connected_at: number } }[]; cursor: string };
    expect(list.cursor).toBe('');
    expect(list.agents).toEqual([
      {
        metadata: {
          name: 'listed-agent-1',
          type: 's1-list',
          version: 'v2.4.0',
          os: 'Ubuntu 24.04.1 LTS',
          arch: 'x86_64',
          hostname: 'build-host-1',
          ip_address: '127.0.0.1',
          pid: 4242,
          connected_at: list.agents[0]?.metadata.connected_at,
          user_agent: 'SemaphoreAgent/v2.4.0',
          single_job: true,
          idle_timeout: 60,
          interruption_grace_period: 30,
        },
        status: { state: 'waiting_for_job' },
      },
    ]);
    expect(Math.abs((list.agents[0]?.metadata.connected_at ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    expect((await api(hub, 'GET', '/api/v1alpha/agents/listed-agent-1')).body).toEqual(list.agents[0]);
  });

  it('shows running_job and the job for an agent in a job state', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-state');
    await register(hub, token, { name: 'busy-agent-01' });
    await hub.services.store.db.updateTable('agents').set({ state: 'running-job', job_id: 'job-9', last_sync_at: Date.now() }).execute();
    const res = await api(hub, 'GET', '/api/v1alpha/agents/busy-agent-01');
    expect(res.body).toMatchObject({ status: { state: 'running_job', job_id: 'job-9' }, metadata: { last_sync_at: expect.any(Number) } });
  });

  it('filters by agent_type and leaves out reserved names of disconnected agents', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const a = await createType(hub, 's1-fa', { release_after: 60 });
    const b = await createType(hub, 's1-fb');
    const gone = await register(hub, a, { name: 'type-a-agent-1' });
    await register(hub, a, { name: 'type-a-agent-2' });
    await register(hub, b, { name: 'type-b-agent-1' });
    await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', (gone.body as { token: string }).token);
    const names = (body: unknown) => (body as AgentList).agents.map((agent) => agent.metadata.name).sort();
    expect(names((await api(hub, 'GET', '/api/v1alpha/agents?agent_type=s1-fa')).body)).toEqual(['type-a-agent-2']);
    expect(names((await api(hub, 'GET', '/api/v1alpha/agents?agent_type=s1-fb')).body)).toEqual(['type-b-agent-1']);
    expect(names((await api(hub, 'GET', '/api/v1alpha/agents')).body)).toEqual(['type-a-agent-2', 'type-b-agent-1']);
    expect((await api(hub, 'GET', '/api/v1alpha/agents/type-a-agent-1')).status).toBe(404);
  });

  it('pages with page_size and an opaque cursor until the cursor is empty, like sem get agents', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock });
    const token = await createType(hub, 's1-page');
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      const name = `paged-agent-${String(i).padStart(2, '0')}`;
      expected.push(name);
      await register(hub, token, { name });
      // Two agents share each millisecond, so the cursor must break ties.
      if (i % 2 === 1) clock += 1;
    }
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const res = await api(hub, 'GET', `/api/v1alpha/agents?page_size=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body as AgentList;
      expect(page.agents.length).toBeLessThanOrEqual(5);
      seen.push(...page.agents.map((agent) => agent.metadata.name));
      cursor = page.cursor;
      pages++;
    } while (cursor !== '' && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('disables one agent: disabled_at set, its long-poll woken, and the action audited', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-one');
    await register(hub, token, { name: 'disable-me-01' });
    await register(hub, token, { name: 'keep-me-0001' });
    const row = await hub.services.store.db.selectFrom('agents').select('id').where('name', '=', 'disable-me-01').executeTakeFirstOrThrow();
    let woken = 0;
    hub.services.wakeups.subscribe(`agent:${row.id}`, () => woken++);
    const res = await api(hub, 'POST', '/api/v1alpha/agents/disable-me-01/disable');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ metadata: { name: 'disable-me-01', disabled_at: expect.any(Number) } });
    expect(woken).toBe(1);
    const keep = await api(hub, 'GET', '/api/v1alpha/agents/keep-me-0001');
    expect(keep.body).not.toHaveProperty('metadata.disabled_at');
    // Disabling twice changes nothing and records nothing more.
    expect((await api(hub, 'POST', '/api/v1alpha/agents/disable-me-01/disable')).status).toBe(200);
    expect(woken).toBe(1);
    const audit = (await api(hub, 'GET', '/api/v1alpha/audit_events')).body as { events: { action: string; actor: string }[] };
    expect(audit.events.filter((e) => e.action === 'agent.disabled')).toEqual([expect.objectContaining({ actor: 'user:admin@outpost.local' })]);
  });
});

describe('agents: bad input answers a 4xx with a readable message', async () => {
  // The hub lives for the whole file and its agent never syncs: keep the lost-agent sweep from removing it meanwhile.
  const hub = await startHubWithAdmin({
    keepForFile: true,
    env: { OUTPOST_LOST_AGENT_AFTER_MS: '3600000', OUTPOST_LOST_AGENT_MISSED_SYNCS: '1000' },
  });
  const memberToken = await createUserToken(hub, 'member');
  const token = await createType(hub, 's1-agents-bad');
  await register(hub, token, { name: 'existing-agent' });

  it.each([
    { name: 'page_size 4', path: '/api/v1alpha/agents?page_size=4', status: 400, message: 'page size of 4 is invalid; use 0 for the default of 200, or a whole number from 5 to 200', field: 'page_size' },
    { name: 'page_size 201', path: '/api/v1alpha/agents?page_size=201', status: 400, message: 'page size of 201 is invalid' },
    { name: 'page_size that is a word', path: '/api/v1alpha/agents?page_size=lots', status: 400, message: 'page size of lots is invalid' },
    { name: 'a negative page_size', path: '/api/v1alpha/agents?page_size=-5', status: 400, message: 'page size of -5 is invalid', field: 'page_size' },
    { name: 'a fractional page_size', path: '/api/v1alpha/agents?page_size=5.5', status: 400, message: 'page size of 5.5 is invalid' },
    { name: 'a huge page_size', path: '/api/v1alpha/agents?page_size=99999999999999999999', status: 400, message: 'page size of 99999999999999999999 is invalid' },
    { name: 'page_size given twice', path: '/api/v1alpha/agents?page_size=5&page_size=6', status: 400, message: 'page size of a list is invalid' },
    { name: 'a cursor with characters outside base64url', path: '/api/v1alpha/agents?cursor=%24%24', status: 400, message: 'the cursor is not valid', field: 'cursor' },
    { name: 'a cursor that was never handed out', path: '/api/v1alpha/agents?cursor=bm9wZQ', status: 400, message: 'the cursor is not valid', field: 'cursor' },
    { name: 'agent_type given twice', path: '/api/v1alpha/agents?agent_type=a&agent_type=b', status: 400, message: 'give agent_type at most once' },
    { name: 'an unknown agent_type', path: '/api/v1alpha/agents?agent_type=s1-nope', status: 404, message: "agent type 's1-nope' was not found" },
    { name: 'describe of an unknown agent', path: '/api/v1alpha/agents/nobody-here', status: 404, message: "agent 'nobody-here' was not found" },
    { name: 'disable of an unknown agent', method: 'POST', path: '/api/v1alpha/agents/nobody-here/disable', status: 404, message: "agent 'nobody-here' was not found" },
    { name: 'no token', path: '/api/v1alpha/agents', token: null, status: 401, message: 'send an API token' },
    { name: 'a wrong token', path: '/api/v1alpha/agents/existing-agent', token: 'wrong', status: 401, message: 'the API token is invalid or was revoked' },
    { name: 'a member disabling an agent', method: 'POST', path: '/api/v1alpha/agents/existing-agent/disable', token: memberToken, status: 403, message: 'your role does not have the permission self_hosted_agents.manage' },
  ])('$name → $status', async ({ method, path, token: callerToken, status, message, field }) => {
    const res = await api(hub, method ?? 'GET', path, { token: callerToken });
    expect(res.status).toBe(status);
    expect((res.body as { message: string }).message).toContain(message);
    if (field) expect(res.body).toMatchObject({ field });
  });

  it('lets a member list and describe agents', async () => {
    expect((await api(hub, 'GET', '/api/v1alpha/agents', { token: memberToken })).status).toBe(200);
    expect((await api(hub, 'GET', '/api/v1alpha/agents/existing-agent', { token: memberToken })).status).toBe(200);
    expect(ADMIN_TOKEN).not.toBe(memberToken);
  });
});
