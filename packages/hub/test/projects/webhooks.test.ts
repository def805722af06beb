import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { ErrorBody, HookAnswer, type Project } from '@outpost/protocol';
import { api, describeEachDialect, createType, startHubWithAdmin } from '../support/hub-clients.js';
import { describePipeline, isDone, waitForPipeline } from '../support/pipelines-client.js';
import { TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { createProject, deliver, eventName, pullRequestPayload, pushPayload, type ForgeName } from '../support/projects-client.js';
import { createTestRepo, type TestRepo } from '../support/git-repo.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-hooks';
const FILE = '.semaphore/semaphore.yml';
const ZERO = '0'.repeat(40);
const pipelineFile = (name: string) =>
  `version: v1.0\nname: ${name}\nagent:\n  machine:\n    type: ${TYPE}\nblocks:\n  - name: Build\n    task:\n      jobs:\n        - name: build\n          commands:\n            - echo hi\n`;
const FORGES: ForgeName[] = ['github', 'gitlab', 'gitea'];

interface Setup {
  hub: TestHub;
  repo: TestRepo;
  project: Project & { status: { webhook_secret: string } };
  first: string;
  head: string;
}

async function setUp(dialect: 'sqlite' | 'postgres', repository: Record<string, unknown> = {}): Promise<Setup> {
  const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
  await createType(hub, TYPE);
  const repo = await createTestRepo();
  const first = await repo.commit('main', { [FILE]: pipelineFile('First') });
  const head = await repo.commit('main', { [FILE]: pipelineFile('Head'), 'src/a.txt': 'a' });
  const project = await createProject(hub, 'app', repo.fileUrl, { run_on: ['branches', 'tags', 'pull_requests'], ...repository });
  return { hub, repo, project, first, head };
}

const pipelineCount = async (hub: TestHub) => ((await api(hub, 'GET', '/api/v1alpha/pipelines')).body as unknown[]).length;

await describeEachDialect('push webhooks (%s)', (dialect) => {
  it.each(FORGES)('runs the pipeline at the pushed commit for a signed %s push, once per delivery', async (forge) => {
    const { hub, project, first, head } = await setUp(dialect);
    const secret = project.status.webhook_secret;
    const payload = pushPayload(forge, 'refs/heads/main', first, head);
    const started = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), payload, { secret, deliveryId: `${forge}-1` });
    expect(started.status).toBe(200);
    expect(Value.Check(HookAnswer, started.body)).toBe(true);
    expect(started.answer).toMatchObject({ outcome: 'started', workflow_id: expect.any(String), pipeline_id: expect.any(String), hook_id: expect.any(String) });
    const pipeline = await describePipeline(hub, started.answer.pipeline_id ?? '');
    expect(pipeline.pipeline).toMatchObject({ name: 'Head', commit_sha: head, branch_name: 'main' });
    const workflow = await api(hub, 'GET', `/api/v1alpha/plumber-workflows/${started.answer.workflow_id}`);
    expect(workflow.body).toMatchObject({ workflow: { triggered_by: 'HOOK', hook_id: started.answer.hook_id, project_id: project.metadata.id, reference: 'refs/heads/main' } });

    const replayed = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), payload, { secret, deliveryId: `${forge}-1` });
    expect(replayed.status).toBe(200);
    expect(replayed.answer).toMatchObject({ outcome: 'duplicate', workflow_id: started.answer.workflow_id, pipeline_id: started.answer.pipeline_id });
    // The same delivery id on the forge's own URL is the same delivery.
    const again = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), payload, { secret, deliveryId: `${forge}-1`, path: `/hooks/${forge}/${project.metadata.id}` });
    expect(again.answer.outcome).toBe('duplicate');
    expect(await pipelineCount(hub)).toBe(1);
  });

  it.each(FORGES)('refuses %s deliveries that are unsigned or signed with another secret, and runs nothing', async (forge) => {
    const { hub, project, first, head } = await setUp(dialect);
    const payload = pushPayload(forge, 'refs/heads/main', first, head);
    const unsigned = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), payload);
    expect(unsigned.status).toBe(401);
    expect(Value.Check(ErrorBody, unsigned.body)).toBe(true);
    expect(unsigned.body).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID', message: expect.stringContaining('must carry') });
    const wrong = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), payload, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID', message: expect.stringContaining('does not match') });
    if (forge !== 'gitlab') {
      // A signature of another body: the HMAC covers the raw bytes.
      const tampered = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), payload, {
        secret: project.status.webhook_secret,
        rawBody: JSON.stringify({ ...payload, after: first }),
        headers: forge === 'github' ? { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } : { 'x-gitea-signature': '0'.repeat(64) },
      });
      expect(tampered.status).toBe(401);
    }
    expect(await pipelineCount(hub)).toBe(0);
  });

  it.each(FORGES)('runs nothing for a %s branch deletion, and a tag push runs the tagged commit', async (forge) => {
    const { hub, repo, project, head } = await setUp(dialect);
    const secret = project.status.webhook_secret;
    const deleted = await deliver(hub, project.metadata.id, forge, eventName(forge, 'push'), pushPayload(forge, 'refs/heads/old', head, ZERO, forge === 'github' ? { deleted: true } : {}), { secret });
    expect(deleted.status).toBe(200);
    expect(deleted.answer).toMatchObject({ outcome: 'ignored', message: 'the push deleted refs/heads/old; nothing runs' });
    expect(await pipelineCount(hub)).toBe(0);
    await repo.tag('v1.0', head);
    const tagged = await deliver(hub, project.metadata.id, forge, eventName(forge, 'tag'), pushPayload(forge, 'refs/tags/v1.0', ZERO, head), { secret });
    expect(tagged.answer.outcome).toBe('started');
    expect((await describePipeline(hub, tagged.answer.pipeline_id ?? '')).pipeline).toMatchObject({ commit_sha: head, tag_name: 'v1.0', branch_name: '' });
  });

  it.each(FORGES)('runs a %s pull request when opened, synchronized or reopened, at its head commit', async (forge) => {
    const { hub, repo, project, head } = await setUp(dialect);
    const secret = project.status.webhook_secret;
    await repo.branchFrom('feature', head);
    const prHead = await repo.commit('feature', { 'src/b.txt': 'b' });
    const pr = { number: 7, head: 'feature', headSha: prHead, base: 'main', baseSha: head, title: 'Add b' };
    const ids: string[] = [];
    for (const action of ['opened', 'synchronize', 'reopened']) {
      const res = await deliver(hub, project.metadata.id, forge, eventName(forge, 'pull_request'), pullRequestPayload(forge, { ...pr, action }), { secret });
      expect(res.answer.outcome, `${action}: ${res.text}`).toBe('started');
      ids.push(res.answer.pipeline_id ?? '');
    }
    for (const id of ids) expect((await describePipeline(hub, id)).pipeline).toMatchObject({ commit_sha: prHead, pr_number: '7', branch_name: 'main' });
    const closed = await deliver(hub, project.metadata.id, forge, eventName(forge, 'pull_request'), pullRequestPayload(forge, { ...pr, action: 'closed' }), { secret });
    expect(closed.answer).toMatchObject({ outcome: 'ignored', message: expect.stringContaining('only opened, synchronize and reopened run') });
    const draft = await deliver(hub, project.metadata.id, forge, eventName(forge, 'pull_request'), pullRequestPayload(forge, { ...pr, action: 'opened', draft: true }), { secret });
    expect(draft.answer).toMatchObject({ outcome: 'ignored', message: expect.stringContaining('is a draft') });
    const fork = await deliver(hub, project.metadata.id, forge, eventName(forge, 'pull_request'), pullRequestPayload(forge, { ...pr, action: 'opened', fork: true }), { secret });
    expect(fork.answer).toMatchObject({ outcome: 'ignored', message: expect.stringContaining('forks are not run') });
    expect(await pipelineCount(hub)).toBe(3);
  });

  it('follows run_on and the branch whitelist (names and /regular expressions/), and answers a GitHub ping', async () => {
    const { hub, repo, project, head } = await setUp(dialect, { run_on: ['branches'], whitelist: { branches: ['main', '/^release-\\d+$/'] } });
    const secret = project.status.webhook_secret;
    const ping = await deliver(hub, project.metadata.id, 'github', 'ping', { zen: 'Keep it logically awesome.', hook_id: 1 }, { secret });
    expect(ping.answer).toMatchObject({ outcome: 'pong' });
    await repo.branchFrom('release-12', head);
    const releaseSha = await repo.commit('release-12', { 'r.txt': 'r' });
    const cases: Array<[string, string, string]> = [
      ['refs/heads/release-12', releaseSha, 'started'],
      ['refs/heads/feature', head, 'ignored'],
      ['refs/tags/v2', head, 'ignored'],
    ];
    for (const [ref, sha, outcome] of cases) {
      const res = await deliver(hub, project.metadata.id, 'github', 'push', pushPayload('github', ref, ZERO, sha), { secret });
      expect(res.answer.outcome, `${ref}: ${res.text}`).toBe(outcome);
    }
    const pr = await deliver(hub, project.metadata.id, 'github', 'pull_request', pullRequestPayload('github', { number: 3, action: 'opened', head: 'x', headSha: head, base: 'main' }), { secret });
    expect(pr.answer).toMatchObject({ outcome: 'ignored', message: 'the project does not run on pull_requests (run_on)' });
    expect(await pipelineCount(hub)).toBe(1);
  });

  it('makes a FAILED (MALFORMED) workflow for a pushed commit whose pipeline file is broken, and says so', async () => {
    const { hub, repo, project, head } = await setUp(dialect);
    const broken = await repo.commit('main', { [FILE]: 'version: v1.0\nblocks: 3\n' });
    const res = await deliver(hub, project.metadata.id, 'github', 'push', pushPayload('github', 'refs/heads/main', head, broken), { secret: project.status.webhook_secret });
    expect(res.answer).toMatchObject({ outcome: 'started', message: expect.stringContaining('is not a valid pipeline; the workflow failed (MALFORMED)') });
    const done = await waitForPipeline(hub, res.answer.pipeline_id ?? '', isDone, 'the malformed pipeline');
    expect(done.pipeline).toMatchObject({ result: 'failed', result_reason: 'malformed', commit_sha: broken });
    expect(done.pipeline.error_description).toContain(`${FILE} at commit ${broken.slice(0, 12)} (refs/heads/main) is not valid`);
  });

  it('runs a redelivery of a delivery a stopped hub left processing, once it is stale', async () => {
    const { hub, project, first, head } = await setUp(dialect);
    const org = await hub.services.store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    const stale = { org_id: org.id, project_id: project.metadata.id, provider: 'github' as const, event: 'push' as const, reference: 'refs/heads/main', commit_sha: '', details: '{}', outcome: 'processing' as const, message: '', workflow_id: null, pipeline_id: null, created_by: null };
    await hub.services.store.db.insertInto('project_hooks').values([
      { ...stale, id: 'stale-hook', delivery_id: 'left-behind', created_at: Date.now() - 60 * 60_000 },
      { ...stale, id: 'fresh-hook', delivery_id: 'in-flight', created_at: Date.now() },
    ]).execute();
    const payload = pushPayload('github', 'refs/heads/main', first, head);
    const secret = project.status.webhook_secret;
    expect((await deliver(hub, project.metadata.id, 'github', 'push', payload, { secret, deliveryId: 'in-flight' })).answer).toMatchObject({ outcome: 'duplicate', hook_id: 'fresh-hook' });
    const rerun = await deliver(hub, project.metadata.id, 'github', 'push', payload, { secret, deliveryId: 'left-behind' });
    expect(rerun.answer).toMatchObject({ outcome: 'started' });
    expect(rerun.answer.hook_id).not.toBe('stale-hook');
    expect(await pipelineCount(hub)).toBe(1);
  });

  it('takes GitHub deliveries sent as a form (payload=…)', async () => {
    const { hub, project, first, head } = await setUp(dialect);
    const body = new URLSearchParams({ payload: JSON.stringify(pushPayload('github', 'refs/heads/main', first, head)) }).toString();
    const res = await deliver(hub, project.metadata.id, 'github', 'push', null, {
      secret: project.status.webhook_secret, rawBody: body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.answer.outcome).toBe('started');
  });

  it.each([
    { name: 'an unknown project', project: '0190f2c4-8a4b-7c3e-9d2a-0123456789ab', status: 404, code: 'NOT_FOUND', message: 'was not found' },
    { name: 'a project id that is not an id', project: '..%2F..%2Fetc', status: 404, code: 'NOT_FOUND', message: 'was not found' },
    { name: 'no forge headers', headers: { 'x-github-event': '' }, status: 400, code: 'BAD_REQUEST', message: 'cannot tell which forge sent this' },
    { name: 'no delivery id', headers: { 'x-github-delivery': '' }, status: 400, code: 'BAD_REQUEST', message: 'has no x-github-delivery header' },
    { name: 'a body that is not JSON (signed)', raw: '{"ref":', status: 400, code: 'INVALID_JSON', message: 'not valid JSON' },
    { name: 'a branch with shell substitution', ref: 'refs/heads/$(touch /tmp/outpost-hook-pwned)', status: 422, code: 'VALIDATION', message: 'characters Outpost does not accept' },
    { name: 'a branch that is an option', ref: 'refs/heads/--upload-pack=touch /tmp/outpost-hook-pwned', status: 422, code: 'VALIDATION', message: 'characters Outpost does not accept' },
    { name: 'a push without a commit', after: 'HEAD', status: 422, code: 'VALIDATION', message: "'after' is not a full SHA" },
    { name: 'a body over the size cap', raw: `{"pad":"${'x'.repeat(10 * 1024 * 1024 + 10)}"}`, status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'larger than the limit' },
  ] as Array<{ name: string; project?: string; headers?: Record<string, string>; raw?: string; ref?: string; after?: string; status: number; code: string; message: string }>)('answers $status to $name, and runs nothing', async ({ project: projectId, headers, raw, ref, after, status, code, message }) => {
    const { hub, project, first, head } = await setUp(dialect);
    const payload = pushPayload('github', ref ?? 'refs/heads/main', first, after ?? head);
    const res = await deliver(hub, projectId ?? project.metadata.id, 'github', 'push', payload, { secret: project.status.webhook_secret, rawBody: raw, headers });
    expect(res.status).toBe(status);
    expect(Value.Check(ErrorBody, res.body)).toBe(true);
    expect(res.body).toMatchObject({ code, message: expect.stringContaining(message) });
    expect(existsSync('/tmp/outpost-hook-pwned')).toBe(false);
    expect(await pipelineCount(hub)).toBe(0);
  });
});
