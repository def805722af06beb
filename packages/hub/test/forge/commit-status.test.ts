import { describe, expect, it } from 'vitest';
import type { PipelineDescribe, ProjectForge, WorkflowRunResponse } from '@outpost/protocol';
import { api, describeEachDialect, createType, createUserToken, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { startFakeForge, type FakeForge, type FakeForgeRequest } from '../support/fake-forge.js';
import { createTestRepo } from '../support/git-repo.js';
import { startGitHttpServer } from '../support/git-http-server.js';
import { TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { describePipeline, isDone, waitForPipeline } from '../support/pipelines-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TestDialect } from '../support/test-database.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-forge';
const PIPELINE = `version: v1.0
name: Forge CI
agent:
  machine:
    type: ${TYPE}
blocks:
  - name: Test
    task:
      jobs:
        - name: unit
          commands:
            - echo ok
`;
const FAILING = PIPELINE.replace('echo ok', 'exit 1');
const STATUS_TOKEN = 'ghs_status_token_0123456789abcdef';
const REPO_TOKEN = 'glpat-repository-token-0123456789';


async function setUp(dialect: TestDialect) {
  // Retries start at 20 ms and sweeps run every 100 ms, so a few failed sends resolve within a second.
  const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY }, config: { commitStatusRetryBaseMs: 20, sweepIntervalMs: 100 } });
  const registrationToken = await createType(hub, TYPE);
  await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 10 });
  return { hub, forge: await startFakeForge() };
}

async function createProject(hub: TestHub, name: string, url: string, credentials?: unknown): Promise<string> {
  const res = await api(hub, 'POST', '/api/v1alpha/projects', {
    body: { metadata: { name }, spec: { repository: { url, run_on: ['branches', 'tags'], ...(credentials ? { credentials } : {}) } } },
  });
  if (res.status !== 200) throw new Error(`create project ${name}: ${res.status} ${res.text}`);
  return (res.body as { metadata: { id: string } }).metadata.id;
}

async function setForge(hub: TestHub, project: string, body: unknown): Promise<ProjectForge> {
  const res = await api(hub, 'PUT', `/api/v1alpha/projects/${project}/commit_status`, { body });
  if (res.status !== 200) throw new Error(`commit_status of ${project}: ${res.status} ${res.text}`);
  return res.body as ProjectForge;
}

async function run(hub: TestHub, projectId: string, branch = 'main'): Promise<WorkflowRunResponse> {
  const res = await api(hub, 'POST', '/api/v1alpha/plumber-workflows', { body: { project_id: projectId, reference: `refs/heads/${branch}` } });
  if (res.status !== 200) throw new Error(`run: ${res.status} ${res.text}`);
  return res.body as WorkflowRunResponse;
}

const lastState = (forge: FakeForge) => (forge.requests.at(-1)?.body as { state?: string } | undefined)?.state;
const waitForStatus = (hub: TestHub, id: string, predicate: (s: NonNullable<PipelineDescribe['commit_status']>) => boolean, message: string) =>
  waitFor(async () => {
    const described = await describePipeline(hub, id);
    return described.commit_status && predicate(described.commit_status) ? described : undefined;
  }, { timeoutMs: 20_000, message });
const noTokenIn = (hub: TestHub, token: string) => expect(hub.logLines.filter((line) => line.includes(token))).toEqual([]);

await describeEachDialect('commit statuses on %s', (dialect) => {
  it('GitHub: pending then success on the commit, with the status token as Bearer, the pipeline page as target and one context per file', async () => {
    const { hub, forge } = await setUp(dialect);
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { '.semaphore/semaphore.yml': PIPELINE });
    const projectId = await createProject(hub, 'web', repo.fileUrl);
    const settings = await setForge(hub, 'web', { kind: 'github', api_url: forge.url, repository: 'acme/web', token: STATUS_TOKEN });
    expect(settings).toEqual({ kind: 'github', api_url: forge.url, repository: 'acme/web', token: 'status_token', resolved: { kind: 'github', api_base: forge.url, repository: 'acme/web' } });

    const { pipeline_id } = await run(hub, projectId);
    await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to pass');
    await waitFor(() => lastState(forge) === 'success', { message: 'success on the forge' });
    const sent = forge.requests.filter((r) => r.status === 201);
    expect(sent[0]?.body).toMatchObject({ state: 'pending' });
    for (const request of forge.requests) expectGitHubShape(request, sha, `${hub.url}/pipelines/${pipeline_id}`);
    expect(forge.requests.at(-1)?.body).toEqual({ state: 'success', description: 'The pipeline passed', target_url: `${hub.url}/pipelines/${pipeline_id}`, context: 'outpost/.semaphore/semaphore.yml' });
    const described = await waitForStatus(hub, pipeline_id, (s) => s.state === 'success' && s.delivery === 'sent', 'describe to show the sent status');
    expect(described.commit_status).toEqual({ state: 'success', description: 'The pipeline passed', delivery: 'sent', attempts: 1, last_error: null, last_http_status: 201, next_attempt_at: null });
    noTokenIn(hub, STATUS_TOKEN);
  });

  it('GitLab: the project’s HTTPS token as PRIVATE-TOKEN, the path URL-encoded; two 503s are retried and the latest state wins', async () => {
    const { hub, forge } = await setUp(dialect);
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { '.semaphore/semaphore.yml': FAILING });
    const git = await startGitHttpServer(repo.bare, { username: 'oauth2', token: REPO_TOKEN });
    const projectId = await createProject(hub, 'api', git.url, { kind: 'token', token: REPO_TOKEN, username: 'oauth2' });
    expect((await setForge(hub, 'api', { kind: 'gitlab', api_url: forge.url, repository: 'acme/team/api' })).token).toBe('repository_token');
    forge.failNext(2, 503, 'GitLab is restarting');

    const { pipeline_id } = await run(hub, projectId);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to fail');
    expect(done.pipeline, JSON.stringify(done.pipeline)).toMatchObject({ result: 'failed', result_reason: 'test' });
    await waitFor(() => lastState(forge) === 'failed' && forge.requests.at(-1)?.status === 201, { message: 'failed on the forge' });
    expect(forge.requests.filter((r) => r.status === 503)).toHaveLength(2);
    for (const request of forge.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/projects/acme%2Fteam%2Fapi/statuses/${sha}`);
      expect(request.headers['private-token']).toBe(REPO_TOKEN);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.body).toMatchObject({ name: 'outpost/.semaphore/semaphore.yml', target_url: `${hub.url}/pipelines/${pipeline_id}` });
    }
    expect(forge.requests.at(-1)?.body).toEqual({ state: 'failed', name: 'outpost/.semaphore/semaphore.yml', target_url: `${hub.url}/pipelines/${pipeline_id}`, description: 'The pipeline failed' });
    // States the forge never got before a newer one came are superseded, not sent late: nothing follows the final state.
    const states = forge.requests.filter((r) => r.status === 201).map((r) => (r.body as { state: string }).state);
    expect(states.at(-1)).toBe('failed');
    expect(states.filter((s) => s === 'failed')).toHaveLength(1);
    await waitForStatus(hub, pipeline_id, (s) => s.state === 'failed' && s.delivery === 'sent', 'describe to show the sent status');
    noTokenIn(hub, REPO_TOKEN);
  });
});

describe('commit statuses that cannot be delivered', () => {
  it('Gitea: a 401 is given up at once, the pipeline still passes and describe says why, without the token', async () => {
    const { hub, forge } = await setUp('sqlite');
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { '.semaphore/semaphore.yml': PIPELINE });
    const projectId = await createProject(hub, 'site', repo.fileUrl);
    await setForge(hub, 'site', { kind: 'gitea', api_url: `${forge.url}/api/v1`, repository: 'me/site', token: STATUS_TOKEN });
    forge.failNext(100, 401, `token ${STATUS_TOKEN} is not valid`);

    const { pipeline_id } = await run(hub, projectId);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to pass');
    expect(done.pipeline.result).toBe('passed');
    const described = await waitForStatus(hub, pipeline_id, (s) => s.state === 'success' && s.delivery === 'failed', 'the success report to be given up');
    expect(described.commit_status).toMatchObject({ delivery: 'failed', attempts: 1, last_http_status: 401, next_attempt_at: null });
    expect(described.commit_status?.last_error).toBe(`${new URL(forge.url).host} answered 401: token [MASKED] is not valid`);
    const request = forge.requests.at(-1);
    expect(request?.path).toBe(`/api/v1/repos/me/site/statuses/${sha}`);
    expect(request?.headers.authorization).toBe(`token ${STATUS_TOKEN}`);
    expect(request?.body).toEqual({ state: 'success', description: 'The pipeline passed', target_url: `${hub.url}/pipelines/${pipeline_id}`, context: 'outpost/.semaphore/semaphore.yml' });
    noTokenIn(hub, STATUS_TOKEN);
  });

  it('a forge that does not answer is retried until it does', async () => {
    const { hub, forge } = await setUp('sqlite');
    const repo = await createTestRepo();
    await repo.commit('main', { '.semaphore/semaphore.yml': PIPELINE });
    const projectId = await createProject(hub, 'late', repo.fileUrl);
    // Nothing listens on the forge's port at first: no answer at all.
    await forge.close();
    await setForge(hub, 'late', { kind: 'github', api_url: forge.url, repository: 'acme/late', token: STATUS_TOKEN });
    const { pipeline_id } = await run(hub, projectId);
    const retrying = await waitForStatus(hub, pipeline_id, (s) => s.delivery === 'pending' && s.attempts >= 2, 'failed sends to be retried');
    expect(retrying.commit_status?.last_error).toMatch(/^no answer from 127\.0\.0\.1:\d+: /);
    expect(retrying.commit_status?.next_attempt_at).not.toBeNull();
  });

  it('a project without a token reports nothing', async () => {
    const { hub, forge } = await setUp('sqlite');
    const repo = await createTestRepo();
    await repo.commit('main', { '.semaphore/semaphore.yml': PIPELINE });
    const projectId = await createProject(hub, 'quiet', repo.fileUrl);
    expect((await setForge(hub, 'quiet', { kind: 'github', api_url: forge.url, repository: 'acme/quiet' })).token).toBe('none');
    const { pipeline_id } = await run(hub, projectId);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to pass');
    expect(done.commit_status).toBeUndefined();
    expect(forge.requests).toEqual([]);
  });
});

describe('project commit status settings', () => {
  it('derive what is left out, keep the token write-only, and refuse bad input with the field named', async () => {
    const hub = await startHubWithAdmin();
    const repo = await createTestRepo();
    await repo.commit('main', { '.semaphore/semaphore.yml': PIPELINE });
    await createProject(hub, 'gh', 'https://github.com/acme/gh.git');
    await createProject(hub, 'local', repo.fileUrl);
    const get = async (name: string) => (await api(hub, 'GET', `/api/v1alpha/projects/${name}/commit_status`)).body as ProjectForge;
    expect(await get('gh')).toEqual({ kind: null, api_url: null, repository: null, token: 'none', resolved: { kind: 'github', api_base: 'https://api.github.com', repository: 'acme/gh' } });
    expect((await get('local')).resolved).toEqual({ problem: "the forge is not known: set the project's commit status forge (github, gitlab or gitea)" });

    const set = await setForge(hub, 'gh', { token: STATUS_TOKEN });
    expect(set.token).toBe('status_token');
    expect(JSON.stringify(await get('gh'))).not.toContain(STATUS_TOKEN);
    expect((await setForge(hub, 'gh', { kind: 'gitlab' })).token).toBe('status_token');
    expect((await setForge(hub, 'gh', { token: null, kind: null })).token).toBe('none');

    const member = await createUserToken(hub, 'member');
    expect((await api(hub, 'GET', '/api/v1alpha/projects/gh/commit_status', { token: member })).status).toBe(200);
    for (const [body, status, message] of [
      [{ api_url: 'ftp://x/api' }, 422, /must start with https/],
      [{ api_url: 'https://me:pw@x/api' }, 422, /token field/],
      [{ repository: 'no-slash' }, 422, /owner\/repo/],
      [{ repository: 'a/../b c' }, 422, /owner\/repo/],
      [{ kind: 'bitbucket' }, 422, /kind/],
    ] as const) {
      const res = await api(hub, 'PUT', '/api/v1alpha/projects/gh/commit_status', { body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((res.body as { message: string }).message).toMatch(message);
    }
    expect((await api(hub, 'PUT', '/api/v1alpha/projects/gh/commit_status', { body: {}, token: member })).status).toBe(403);
    expect((await api(hub, 'GET', '/api/v1alpha/projects/nope/commit_status')).status).toBe(404);
    noTokenIn(hub, STATUS_TOKEN);
  });
});

function expectGitHubShape(request: FakeForgeRequest, sha: string, targetUrl: string): void {
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/repos/acme/web/statuses/${sha}`);
  expect(request.headers.authorization).toBe(`Bearer ${STATUS_TOKEN}`);
  expect(request.headers.accept).toBe('application/vnd.github+json');
  expect(request.headers['x-github-api-version']).toBe('2022-11-28');
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.body).toMatchObject({ target_url: targetUrl, context: 'outpost/.semaphore/semaphore.yml' });
}
