import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { WorkflowDescribe, WorkflowList, type JobRequest } from '@outpost/protocol';
import { api, describeEachDialect, createType, createUserToken, startHubWithAdmin, expectErrorAnswer } from '../support/hub-clients.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { describePipeline, isDone, jobIdOf, waitForPipeline } from '../support/pipelines-client.js';
import { placesHoldingInClear, TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { createProject, runWorkflow, WORKFLOWS } from '../support/projects-client.js';
import { createTestRepo } from '../support/git-repo.js';
import { startGitHttpServer } from '../support/git-http-server.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-projects';
const pipelineFile = (name: string, commands = ['echo hello']) =>
  `version: v1.0\nname: ${name}\nagent:\n  machine:\n    type: ${TYPE}\nblocks:\n  - name: Build\n    task:\n      jobs:\n        - name: build\n          commands:\n${commands.map((c) => `            - ${JSON.stringify(c)}`).join('\n')}\n`;
const SEMAPHORE_YML = '.semaphore/semaphore.yml';
const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

await describeEachDialect('running a project workflow through the API (%s)', (dialect) => {
  const start = async () => {
    const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
    await createType(hub, TYPE);
    return hub;
  };
  // One hub for the whole table (a hub per row would hold a PostgreSQL pool each until the file ends).
  let shared: Promise<TestHub> | undefined;
  const sharedHub = () => (shared ??= startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY }, keepForFile: true }));

  it("runs the pipeline file at the branch head, and at an older commit the file as it was there (Semaphore's answer shape)", async () => {
    const hub = await start();
    const repo = await createTestRepo();
    const first = await repo.commit('main', { [SEMAPHORE_YML]: pipelineFile('First') });
    const second = await repo.commit('main', { [SEMAPHORE_YML]: pipelineFile('Second') });
    const project = await createProject(hub, 'app', repo.fileUrl);
    const atHead = await runWorkflow(hub, { project_id: project.metadata.id, reference: 'refs/heads/main' });
    expect(atHead).toEqual({ workflow_id: expect.any(String), pipeline_id: expect.any(String), hook_id: expect.any(String) });
    const headPipeline = await describePipeline(hub, atHead.pipeline_id);
    expect(headPipeline.pipeline).toMatchObject({ name: 'Second', commit_sha: second, branch_name: 'main', yaml_file_name: 'semaphore.yml', working_directory: '.semaphore' });
    const older = await runWorkflow(hub, { project_id: 'app', reference: 'main', commit_sha: first.toUpperCase() });
    expect((await describePipeline(hub, older.pipeline_id)).pipeline).toMatchObject({ name: 'First', commit_sha: first });

    const listed = await api(hub, 'GET', `${WORKFLOWS}?project_id=${project.metadata.id}`);
    expect(Value.Check(WorkflowList, listed.body)).toBe(true);
    expect((listed.body as WorkflowList).map((w) => [w.wf_id, w.commit_sha, w.branch_name, w.triggered_by, w.reference])).toEqual([
      [older.workflow_id, first, 'main', 2, 'refs/heads/main'],
      [atHead.workflow_id, second, 'main', 2, 'refs/heads/main'],
    ]);
    const described = await api(hub, 'GET', `${WORKFLOWS}/${atHead.workflow_id}`);
    expect(Value.Check(WorkflowDescribe, described.body)).toBe(true);
    expect(described.body).toMatchObject({
      workflow: { wf_id: atHead.workflow_id, project_id: project.metadata.id, initial_ppl_id: atHead.pipeline_id, hook_id: atHead.hook_id, triggered_by: 'API', commit_sha: second },
    });
    const page = await api(hub, 'GET', `${WORKFLOWS}?project_id=app&page_size=1`);
    expect((page.body as WorkflowList).map((w) => w.wf_id)).toEqual([older.workflow_id]);
    expect(page.headers.get('link')).toContain('page_token=');
  });

  it('makes a FAILED (MALFORMED) workflow when the file is missing or invalid at the commit, saying where and why', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    const noFile = await repo.commit('main', { 'README.md': 'hi\n' });
    const project = await createProject(hub, 'app', repo.fileUrl);
    const missing = await runWorkflow(hub, { project_id: 'app', reference: 'refs/heads/main' });
    const missingDone = await waitForPipeline(hub, missing.pipeline_id, isDone, 'the malformed pipeline to be done');
    expect(missingDone.pipeline).toMatchObject({ state: 'done', result: 'failed', result_reason: 'malformed', commit_sha: noFile });
    expect(missingDone.pipeline.error_description).toBe(`cannot read the pipeline file ${SEMAPHORE_YML} at commit ${noFile.slice(0, 12)} (refs/heads/main): the file does not exist`);

    const broken = await repo.commit('main', { [SEMAPHORE_YML]: 'version: v1.0\nname: Broken\nblocks:\n  - name: A\n    task:\n      jobs: 7\n' });
    const invalid = await runWorkflow(hub, { project_id: project.metadata.id, reference: 'refs/heads/main' });
    const invalidDone = await describePipeline(hub, invalid.pipeline_id);
    expect(invalidDone.pipeline).toMatchObject({ state: 'done', result: 'failed', result_reason: 'malformed' });
    const lines = invalidDone.pipeline.error_description.split('\n');
    expect(lines[0]).toBe(`the pipeline file ${SEMAPHORE_YML} at commit ${broken.slice(0, 12)} (refs/heads/main) is not valid (${lines.length - 1} problem${lines.length === 2 ? '' : 's'}):`);
    expect(lines.slice(1).every((l) => /^\.semaphore\/semaphore\.yml:\d+:\d+: /.test(l))).toBe(true);
    // A rerun of the workflow reports the same problem.
    const rerun = await api(hub, 'POST', `${WORKFLOWS}/${invalid.workflow_id}/reschedule?request_token=r1`);
    expect((await describePipeline(hub, (rerun.body as { ppl_id: string }).ppl_id)).pipeline).toMatchObject({ result_reason: 'malformed', error_description: invalidDone.pipeline.error_description });
  });

  it('fetches an HTTPS repository that needs a token, and the job gets the token as a 0600 file while its API spec does not', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    const sha = await repo.commit('main', { [SEMAPHORE_YML]: pipelineFile('Private') });
    const token = `tok-${randomBytes(12).toString('hex')}`;
    const server = await startGitHttpServer(repo.bare, { token });
    await createProject(hub, 'private', server.url, { credentials: { kind: 'token', token } });
    const registrationToken = (await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types/s1-projects/reset_token', { body: {} }).then((r) => r.body as { status: { registration_token: string } })).status.registration_token;
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 10 });
    const run = await runWorkflow(hub, { project_id: 'private', reference: 'refs/heads/main', parameters: { DEPLOY_TARGET: 'staging' } });
    const done = await waitForPipeline(hub, run.pipeline_id, isDone, 'the private pipeline to finish');
    expect(done.pipeline).toMatchObject({ result: 'passed', commit_sha: sha });
    expect(server.requests.some((r) => r.authorized && r.authorization?.startsWith('Basic '))).toBe(true);
    const jobId = jobIdOf(done, 'build');
    const payload = agent.payloads.find((p) => p.job_id === jobId) as JobRequest;
    expect(agent.env(jobId)).toMatchObject({
      SEMAPHORE_GIT_URL: server.url, SEMAPHORE_GIT_SHA: sha, SEMAPHORE_GIT_BRANCH: 'main', SEMAPHORE_GIT_REF: 'refs/heads/main', SEMAPHORE_GIT_REF_TYPE: 'branch',
      SEMAPHORE_GIT_DIR: 'origin', SEMAPHORE_PROJECT_NAME: 'private', SEMAPHORE_WORKFLOW_TRIGGERED_BY_API: 'true', SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK: 'false',
      SEMAPHORE_GIT_COMMIT_AUTHOR: 'Ada Lovelace', DEPLOY_TARGET: 'staging',
    });
    expect(payload.commands?.[0]?.directive).toBe(`source ~/.outpost/jobs/${jobId}/checkout.sh`);
    const files = Object.fromEntries((payload.files ?? []).map((f) => [f.path, { content: decode(f.content), mode: f.mode }]));
    expect(files[`.outpost/jobs/${jobId}/git-token`]).toEqual({ content: token, mode: '0600' });
    expect(files[`.outpost/jobs/${jobId}/checkout.sh`]?.mode).toBe('0700');
    const publicJob = await api(hub, 'GET', `/api/v1alpha/jobs/${jobId}`);
    expect(publicJob.text).not.toContain(token);
    expect(publicJob.text).toContain('checkout.sh');
    expect(await placesHoldingInClear(hub, [token])).toEqual([]);
  });

  it('answers 404 for a branch or commit the repository lacks, 502 for a repository it cannot reach, and runs nothing', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    await repo.commit('main', { [SEMAPHORE_YML]: pipelineFile('X') });
    await createProject(hub, 'app', repo.fileUrl);
    await createProject(hub, 'gone', `file://${join(tmpdir(), 'no-such-repository.git')}`);
    const branch = await api(hub, 'POST', WORKFLOWS, { body: { project_id: 'app', reference: 'refs/heads/nope' } });
    expect(branch.status).toBe(404);
    expect(branch.body).toMatchObject({ code: 'GIT_REF_NOT_FOUND', message: expect.stringContaining('refs/heads/nope does not exist in the repository') });
    const commit = await api(hub, 'POST', WORKFLOWS, { body: { project_id: 'app', reference: 'refs/heads/main', commit_sha: 'f'.repeat(40) } });
    expect(commit.status).toBe(404);
    expect(commit.body).toMatchObject({ code: 'GIT_REF_NOT_FOUND', message: expect.stringContaining(`commit ${'f'.repeat(40)} is not in refs/heads/main`) });
    const unreachable = await api(hub, 'POST', WORKFLOWS, { body: { project_id: 'gone', reference: 'refs/heads/main' } });
    expect(unreachable.status).toBe(502);
    expect(unreachable.body).toMatchObject({ code: 'GIT_FETCH_FAILED', message: expect.stringContaining("the hub could not fetch from the repository of project 'gone'") });
    expect((await api(hub, 'GET', '/api/v1alpha/pipelines')).body).toEqual([]);
  });

  it.each([
    { name: 'malformed JSON', raw: '{"project_id":', status: 400, code: 'INVALID_JSON', message: 'not valid JSON' },
    { name: 'no reference', body: { project_id: 'app' }, status: 422, code: 'VALIDATION', message: 'reference' },
    { name: 'an unknown project', body: { project_id: 'nope', reference: 'main' }, status: 404, code: 'NOT_FOUND', message: "project 'nope' was not found" },
    { name: 'a NUL byte in the project', body: { project_id: 'a\u0000b', reference: 'main' }, status: 422, code: 'VALIDATION', message: 'project_id must not contain a NUL character' },
    { name: 'an option as the reference', body: { project_id: 'app', reference: '--upload-pack=touch /tmp/outpost-pwned' }, status: 422, field: 'reference', message: 'characters Outpost does not accept' },
    { name: 'shell substitution in the branch', body: { project_id: 'app', reference: 'refs/heads/$(touch /tmp/outpost-pwned)' }, status: 422, field: 'reference', message: 'characters Outpost does not accept' },
    { name: 'a reference outside heads, tags and pulls', body: { project_id: 'app', reference: 'refs/notes/x' }, status: 422, field: 'reference', message: 'is not a reference Outpost runs' },
    { name: 'an abbreviated commit', body: { project_id: 'app', reference: 'main', commit_sha: 'abc1234' }, status: 422, field: 'commit_sha', message: 'not a full commit SHA' },
    { name: 'an option as the commit', body: { project_id: 'app', reference: 'main', commit_sha: '--output=/tmp/x' }, status: 422, field: 'commit_sha', message: 'not a full commit SHA' },
    { name: 'a pipeline file outside the repository', body: { project_id: 'app', reference: 'main', pipeline_file: '../../etc/passwd' }, status: 422, field: 'pipeline_file', message: 'plain path inside the repository' },
    { name: 'a parameter that is not a variable name', body: { project_id: 'app', reference: 'main', parameters: { 'A-B': 'x' } }, status: 422, field: 'parameters', message: 'is not a valid environment variable name' },
    { name: 'a list without a project', path: WORKFLOWS, method: 'GET', status: 400, code: 'BAD_REQUEST', message: 'project_id' },
    { name: 'a list with a bad created_after', path: `${WORKFLOWS}?project_id=app&created_after=yesterday`, method: 'GET', status: 400, field: 'created_after', message: 'Unix seconds' },
    { name: 'a workflow that does not exist', path: `${WORKFLOWS}/0190f2c4-8a4b-7c3e-9d2a-0123456789ab`, method: 'GET', status: 404, code: 'NOT_FOUND', message: 'was not found' },
    { name: 'a workflow id with a NUL byte', path: `${WORKFLOWS}/a%00b`, method: 'GET', status: 400, code: 'BAD_REQUEST', message: 'must not contain a NUL character' },
    { name: 'stopping a workflow that does not exist', path: `${WORKFLOWS}/0190f2c4-8a4b-7c3e-9d2a-0123456789ab/terminate`, method: 'POST', status: 404, code: 'NOT_FOUND', message: 'was not found' },
    { name: 'a run without a token', body: { project_id: 'app', reference: 'main' }, token: null, status: 401, code: 'UNAUTHENTICATED', message: 'send an API token' },
    { name: 'a run by a member', body: { project_id: 'app', reference: 'main' }, token: 'member', status: 403, code: 'FORBIDDEN', message: 'self_hosted_agents.manage' },
    { name: 'a method the route does not have', path: `${WORKFLOWS}/0190f2c4-8a4b-7c3e-9d2a-0123456789ab`, method: 'DELETE', status: 404, code: 'ROUTE_NOT_FOUND', message: 'there is no route DELETE' },
  ] as Array<{ name: string; body?: unknown; raw?: string; path?: string; method?: string; token?: string | null; status: number; code?: string; field?: string; message: string }>)(
    'answers $status to $name, with a message, and runs nothing',
    async ({ body, raw, path, method, token, status, code, field, message }) => {
    const hub = await sharedHub();
    if ((await api(hub, 'GET', '/api/v1alpha/projects/app')).status === 404) {
      const repo = await createTestRepo();
      await repo.commit('main', { [SEMAPHORE_YML]: pipelineFile('X') });
      await createProject(hub, 'app', repo.fileUrl);
    }
    const caller = token === 'member' ? { token: await createUserToken(hub, 'member') } : token === null ? { token: null } : {};
    const res = await api(hub, method ?? 'POST', path ?? WORKFLOWS, raw !== undefined ? { rawBody: raw, ...caller } : { body, ...caller });
    expectErrorAnswer(res, { status, message, code, field });
    expect(existsSync('/tmp/outpost-pwned')).toBe(false);
    expect((await api(hub, 'GET', '/api/v1alpha/pipelines')).body).toEqual([]);
    },
  );
});
