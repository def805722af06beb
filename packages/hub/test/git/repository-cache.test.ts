import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepositoryCache, type RepoAccess, type GitLimits } from '../../src/git/repository-cache.js';
import { parseRepoUrl } from '../../src/git/repo-url-policy.js';
import type { GitCredential } from '../../src/git/git-env-policy.js';
import { createTestRepo } from '../support/git-repo.js';
import { startGitHttpServer } from '../support/git-http-server.js';
import { createFakeSsh } from '../support/fake-ssh.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LIMITS: GitLimits = { timeoutMs: 20_000, fetchMaxBytes: 64 * 1024 * 1024, fileMaxBytes: 1024 * 1024 };

function newCache(limits: Partial<GitLimits> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-cache-'));
  dirs.push(dataDir);
  return { dataDir, cache: createRepositoryCache({ dataDir, limits: { ...LIMITS, ...limits }, log: pino({ level: 'silent' }) }) };
}

function access(url: string, credential: GitCredential = { kind: 'none' }, projectId = 'p1'): RepoAccess {
  const parsed = parseRepoUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  return { projectId, url: parsed.repo, credential };
}

describe('the repository cache', () => {
  it('fetches a commit by SHA over file:// into a shallow bare copy and reads a file at it', async () => {
    const repo = await createTestRepo();
    const first = await repo.commit('main', { 'a.txt': 'one\n' });
    const second = await repo.commit('main', { 'a.txt': 'two\n' });
    const { cache, dataDir } = newCache();
    const text = await cache.session(access(repo.fileUrl), async (s) => {
      expect(await s.fetch([first], 1)).toEqual({ ok: true });
      expect(await s.hasCommit(first)).toBe(true);
      expect(await s.hasCommit(second)).toBe(false);
      return s.readFile(first, 'a.txt');
    });
    expect(text).toEqual({ ok: true, text: 'one\n' });
    expect(existsSync(join(dataDir, 'git', 'p1.git', 'shallow'))).toBe(true);
  });

  it('answers not-found for a branch the repository lacks, and git reads an option-like refspec as a name', async () => {
    const repo = await createTestRepo();
    await repo.commit('main', { 'a.txt': 'one\n' });
    const { cache } = newCache();
    const marker = join(tmpdir(), `outpost-injection-${randomBytes(4).toString('hex')}`);
    const outcome = await cache.session(access(repo.fileUrl), (s) => s.fetch([`--upload-pack=touch ${marker}`], 1));
    expect(outcome).toMatchObject({ ok: false });
    expect(existsSync(marker)).toBe(false);
    const missing = await cache.session(access(repo.fileUrl), (s) => s.fetch(['+refs/heads/nope:refs/remotes/origin/heads/nope'], 1));
    expect(missing).toMatchObject({ ok: false, kind: 'not-found' });
  });

  it('fetches over HTTP with a token sent as a header only, and fails without it', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'a.txt': 'one\n' });
    const server = await startGitHttpServer(repo.bare, { token: 'tok-0123456789abcdef' });
    const { cache } = newCache();
    const refused = await cache.session(access(server.url, { kind: 'none' }), (s) => s.fetch([sha], 1));
    expect(refused).toMatchObject({ ok: false, kind: 'unreachable' });
    const fetched = await cache.session(access(server.url, { kind: 'token', token: 'tok-0123456789abcdef' }), (s) => s.fetch([sha], 1));
    expect(fetched).toEqual({ ok: true });
    expect(server.requests.some((r) => r.authorized && r.authorization?.startsWith('Basic '))).toBe(true);
    expect(server.requests.every((r) => !r.path.includes('tok-'))).toBe(true);
  });

  it('stops a fetch larger than the cap and leaves no temporary pack behind', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'big.bin': randomBytes(3 * 1024 * 1024).toString('base64') });
    const { cache, dataDir } = newCache({ fetchMaxBytes: 256 * 1024 });
    const outcome = await cache.session(access(repo.fileUrl), (s) => s.fetch([sha], 1));
    expect(outcome).toMatchObject({ ok: false, kind: 'too-large' });
    const packDir = join(dataDir, 'git', 'p1.git', 'objects', 'pack');
    expect(readdirSync(packDir).filter((n) => n.startsWith('tmp_'))).toEqual([]);
    // The cache still works for a fetch within the cap.
    const small = await createTestRepo();
    const smallSha = await small.commit('main', { 'a.txt': 'x' });
    expect(await cache.session(access(small.fileUrl), (s) => s.fetch([smallSha], 1))).toEqual({ ok: true });
  });

  it('ends a fetch from a server that never answers at the timeout', async () => {
    const held = createServer(() => undefined);
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = held.address() as AddressInfo;
      const { cache } = newCache({ timeoutMs: 500 });
      const outcome = await cache.session(access(`http://127.0.0.1:${port}/repo.git`), (s) => s.fetch(['+refs/heads/main:refs/x'], 1));
      expect(outcome).toMatchObject({ ok: false, kind: 'timeout' });
    } finally {
      held.closeAllConnections();
      held.close();
    }
  });

  it('refuses files that are too large, missing, directories or not text', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'big.yml': 'x'.repeat(2000), 'dir/a.yml': 'a', 'bin.yml': '\u0000\u0001' });
    const { cache } = newCache({ fileMaxBytes: 1000 });
    const results = await cache.session(access(repo.fileUrl), async (s) => {
      await s.fetch([sha], 1);
      return Promise.all(['big.yml', 'missing.yml', 'dir', 'bin.yml'].map((p) => s.readFile(sha, p)));
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.problem))).toEqual([
      'the file has 2000 bytes; a pipeline file may have at most 1000',
      'the file does not exist',
      'it is a directory, not a file',
      'the file contains a NUL byte; a pipeline file is UTF-8 text',
    ]);
  });

  it('serializes sessions of one project and removes a project copy', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'a.txt': 'one\n' });
    const { cache, dataDir } = newCache();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        cache.session(access(repo.fileUrl), async (s) => {
          order.push(`${name}:start`);
          await s.fetch([sha], 1);
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(statSync(join(dataDir, 'git', 'p1.git')).isDirectory()).toBe(true);
    await cache.remove('p1');
    expect(existsSync(join(dataDir, 'git', 'p1.git'))).toBe(false);
  });
});

describe('the repository cache over ssh', () => {
  it('fetches with the deploy key in a 0600 file that is gone afterwards, the project known_hosts and no agent', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'a.txt': 'one\n' });
    const ssh = createFakeSsh();
    const dataDir = mkdtempSync(join(tmpdir(), 'outpost-cache-'));
    dirs.push(dataDir);
    const cache = createRepositoryCache({ dataDir, limits: LIMITS, log: pino({ level: 'silent' }), sshProgram: ssh.program });
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nstand-in\n-----END OPENSSH PRIVATE KEY-----';
    const outcome = await cache.session(access(`git@git.example.com:${repo.bare}`, { kind: 'ssh_key', sshKey: key }), (s) => s.fetch([sha], 1));
    expect(outcome).toEqual({ ok: true });
    const [call] = ssh.calls();
    expect(call).toMatchObject({ keyMode: '600', keyFirstLine: '-----BEGIN OPENSSH PRIVATE KEY-----' });
    expect(call?.args).toContain(`UserKnownHostsFile=${join(dataDir, 'git', 'p1.known_hosts')}`);
    expect(call?.args).toContain('IdentityAgent=none');
    expect(call?.args).toContain('-F /dev/null');
    expect(readdirSync(join(dataDir, 'git', 'tmp'))).toEqual([]);
  });
});
