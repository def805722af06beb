import { describe, expect, it } from 'vitest';
import { api, startHubWithAdmin } from '../support/hub-clients.js';

/** Every src= and href= of a page. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('GET /api/docs: browsable API docs served by the hub itself', () => {
  it('answers an HTML page whose scripts and styles all come from the hub and answer 200', async () => {
    const hub = await startHubWithAdmin();
    const page = await fetch(`${hub.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:/);
    const urls = assetUrls(await page.text());
    expect(urls.filter((url) => url.endsWith('.js')).length).toBeGreaterThanOrEqual(3);
    expect(urls.filter((url) => url.endsWith('.css')).length).toBeGreaterThanOrEqual(1);
    expect(urls.filter((url) => !url.startsWith('/api/docs/'))).toEqual([]);
    for (const url of urls) {
      const asset = await fetch(`${hub.url}${url}`);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
  });

  it('points the page at the same document as /api/v1alpha/openapi.json, readable without a token', async () => {
    const hub = await startHubWithAdmin();
    const initializer = await (await fetch(`${hub.url}/api/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain("resolveUrl('./json')");
    expect(initializer).toContain('validatorUrl: null');
    const fromDocs = await fetch(`${hub.url}/api/docs/json`);
    expect(fromDocs.status).toBe(200);
    expect(await fromDocs.json()).toEqual((await api(hub, 'GET', '/api/v1alpha/openapi.json', { token: null })).body);
  });
});
