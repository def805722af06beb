import { expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { ADMIN_TOKEN, agentCall, api, describeEachDialect, createType, register, startHubWithAdmin } from '../support/hub-clients.js';

await describeEachDialect('tokens never leak (%s)', (dialect) => {
  it('keeps every token and token hash out of the log and out of later answers', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const firstRegistration = await createType(hub, 's1-secret', { release_after: 60 });
    const first = await register(hub, firstRegistration, { name: 'secret-agent-1' });
    const firstAccess = (first.body as { token: string }).token;
    // A retry of the same registration issues a second access token for the same row.
    const retried = await register(hub, firstRegistration, { name: 'secret-agent-1' });
    const retriedAccess = (retried.body as { token: string }).token;
    const refused = await register(hub, 'f'.repeat(64));
    expect(refused.status).toBe(404);
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/disconnect', retriedAccess)).status).toBe(200);
    const reset = await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types/s1-secret/reset_token', { body: { disconnect_agents: true } });
    const secondRegistration = (reset.body as { status: { registration_token: string } }).status.registration_token;
    const second = await register(hub, secondRegistration, { name: 'secret-agent-2' });
    const secondAccess = (second.body as { token: string }).token;
    expect((await api(hub, 'POST', '/api/v1alpha/agents/secret-agent-2/disable')).status).toBe(200);

    const later = [
      await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types'),
      await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types/s1-secret'),
      await api(hub, 'PATCH', '/api/v1alpha/self_hosted_agent_types/s1-secret', { body: {} }),
      await api(hub, 'GET', '/api/v1alpha/agents'),
      await api(hub, 'GET', '/api/v1alpha/agents/secret-agent-2'),
      await api(hub, 'GET', '/api/v1alpha/audit_events'),
      await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types/s1-secret/disable_all'),
    ];
    for (const res of later) expect(res.status).toBe(200);

    const secrets = [ADMIN_TOKEN, firstRegistration, firstAccess, retriedAccess, secondRegistration, secondAccess, 'f'.repeat(64)];
    const forbidden = [...secrets, ...secrets.map(hashToken)];
    const log = hub.logLines.join('\n');
    expect(hub.logLines.length).toBeGreaterThan(10);
    expect(log).toContain('agent registered');
    const answers = later.map((res) => res.text).join('\n');
    for (const value of forbidden) {
      expect(log).not.toContain(value);
      expect(answers).not.toContain(value);
    }
  });
});
