import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent, PipelineDescribe } from '@outpost/protocol';
import { waitFor } from '../../test-support/wait-for.js';
import { ADMIN_TOKEN, HUB_BIN, api, createAgentType, run, startAgentProcess, startHubProcess, tempDir, type HubProcess } from '../agent/support/processes.js';
import { createTestRepo } from '../../packages/hub/test/support/git-repo.js';
import { startGitHttpServer } from '../../packages/hub/test/support/git-http-server.js';
import { createFakeSsh } from '../../packages/hub/test/support/fake-ssh.js';

const TYPE = 's1-e2e-projects';
const FILE = '.semaphore/semaphore.yml';

const pipeline = (commands: string[]) => `version: v1.0
name: Checkout e2e
agent:
  machine:
    type: ${TYPE}
blocks:
  - name: Build
    task:
      jobs:
        - name: build
          commands:
${commands.map((c) => `            - ${JSON.stringify(c)}`).join('\n')}
`;

const CHECKOUT_AND_SHOW = ['checkout', 'git rev-parse HEAD', 'cat hello.txt', 'echo "branch=$SEMAPHORE_GIT_BRANCH dir=$(pwd)"'];

async function outpost(hub: HubProcess, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = run([HUB_BIN, ...args], { OUTPOST_URL: hub.url, OUTPOST_TOKEN: ADMIN_TOKEN, ...env });
  const code = await proc.exited;
  return { code, stdout: proc.stdout.join(''), stderr: proc.stderr.join('') };
}

async function doneJob(hub: HubProcess, pipelineId: string): Promise<{ pipeline: PipelineDescribe; jobId: string; output: string }> {
  const pipelineDone = await waitFor(
    async () => {
      const described = await api<PipelineDescribe>(hub, 'GET', `/api/v1alpha/pipelines/${pipelineId}?detailed=true`);
      return described.pipeline.state === 'done' ? described : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100, message: `pipeline ${pipelineId} to finish` },
  );
  const jobId = pipelineDone.blocks[0]?.jobs[0]?.job_id ?? '';
  const events = (await api<{ events: LogEvent[] }>(hub, 'GET', `/api/v1alpha/logs/${jobId}`)).events;
  const output = events.filter((e) => e.event === 'cmd_output').map((e) => (e as { output: string }).output).join('');
  return { pipeline: pipelineDone, jobId, output };
}

describe('projects end to end: a real hub, a real agent and the outpost CLI', () => {
  it('a newcomer creates a project for a local repository, pushes, and the signed webhook runs the job with checkout at the pushed commit', async () => {
    const hub = await startHubProcess();
    const agent = startAgentProcess(hub, await createAgentType(hub, TYPE));
    const repo = await createTestRepo();
    await repo.commit('main', { [FILE]: pipeline(CHECKOUT_AND_SHOW), 'hello.txt': 'hello from the first commit\n' });
    const created = await outpost(hub, ['projects', 'create', 'app', '--repository', repo.fileUrl, '--run-on', 'branches,tags,pull_requests']);
    expect(created.code, created.stderr).toBe(0);
    const url = /Webhook URL:\s+(\S+)/.exec(created.stdout)?.[1] ?? '';
    const secret = /Webhook secret:\s+([0-9a-f]{64})/.exec(created.stdout)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/[0-9a-f-]{36}$/);
    const listed = await outpost(hub, ['projects', 'list']);
    expect(listed.stdout).toMatch(/app\s+file:\/\/\S+\s+branches,tags,pull_requests\s+none/);
    expect(listed.stdout).not.toContain(secret);

    const before = await repo.revParse('HEAD');
    const pushed = await repo.commit('main', { 'hello.txt': 'hello from the pushed commit\n' });
    const body = JSON.stringify({ ref: 'refs/heads/main', before, after: pushed, pusher: { name: 'ada' }, repository: { full_name: 'org/app' } });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomBytes(8).toString('hex'), 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
      body,
    });
    const answer = (await res.json()) as { outcome: string; pipeline_id: string };
    expect(answer.outcome).toBe('started');

    const { pipeline: done, jobId, output } = await doneJob(hub, answer.pipeline_id);
    expect(done.pipeline, agent.output().slice(-3000)).toMatchObject({ result: 'passed', commit_sha: pushed });
    expect(output).toMatch(new RegExp(`^${pushed}\\r?$`, 'm'));
    expect(output).toContain('hello from the pushed commit');
    expect(output).toContain(`branch=main dir=${join(agent.home, 'origin')}`);
    // The job's checkout files went with it (the last epilogue command).
    expect(existsSync(join(agent.home, '.outpost', 'jobs', jobId))).toBe(false);
    const workflows = await outpost(hub, ['workflows', 'list', '--project', 'app']);
    expect(workflows.stdout).toMatch(new RegExp(`refs/heads/main\\s+${pushed.slice(0, 12)}\\s+HOOK\\s+DONE\\s+PASSED`));
  });

  it('fetches an HTTPS repository that needs a token on the hub and in the job (outpost workflows run --follow), and masks the token in the log', async () => {
    const hub = await startHubProcess();
    startAgentProcess(hub, await createAgentType(hub, TYPE));
    const repo = await createTestRepo();
    const token = `tok-${randomBytes(16).toString('hex')}`;
    const sha = await repo.commit('main', {
      [FILE]: pipeline([...CHECKOUT_AND_SHOW, 'cat ~/.outpost/jobs/$SEMAPHORE_JOB_ID/git-token; echo']),
      'hello.txt': 'hello over https\n',
    });
    const server = await startGitHttpServer(repo.bare, { token });
    const created = await outpost(hub, ['projects', 'create', 'private', '--repository', server.url, '--token-env', 'PRIVATE_TOKEN'], { PRIVATE_TOKEN: token });
    expect(created.code, created.stderr).toBe(0);
    const ran = await outpost(hub, ['workflows', 'run', '--project', 'private', '--branch', 'main', '--follow']);
    expect(ran.code, `${ran.stdout}${ran.stderr}`).toBe(0);
    expect(ran.stderr).toMatch(/pipeline \S+ passed/);
    const pipelineId = /pipeline (\S+) \(workflow/.exec(ran.stderr)?.[1] ?? '';
    const { output, jobId } = await doneJob(hub, pipelineId);
    expect(output).toContain(sha);
    expect(output).toContain('hello over https');
    expect(output).toContain('[MASKED]');
    expect(output).not.toContain(token);
    expect(server.requests.filter((r) => r.authorized).length).toBeGreaterThanOrEqual(2);
    expect(server.requests.some((r) => !r.authorized && r.authorization !== undefined)).toBe(false);
    const job = await api<unknown>(hub, 'GET', `/api/v1alpha/jobs/${jobId}`);
    expect(JSON.stringify(job)).not.toContain(token);
  });

  it('clones an ssh repository with the deploy key on the hub and in the job (a stand-in ssh), the key masked in the log', async () => {
    const ssh = createFakeSsh();
    const hub = await startHubProcess({ env: { OUTPOST_ALLOW_TEST_OVERRIDES: '1', OUTPOST_TEST_SSH_PROGRAM: ssh.program } });
    startAgentProcess(hub, await createAgentType(hub, TYPE));
    const repo = await createTestRepo();
    const keyLine = `b3BlbnNzaC1rZXktdjE${randomBytes(12).toString('hex')}`;
    const keyFile = join(tempDir(), 'deploy_key');
    writeFileSync(keyFile, `-----BEGIN OPENSSH PRIVATE KEY-----\n${keyLine}\n-----END OPENSSH PRIVATE KEY-----\n`);
    const sha = await repo.commit('main', {
      [FILE]: pipeline([`export PATH="${ssh.dir}:$PATH"`, ...CHECKOUT_AND_SHOW, 'cat ~/.outpost/jobs/$SEMAPHORE_JOB_ID/git-ssh-key']),
      'hello.txt': 'hello over ssh\n',
    });
    const created = await outpost(hub, ['projects', 'create', 'keyed', '--repository', `git@git.example.com:${repo.bare}`, '--deploy-key-file', keyFile]);
    expect(created.code, created.stderr).toBe(0);
    const ran = await outpost(hub, ['workflows', 'run', '--project', 'keyed', '--branch', 'main']);
    expect(ran.code, ran.stderr).toBe(0);
    const { pipeline: done, output } = await doneJob(hub, ran.stdout.trim());
    expect(done.pipeline).toMatchObject({ result: 'passed', commit_sha: sha });
    expect(output).toContain('hello over ssh');
    expect(output).not.toContain(keyLine);
    const calls = ssh.calls();
    // The hub's fetch and the job's checkout, each with the key in a 0600 file.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.keyMode === '600' && c.keyFirstLine === '-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(true);
  });
});
