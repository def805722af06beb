import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from './support/start-hub.js';

function httpsHeaders(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Strict-Transport-Security', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-hsts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is sent on every answer when the hub serves HTTPS itself', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const hub = await startHub({ config: { tlsCertPath: cert, tlsKeyPath: key } });
    for (const path of ['/healthz', '/api/v1alpha/agents', '/sign-in']) {
      expect((await httpsHeaders(`${hub.url}${path}`))['strict-transport-security']).toBe('max-age=31536000');
    }
  });

  it('is sent behind a trusted proxy that forwarded HTTPS, and never over plain HTTP', async () => {
    const proxied = await startHub({ env: { OUTPOST_TRUST_PROXY: '1' } });
    const viaProxy = await fetch(`${proxied.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const plain = await startHub();
    const direct = await fetch(`${plain.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(direct.headers.get('strict-transport-security')).toBeNull();
  });
});
