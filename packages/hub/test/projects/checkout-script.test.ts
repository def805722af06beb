import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { withCheckout, type ProjectRunFacts } from '../../src/lifecycle/checkout-job-spec.js';
import { emptyHookDetails } from '../../src/lifecycle/hook-details.js';
import { parseRepoUrl } from '../../src/git/repo-url-policy.js';
import type { GitCredential } from '../../src/git/git-env-policy.js';
import { buildJobRequest } from '../../src/dispatch/job-payload.js';
import { createTestRepo, GIT_TEST_ENV } from '../support/git-repo.js';
import { startGitHttpServer } from '../support/git-http-server.js';
import { createFakeSsh } from '../support/fake-ssh.js';

const exec = promisify(execFile);
const JOB = '0190f2c4-8a4b-7c3e-9d2a-0123456789ab';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nfake-key-for-the-stand-in-ssh\n-----END OPENSSH PRIVATE KEY-----\n';
const homes: string[] = [];
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs a project job's commands the way an agent does (env exported, files written under HOME with their modes, then
 * the commands in one bash) — enough to see what `checkout` does without an agent.
 */
async function runJob(url: string, sha: string, branch: string, credential: GitCredential, commands: string[], extra: { path?: string; env?: Record<string, string>; home?: string } = {}) {
  const parsed = parseRepoUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  const facts: ProjectRunFacts = {
    projectId: 'p', projectName: 'app', url, repoSlug: parsed.repo.slug, repoName: parsed.repo.name, refKind: 'branch', sha, triggeredBy: 'API',
    hook: { ...emptyHookDetails(), branch }, credential, knownHosts: '',
  };
  const { spec, secrets } = withCheckout({ agent: { machine: { type: 's1-x' } }, commands }, JOB, facts, 0);
  const request = buildJobRequest({ jobId: JOB, jobName: 'j', createdAtMs: Date.now(), spec: { ...spec, files: [...(spec.files ?? []), ...secrets.flatMap((s) => s.files)] }, logUrl: 'http://x/logs', logToken: 't', hubUrl: 'http://x' });
  const home = extra.home ?? mkdtempSync(join(tmpdir(), 'outpost-job-home-'));
  homes.push(home);
  for (const file of request.files) {
    const path = join(home, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(file.content, 'base64'));
    chmodSync(path, Number.parseInt(file.mode, 8));
  }
  const env = Object.fromEntries(request.env_vars.map((v) => [v.name, Buffer.from(v.value, 'base64').toString('utf8')]));
  const script = request.commands.map((c) => c.directive).join('\n');
  const result = await exec('bash', ['-c', script], {
    cwd: home,
    env: { ...GIT_TEST_ENV, ...env, ...extra.env, HOME: home, PATH: `${extra.path ? `${extra.path}:` : ''}${process.env.PATH ?? ''}` },
  }).catch((error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }));
  return { home, stdout: result.stdout, stderr: result.stderr, code: 'code' in result ? result.code : 0, keyPath: join(home, `.outpost/jobs/${JOB}`) };
}

describe('the checkout command a project job sources', () => {
  it('clones the repository shallowly at the SHA (not the branch head) into SEMAPHORE_GIT_DIR and stays there', async () => {
    const repo = await createTestRepo();
    await repo.commit('main', { 'a.txt': 'first\n' });
    const old = await repo.commit('main', { 'a.txt': 'old\n' });
    await repo.commit('main', { 'a.txt': 'new\n' });
    const job = await runJob(repo.fileUrl, old, 'main', { kind: 'none' }, ['checkout', 'git rev-parse HEAD', 'pwd', 'cat a.txt', 'git rev-parse --abbrev-ref HEAD', 'git rev-parse --is-shallow-repository'], {
      env: { SEMAPHORE_GIT_DEPTH: '1' },
    });
    expect(job.code, job.stderr).toBe(0);
    const lines = job.stdout.trim().split('\n');
    expect(lines).toContain(old);
    expect(lines).toContain(join(job.home, 'origin'));
    expect(lines).toContain('old');
    expect(lines).toContain('main');
    expect(lines).toContain('true');
    expect(job.stdout).toContain(`HEAD is now at ${old.slice(0, 7)}`);
  });

  it('fetches with a token in an http.extraHeader of the fetch alone: not in the URL, the repository config or an xtrace line', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'a.txt': 'x' });
    const token = 'tok-checkout-0123456789abcdef';
    const server = await startGitHttpServer(repo.bare, { token, username: 'x-access-token' });
    const job = await runJob(server.url, sha, 'main', { kind: 'token', token }, ['set -x', 'checkout', 'set +x', 'git rev-parse HEAD', 'git config --local --list']);
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toContain(sha);
    expect(server.requests.some((r) => r.authorized)).toBe(true);
    expect(`${job.stdout}${job.stderr}`).not.toContain(token);
    expect(`${job.stdout}${job.stderr}`).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));
    expect(readFileSync(join(job.home, 'origin', '.git', 'config'), 'utf8')).not.toContain('tok-');
    expect(statSync(join(job.keyPath, 'git-token')).mode & 0o777).toBe(0o600);
  });

  it('fails with a message when the token is missing, instead of prompting', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'a.txt': 'x' });
    const server = await startGitHttpServer(repo.bare, { token: 'needed-token-123456' });
    const job = await runJob(server.url, sha, 'main', { kind: 'none' }, ['checkout']);
    expect(job.code).not.toBe(0);
    expect(job.stderr).toContain('[CHECKOUT ERROR] could not fetch');
  });

  it('uses an SSH deploy key from a 0600 file through GIT_SSH_COMMAND', async () => {
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { 'a.txt': 'x' });
    const ssh = createFakeSsh();
    const job = await runJob(`git@git.example.com:${repo.bare}`, sha, 'main', { kind: 'ssh_key', sshKey: KEY }, ['checkout', 'git rev-parse HEAD'], { path: ssh.dir });
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toContain(sha);
    const [call] = ssh.calls();
    expect(call).toMatchObject({ keyMode: '600', keyFirstLine: '-----BEGIN OPENSSH PRIVATE KEY-----' });
    expect(call?.args).toContain('IdentitiesOnly=yes');
    expect(call?.args).toContain('StrictHostKeyChecking=accept-new');
    expect(call?.args).toContain('git@git.example.com');
  });

  it('reuses an earlier clone in SEMAPHORE_GIT_DIR and refuses a directory that is not one', async () => {
    const repo = await createTestRepo();
    const first = await repo.commit('main', { 'a.txt': '1' });
    const second = await repo.commit('main', { 'a.txt': '2' });
    const earlier = await runJob(repo.fileUrl, first, 'main', { kind: 'none' }, ['checkout']);
    expect(earlier.code, earlier.stderr).toBe(0);
    writeFileSync(join(earlier.home, 'origin', 'a.txt'), 'local change');
    const again = await runJob(repo.fileUrl, second, 'main', { kind: 'none' }, ['checkout', 'cat a.txt', 'git rev-parse HEAD'], { home: earlier.home });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(second);
    expect(again.stdout).toContain('2');
    const refused = await runJob(repo.fileUrl, second, 'main', { kind: 'none' }, ['mkdir data', 'echo mine > data/keep.txt', 'checkout'], { env: { SEMAPHORE_GIT_DIR: 'data' } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('exists and is not a git repository');
    expect(readFileSync(join(refused.home, 'data', 'keep.txt'), 'utf8')).toBe('mine\n');
  });
});
