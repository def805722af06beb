import { describe, expect, it } from 'vitest';
import { startHub } from './support/start-hub.js';

const PASSWORD = 'a long enough password';

async function signInBehindProxy(url: string) {
  return fetch(`${url}/api/v1alpha/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
    body: JSON.stringify({ email: 'admin@outpost.local', password: PASSWORD }),
  });
}

describe('a hub behind a TLS-terminating proxy', () => {
  it('marks the session cookie Secure when it trusts the proxy (--trust-proxy)', async () => {
    const hub = await startHub({ env: { OUTPOST_ADMIN_PASSWORD: PASSWORD, OUTPOST_TRUST_PROXY: '1' } });
    const res = await signInBehindProxy(hub.url);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/outpost_session=[^;]+;.*Secure/);
  });

  it('ignores X-Forwarded-Proto from a client when it does not trust a proxy', async () => {
    const hub = await startHub({ env: { OUTPOST_ADMIN_PASSWORD: PASSWORD } });
    const res = await signInBehindProxy(hub.url);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join('\n')).not.toMatch(/Secure/);
  });

  // The proxy appends the address it saw; entries left of it are the client's to write, so they may be forged.
  it.each([
    { trust: '1', sent: '198.51.100.9, 203.0.113.7', expected: '203.0.113.7' },
    { trust: '127.0.0.1', sent: '198.51.100.9, 203.0.113.7', expected: '203.0.113.7' },
    { trust: '2', sent: '198.51.100.9, 203.0.113.7', expected: '198.51.100.9' },
    { trust: '10.9.9.9', sent: '203.0.113.7', expected: '127.0.0.1' },
    { trust: '', sent: '203.0.113.7', expected: '127.0.0.1' },
  ])('records agent address $expected for X-Forwarded-For "$sent" when trusting "$trust"', async ({ trust, sent, expected }) => {
    const hub = await startHub({ env: { OUTPOST_BOOTSTRAP_TOKEN: 'bootstrap-token-0123456789', OUTPOST_TRUST_PROXY: trust } });
    const api = { authorization: 'Token bootstrap-token-0123456789', 'content-type': 'application/json' };
    const created = await fetch(`${hub.url}/api/v1alpha/self_hosted_agent_types`, {
      method: 'POST',
      headers: api,
      body: JSON.stringify({ metadata: { name: 's1-proxy' } }),
    });
    const registrationToken = ((await created.json()) as { status: { registration_token: string } }).status.registration_token;
    const registered = await fetch(`${hub.url}/api/v1/self_hosted_agents/register`, {
      method: 'POST',
      headers: { authorization: `Token ${registrationToken}`, 'x-forwarded-for': sent },
      body: JSON.stringify({
        name: 'proxied-agent-1', version: 'v2.4.0', pid: 1, os: '', arch: 'x86_64', hostname: 'h',
        single_job: false, idle_timeout: 0, interruption_grace_period: 0, job_id: '',
      }),
    });
    expect(registered.status).toBe(201);
    const agent = await fetch(`${hub.url}/api/v1alpha/agents/proxied-agent-1`, { headers: api });
    expect(((await agent.json()) as { metadata: { ip_address: string } }).metadata.ip_address).toBe(expected);
    await hub.stop();
  });
});
