import { expect, it } from 'vitest';
import { describeEachDialect, createType, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { isDone, waitForPipeline } from '../support/pipelines-client.js';
import { TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { createProject, runWorkflow } from '../support/projects-client.js';
import { createTestRepo } from '../support/git-repo.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { PipelineStateEvent } from '../../src/lifecycle/pipeline-events.js';

const TYPE = 's1-events';
const FILE = '.semaphore/semaphore.yml';
const PIPELINE = `version: v1.0\nname: Events\nagent:\n  machine:\n    type: ${TYPE}\nblocks:\n  - name: A\n    task:\n      jobs:\n        - name: a\n          commands: [echo a]\n`;

await describeEachDialect('pipeline state events, the seam for forge statuses (%s)', (dialect) => {
  it('tell a subscriber of each state a project pipeline commits, from creation to its result, and stop when it unsubscribes', async () => {
    const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
    await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), longPollSeconds: 10 });
    const seen: PipelineStateEvent[] = [];
    const unsubscribe = hub.services.events.subscribe((event) => seen.push(event));
    // A listener that throws does not keep the others from hearing.
    hub.services.events.subscribe(() => {
      throw new Error('a broken listener');
    });
    const repo = await createTestRepo();
    const good = await repo.commit('main', { [FILE]: PIPELINE });
    await createProject(hub, 'app', repo.fileUrl);
    const run = await runWorkflow(hub, { project_id: 'app', reference: 'refs/heads/main' });
    await waitForPipeline(hub, run.pipeline_id, isDone, 'the pipeline');
    await waitFor(() => seen.some((e) => e.pipelineId === run.pipeline_id && e.state === 'done'), { timeoutMs: 10_000, message: 'the done event' });
    const mine = seen.filter((e) => e.pipelineId === run.pipeline_id);
    expect(mine.map((e) => [e.state, e.result ?? ''])).toEqual([['queuing', ''], ['running', ''], ['done', 'passed']]);
    expect(mine.every((e) => e.workflowId === run.workflow_id && e.orgId !== '')).toBe(true);
    expect(hub.logLines.some((l) => l.includes('a pipeline state listener failed'))).toBe(true);

    await repo.commit('main', { [FILE]: 'version: v1.0\n' });
    const malformed = await runWorkflow(hub, { project_id: 'app', reference: 'refs/heads/main' });
    expect(seen.filter((e) => e.pipelineId === malformed.pipeline_id).map((e) => [e.state, e.result, e.resultReason])).toEqual([['done', 'failed', 'malformed']]);

    unsubscribe();
    const after = await runWorkflow(hub, { project_id: 'app', reference: 'refs/heads/main', commit_sha: good });
    await waitForPipeline(hub, after.pipeline_id, isDone, 'the last pipeline');
    expect(seen.some((e) => e.pipelineId === after.pipeline_id)).toBe(false);
  });
});
