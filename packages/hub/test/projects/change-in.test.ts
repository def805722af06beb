import { describe, expect, it } from 'vitest';
import { availableDialects, createType, startHubWithAdmin } from '../support/hub-clients.js';
import { blockSummary, describePipeline, isDone, waitForPipeline } from '../support/pipelines-client.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { createProject, deliver, pullRequestPayload, pushPayload, runWorkflow } from '../support/projects-client.js';
import { createTestRepo } from '../support/git-repo.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-monorepo';
const FILE = '.semaphore/semaphore.yml';

/** using-semaphore/monorepo.md's example: each block runs when its directory changed. */
const monorepo = (options = "{default_branch: 'main'}") => `version: v1.0
name: Monorepo
agent:
  machine:
    type: ${TYPE}
blocks:
  - name: Backend
    dependencies: []
    run:
      when: "change_in('/backend', ${options})"
    task:
      jobs:
        - name: backend
          commands: [echo backend]
  - name: Frontend
    dependencies: []
    run:
      when: "change_in('/frontend', ${options})"
    task:
      jobs:
        - name: frontend
          commands: [echo frontend]
`;

/** Whether each block was skipped or ran (skipped blocks are done and passed, with reason skipped). */
async function summaryOf(hub: TestHub, pipelineId: string): Promise<string[]> {
  const done = await waitForPipeline(hub, pipelineId, isDone, 'the pipeline to be done');
  return done.blocks.map((b) => `${b.name}: ${b.result_reason === 'skipped' ? 'skipped' : 'ran'}`);
}

describe.each(await availableDialects())('change_in in a project pipeline (%s)', (dialect) => {
  const start = async () => {
    const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
    await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), longPollSeconds: 10 });
    return hub;
  };

  it('on the default branch compares the commit with its parent; the pipeline file changing runs everything', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    const withFile = await repo.commit('main', { [FILE]: monorepo(), 'backend/a.go': '1', 'frontend/a.js': '1' });
    const backendOnly = await repo.commit('main', { 'backend/a.go': '2' });
    const docsOnly = await repo.commit('main', { 'README.md': 'docs' });
    await createProject(hub, 'mono', repo.fileUrl);
    const run = async (sha: string) => (await runWorkflow(hub, { project_id: 'mono', reference: 'refs/heads/main', commit_sha: sha })).pipeline_id;
    expect(await summaryOf(hub, await run(withFile))).toEqual(['Backend: ran', 'Frontend: ran']);
    expect(await summaryOf(hub, await run(backendOnly))).toEqual(['Backend: ran', 'Frontend: skipped']);
    expect(await summaryOf(hub, await run(docsOnly))).toEqual(['Backend: skipped', 'Frontend: skipped']);
  });

  it('on another branch compares from the merge base with the default branch, fetching deeper history when it is far back', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    const base = await repo.commit('main', { [FILE]: monorepo(), 'backend/a.go': '1', 'frontend/a.js': '1' });
    await repo.commit('main', { 'backend/a.go': 'main moved on' });
    await repo.branchFrom('feature', base);
    await repo.commit('feature', { 'frontend/a.js': 'feature change' });
    // More commits than the first fetch's depth (50) between the merge base and the head.
    let head = '';
    for (let i = 0; i < 55; i++) head = await repo.commit('feature', { 'notes.txt': String(i) });
    await createProject(hub, 'mono', repo.fileUrl);
    const { pipeline_id } = await runWorkflow(hub, { project_id: 'mono', reference: 'refs/heads/feature' });
    expect((await describePipeline(hub, pipeline_id)).pipeline.commit_sha).toBe(head);
    expect(await summaryOf(hub, pipeline_id)).toEqual(['Backend: skipped', 'Frontend: ran']);
  });

  it('for a pull request compares with the branch it targets, and on a tag runs everything (on_tags)', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    const base = await repo.commit('main', { [FILE]: monorepo(), 'backend/a.go': '1', 'frontend/a.js': '1' });
    await repo.branchFrom('fix', base);
    const prHead = await repo.commit('fix', { 'backend/a.go': 'fixed' });
    const project = await createProject(hub, 'mono', repo.fileUrl, { run_on: ['branches', 'tags', 'pull_requests'] });
    const pr = await deliver(hub, project.metadata.id, 'github', 'pull_request', pullRequestPayload('github', { number: 5, action: 'opened', head: 'fix', headSha: prHead, base: 'main', baseSha: base }), {
      secret: project.status.webhook_secret,
    });
    expect(pr.answer.outcome, pr.text).toBe('started');
    expect(await summaryOf(hub, pr.answer.pipeline_id ?? '')).toEqual(['Backend: ran', 'Frontend: skipped']);
    await repo.tag('v1', prHead);
    const tag = await deliver(hub, project.metadata.id, 'github', 'push', pushPayload('github', 'refs/tags/v1', '0'.repeat(40), prHead), { secret: project.status.webhook_secret });
    expect(tag.answer.outcome, tag.text).toBe('started');
    expect(await summaryOf(hub, tag.answer.pipeline_id ?? '')).toEqual(['Backend: ran', 'Frontend: ran']);
  });

  it('fails the workflow MALFORMED, saying what to set, when the default branch it compares with does not exist', async () => {
    const hub = await start();
    const repo = await createTestRepo();
    await repo.commit('main', { [FILE]: monorepo('{}'), 'backend/a.go': '1' });
    await repo.branchFrom('feature', await repo.revParse('HEAD'));
    await repo.commit('feature', { 'backend/a.go': '2' });
    await createProject(hub, 'mono', repo.fileUrl);
    const { pipeline_id } = await runWorkflow(hub, { project_id: 'mono', reference: 'refs/heads/feature' });
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the malformed pipeline');
    expect(blockSummary(done)).toEqual([]);
    expect(done.pipeline).toMatchObject({ result: 'failed', result_reason: 'malformed' });
    expect(done.pipeline.error_description).toContain("change_in: the branch 'master' does not exist in the repository; name the default branch, e.g. change_in('/lib', {default_branch: 'main'})");
  });
});
