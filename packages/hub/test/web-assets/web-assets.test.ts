import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HubError } from '../../src/errors.js';
import { webAssetsPlugin } from '../../src/web-assets/plugin.js';
import { startHub } from '../support/start-hub.js';

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-web-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The plugin alone on a real server, with the hub's HubError → status mapping. */
async function serve(options: { webDir: string; agentBundlePath?: string }): Promise<string> {
  const app: FastifyInstance = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HubError) return reply.status(error.status).send({ message: error.message, code: error.code });
    return reply.status(500).send({ message: String(error) });
  });
  await app.register(webAssetsPlugin, { agentBundlePath: join(tempDir(), 'no-agent.mjs'), ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => app.close());
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function builtUi(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("ui")');
  return dir;
}

describe('the web UI assets', () => {
  it.each(['/', '/self-hosted-agents', '/self-hosted-agents/s1-linux', '/jobs/0b6c?state=RUNNING'])(
    'serves index.html for the client route %s, with no-cache and a strict CSP',
    async (path) => {
      const base = await serve({ webDir: builtUi() });
      const res = await fetch(`${base}${path}`, { headers: BROWSER });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(await res.text()).toContain('<div id="root">');
    },
  );

  it('serves a hashed asset with a year-long immutable cache', async () => {
    const base = await serve({ webDir: builtUi() });
    const res = await fetch(`${base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log("ui")');
  });

  it.each([
    { name: 'a missing asset', path: '/assets/index-old.js', headers: BROWSER },
    { name: 'an unknown API path, even from a browser', path: '/api/v1alpha/nope', headers: BROWSER },
    { name: 'a client route asked for by a script', path: '/self-hosted-agents', headers: { accept: 'application/json' } },
  ])('answers $name with a JSON 404', async ({ path, headers }) => {
    const base = await serve({ webDir: builtUi() });
    const res = await fetch(`${base}${path}`, { headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: `there is no route GET ${path}` });
  });

  it('serves a page that says how to build the UI when it was not built', async () => {
    const webDir = join(tempDir(), 'missing-dist');
    const base = await serve({ webDir });
    const res = await fetch(`${base}/self-hosted-agents`, { headers: BROWSER });
    expect(res.status).toBe(503);
    const page = await res.text();
    expect(page).toContain('The Outpost web UI is not built');
    expect(page).toContain('npm run build');
    expect(page).toContain(webDir);
  });
});

describe('GET /downloads/agent.mjs', () => {
  it('serves the agent bundle the configuration names', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.mjs'), '#!/usr/bin/env node\n// agent');
    const base = await serve({ webDir: builtUi(), agentBundlePath: join(dir, 'agent.mjs') });
    const res = await fetch(`${base}/downloads/agent.mjs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(await res.text()).toBe('#!/usr/bin/env node\n// agent');
  });

  it('answers 404 with how to build it when there is no bundle', async () => {
    const base = await serve({ webDir: builtUi(), agentBundlePath: join(tempDir(), 'absent.mjs') });
    const res = await fetch(`${base}/downloads/agent.mjs`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'AGENT_BUNDLE_MISSING', message: expect.stringContaining('npm run build') });
  });
});

describe('the web UI inside the hub', () => {
  it('serves the UI and the agent from the directories in its configuration (OUTPOST_WEB_DIR, OUTPOST_AGENT_BUNDLE)', async () => {
    const bundleDir = tempDir();
    writeFileSync(join(bundleDir, 'outpost-agent.mjs'), '// configured agent');
    const hub = await startHub({ env: { OUTPOST_WEB_DIR: builtUi(), OUTPOST_AGENT_BUNDLE: join(bundleDir, 'outpost-agent.mjs') } });
    const page = await fetch(`${hub.url}/jobs`, { headers: BROWSER });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/assets/index-abc123.js');
    expect(await (await fetch(`${hub.url}/assets/index-abc123.js`)).text()).toBe('console.log("ui")');
    expect(await (await fetch(`${hub.url}/downloads/agent.mjs`)).text()).toBe('// configured agent');
  });

  it('leaves the APIs alone: an unknown API route is still a JSON 404 and /healthz still answers', async () => {
    const hub = await startHub();
    const unknown = await fetch(`${hub.url}/api/v1alpha/definitely-not-a-route`, { headers: BROWSER });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const page = await fetch(`${hub.url}/self-hosted-agents`, { headers: BROWSER });
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
