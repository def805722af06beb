import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, startHubWithAdmin } from './support/hub-clients.js';

/** Announces `announcedBytes`, sends 1 KB of it and resolves with the status the hub answers without the rest. */
function statusBeforeBody(url: string, headers: Record<string, string>, announcedBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(announcedBytes) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.write('['.repeat(1024));
  });
}

describe('request bodies are bounded before they are read', () => {
  it('answers an unauthenticated public-API request without reading its body', async () => {
    const hub = await startHubWithAdmin();
    expect(await statusBeforeBody(`${hub.url}/api/v1alpha/jobs`, { 'content-type': 'application/json' }, 1024 * 1024)).toBe(401);
    expect(await statusBeforeBody(`${hub.url}/api/v1alpha/jobs`, { 'content-type': 'application/json', authorization: 'Token wrong-token' }, 1024 * 1024)).toBe(401);
  });

  it('answers an agent call without a token without reading its body', async () => {
    const hub = await startHubWithAdmin();
    for (const path of ['/api/v1/self_hosted_agents/sync', '/api/v1/self_hosted_agents/register']) {
      expect(await statusBeforeBody(`${hub.url}${path}`, {}, 4096)).toBe(401);
    }
  });

  it.each<{ path: string; headers: Record<string, string> }>([
    { path: '/api/v1alpha/session', headers: { 'content-type': 'application/json' } },
    { path: '/api/v1/self_hosted_agents/sync', headers: { authorization: 'Token some-agent-token' } },
    { path: '/api/v1/self_hosted_agents/register', headers: { authorization: 'Token some-registration-token' } },
  ])('refuses a body over its few-KB limit on $path with 413', async ({ path, headers }) => {
    const hub = await startHubWithAdmin();
    const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers, body: JSON.stringify({ email: 'x'.repeat(17 * 1024) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('limit') });
  });

  it('refuses JSON nested deeper than any API body before parsing it', async () => {
    const hub = await startHubWithAdmin();
    const res = await api(hub, 'POST', '/api/v1alpha/jobs', { token: ADMIN_TOKEN, rawBody: `${'['.repeat(100)}${']'.repeat(100)}` });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_JSON', message: expect.stringContaining('at most 32 levels') });
  });
});
