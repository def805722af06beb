import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../support/start-hub.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A downloads directory as the agent's bundle step leaves it (tiny stand-ins for the agents). */
function downloadsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-downloads-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'agent.mjs'), '// agent');
  writeFileSync(join(dir, 'outpost-agent-linux-x64'), 'ELF-ish');
  writeFileSync(join(dir, 'outpost-agent-linux-x64.sha256'), 'abc  outpost-agent-linux-x64\n');
  writeFileSync(join(dir, 'main.js'), '// tsc output, not a download');
  const files = [{ name: 'agent.mjs', os: 'any', arch: 'any', sha256: 'def', size: 9 }, { name: 'outpost-agent-linux-x64', os: 'linux', arch: 'x64', sha256: 'abc', size: 7 }];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '0.1.0', commit: 'abc123', files }));
  return dir;
}

describe('GET /install.sh', () => {
  it('is a bash script that downloads from the URL the request came to', async () => {
    const hub = await startHub({ env: { OUTPOST_AGENT_BUNDLE: join(downloadsDir(), 'agent.mjs') } });
    const res = await fetch(`${hub.url}/install.sh`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-shellscript; charset=utf-8');
    const script = await res.text();
    expect(script).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(script).toContain(`\nHUB_URL='${hub.url}'\n`);
    expect(script).toContain("\nPTY_PACKAGE='@lydell/node-pty@1'\n");
    const dir = mkdtempSync(join(tmpdir(), 'outpost-install-sh-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'install.sh'), script);
    await promisify(execFile)('bash', ['-n', join(dir, 'install.sh')]);
  });

  it('downloads from the public URL when the hub has one', async () => {
    const hub = await startHub({ env: { OUTPOST_PUBLIC_URL: 'https://ci.example.com/outpost' } });
    expect(await (await fetch(`${hub.url}/install.sh`)).text()).toContain("\nHUB_URL='https://ci.example.com/outpost'\n");
  });
});

describe('GET /downloads/', () => {
  it.each([
    { file: 'outpost-agent-linux-x64', type: 'application/octet-stream', body: 'ELF-ish' },
    { file: 'outpost-agent-linux-x64.sha256', type: 'text/plain; charset=utf-8', body: 'abc  outpost-agent-linux-x64\n' },
    { file: 'agent.mjs', type: 'application/javascript; charset=utf-8', body: '// agent' },
  ])('serves $file', async ({ file, type, body }) => {
    const hub = await startHub({ env: { OUTPOST_AGENT_BUNDLE: join(downloadsDir(), 'agent.mjs') } });
    const res = await fetch(`${hub.url}/downloads/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(body);
  });

  it('serves the manifest the UI compares agent versions with', async () => {
    const hub = await startHub({ env: { OUTPOST_AGENT_BUNDLE: join(downloadsDir(), 'agent.mjs') } });
    const res = await fetch(`${hub.url}/downloads/manifest.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: '0.1.0', commit: 'abc123' });
  });

  it.each([
    { file: 'outpost-agent-darwin-arm64', code: 'AGENT_DOWNLOAD_MISSING', message: 'outpost-agent-darwin-arm64 is not on this hub: npm run build builds the agent for the platform the hub runs on (downloads: agent.mjs, outpost-agent-linux-x64)' },
    { file: 'main.js', code: 'NOT_FOUND', message: 'the download main.js was not found' },
    { file: '..%2Fpackage.json', code: 'NOT_FOUND', message: 'the download ../package.json was not found' },
  ])('answers 404 for $file', async ({ file, code, message }) => {
    const hub = await startHub({ env: { OUTPOST_AGENT_BUNDLE: join(downloadsDir(), 'agent.mjs') } });
    const res = await fetch(`${hub.url}/downloads/${file}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code, message });
  });
});
