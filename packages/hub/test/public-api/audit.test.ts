import { describe, expect, it } from 'vitest';
import { agentCall, api, describeEachDialect, createType, createUserToken, register, startHubWithAdmin } from '../support/hub-clients.js';

type AuditList = { events: { actor: string; action: string; target: { type: string; name: string }; details: Record<string, unknown>; create_time: number }[]; next_page_token: string };

await describeEachDialect('GET /api/v1alpha/audit_events (%s)', (dialect) => {
  it('records type and agent changes with who did them, newest first', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock++ });
    const token = await createType(hub, 's1-audit');
    await api(hub, 'PATCH', '/api/v1alpha/self_hosted_agent_types/s1-audit', { body: { spec: { agent_name_settings: { release_after: 60 } } } });
    const agent = await register(hub, token, { name: 'audited-agent' });
    await api(hub, 'POST', '/api/v1alpha/agents/audited-agent/disable');
    await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', (agent.body as { token: string }).token);
    await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types/s1-audit/disable_all', { body: { only_idle: false } });
    await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types/s1-audit/reset_token', { body: { disconnect_agents: true } });
    await api(hub, 'DELETE', '/api/v1alpha/self_hosted_agent_types/s1-audit');

    const res = await api(hub, 'GET', '/api/v1alpha/audit_events');
    expect(res.status).toBe(200);
    const list = res.body as AuditList;
    expect(list.next_page_token).toBe('');
    expect(list.events.map((e) => [e.action, e.actor, e.target.type, e.target.name])).toEqual([
      ['agent_type.deleted', 'user:admin@outpost.local', 'agent_type', 's1-audit'],
      ['agent_type.token_reset', 'user:admin@outpost.local', 'agent_type', 's1-audit'],
      ['agent_type.agents_disabled', 'user:admin@outpost.local', 'agent_type', 's1-audit'],
      ['agent.disconnected', 'agent:audited-agent', 'agent', 'audited-agent'],
      ['agent.disabled', 'user:admin@outpost.local', 'agent', 'audited-agent'],
      ['agent.registered', 'agent:audited-agent', 'agent', 'audited-agent'],
      ['agent_type.updated', 'user:admin@outpost.local', 'agent_type', 's1-audit'],
      ['agent_type.created', 'user:admin@outpost.local', 'agent_type', 's1-audit'],
    ]);
    expect(list.events.find((e) => e.action === 'agent_type.updated')?.details).toEqual({ assignment_origin: 'assignment_origin_agent', release_after: 60 });
    expect(list.events.find((e) => e.action === 'agent.disconnected')?.details).toEqual({ agent_type: 's1-audit', name_held_for_seconds: 60 });
    expect(list.events.find((e) => e.action === 'agent_type.token_reset')?.details).toEqual({ disconnect_agents: true, disabled_agents: 0 });
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('pages with page_size and next_page_token', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock });
    for (let i = 0; i < 5; i++) {
      await createType(hub, `s1-page-${i}`);
      if (i % 2 === 0) clock += 1;
    }
    const seen: string[] = [];
    let pageToken = '';
    for (let page = 0; page < 5; page++) {
      const res = await api(hub, 'GET', `/api/v1alpha/audit_events?page_size=2${pageToken ? `&page_token=${pageToken}` : ''}`);
      const list = res.body as AuditList;
      seen.push(...list.events.map((e) => e.target.name));
      pageToken = list.next_page_token;
      if (!pageToken) break;
    }
    expect(seen).toEqual(['s1-page-4', 's1-page-3', 's1-page-2', 's1-page-1', 's1-page-0']);
  });
});

describe('audit events: bad input', async () => {
  const hub = await startHubWithAdmin({ keepForFile: true });
  const memberToken = await createUserToken(hub, 'member');

  it.each([
    { name: 'page_size 0 is the default', path: '/api/v1alpha/audit_events?page_size=0', status: 200 },
    { name: 'page_size 501', path: '/api/v1alpha/audit_events?page_size=501', status: 400, message: 'page size of 501 is invalid; use 0 for the default of 100, or a whole number from 1 to 500' },
    { name: 'a forged page_token', path: '/api/v1alpha/audit_events?page_token=%24%24', status: 400, message: 'the cursor is not valid' },
    { name: 'page_size that is a word', path: '/api/v1alpha/audit_events?page_size=ten', status: 400, message: 'page size of ten is invalid' },
    { name: 'page_token given twice', path: '/api/v1alpha/audit_events?page_token=a&page_token=b', status: 400, message: 'the cursor is not valid' },
    { name: 'no token', path: '/api/v1alpha/audit_events', token: null, status: 401, message: 'send an API token' },
    { name: 'a member may read', path: '/api/v1alpha/audit_events', token: memberToken, status: 200 },
  ])('$name → $status', async ({ path, token, status, message }) => {
    const res = await api(hub, 'GET', path, { token });
    expect(res.status).toBe(status);
    if (message) expect((res.body as { message: string }).message).toContain(message);
  });
});
