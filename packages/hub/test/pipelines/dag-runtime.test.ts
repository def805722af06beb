import { describe, expect, it } from 'vitest';
import { pipelineTimeToMs } from '@outpost/protocol';
import { api, createType, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeAgent, type FakeAgent } from '../support/fake-agent.js';
import { blockSummary, blockYaml, describePipeline, isDone, isSettled, jobIdOf, pipelineYaml, runPipeline, waitForPipeline } from '../support/pipelines-client.js';
import { waitFor } from '../support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-dag';

async function setUp(agents = 2) {
  const hub = await startHubWithAdmin();
  const registrationToken = await createType(hub, TYPE);
  const fleet: FakeAgent[] = [];
  for (let i = 0; i < agents; i++) fleet.push(await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 10 }));
  return { hub, agents: fleet };
}

const ranJobs = (agents: FakeAgent[]) => agents.flatMap((a) => a.ran);
const envOf = (agents: FakeAgent[], jobId: string) => agents.map((a) => a.env(jobId)).find((env) => Object.keys(env).length > 0) ?? {};

describe('a pipeline through the HTTP API with fake agents', () => {
  it('runs blocks in dependency order, each job once, with Semaphore’s pipeline variables', async () => {
    const { hub, agents } = await setUp();
    const yaml = pipelineYaml(
      TYPE,
      blockYaml('Build', [], { build: ['echo build'] }) +
        blockYaml('Test', ['Build'], { unit: ['echo unit'], lint: ['echo lint'] }) +
        blockYaml('Deploy', ['Test'], { deploy: ['echo deploy'] }),
    );
    const { workflow_id, pipeline_id } = await runPipeline(hub, yaml, { branch: 'main', request_token: 'first-run' });
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(done.pipeline).toMatchObject({ state: 'done', result: 'passed', result_reason: 'test', wf_id: workflow_id, branch_name: 'main', yaml_file_name: 'semaphore.yml', working_directory: '.semaphore' });
    expect(blockSummary(done)).toEqual(['Build: done passed test', 'Test: done passed test', 'Deploy: done passed test']);
    const jobs = done.blocks.flatMap((b) => b.jobs);
    expect(ranJobs(agents).sort()).toEqual(jobs.map((j) => j.job_id).sort());
    const time = (name: string, field: 'started_at' | 'finished_at') => pipelineTimeToMs(jobs.find((j) => j.name === name)?.[field] ?? '') ?? Number.NaN;
    expect(time('unit', 'started_at')).toBeGreaterThanOrEqual(time('build', 'finished_at'));
    expect(time('deploy', 'started_at')).toBeGreaterThanOrEqual(Math.max(time('unit', 'finished_at'), time('lint', 'finished_at')));
    expect(envOf(agents, jobIdOf(done, 'unit'))).toMatchObject({
      SEMAPHORE_WORKFLOW_ID: workflow_id,
      SEMAPHORE_PIPELINE_ID: pipeline_id,
      SEMAPHORE_PIPELINE_ARTEFACT_ID: pipeline_id,
      SEMAPHORE_BLOCK_NAME: 'Test',
      SEMAPHORE_JOB_NAME: 'unit',
      SEMAPHORE_JOB_ID: jobIdOf(done, 'unit'),
      SEMAPHORE_GIT_BRANCH: 'main',
      SEMAPHORE_GIT_REF_TYPE: 'branch',
      SEMAPHORE_PIPELINE_RERUN: 'false',
      CI: 'true',
      SEMAPHORE: 'true',
    });
    // The same request token answers the same run instead of starting another.
    expect(await runPipeline(hub, yaml, { branch: 'main', request_token: 'first-run' })).toEqual({ workflow_id, pipeline_id });
    expect(agents.flatMap((a) => a.violations)).toEqual([]);
  });

  it('does not start blocks downstream of a failure, lets independent blocks finish, and fails the pipeline (test)', async () => {
    const { hub, agents } = await setUp();
    const yaml = pipelineYaml(
      TYPE,
      blockYaml('Build', [], { build: ['false'] }) + blockYaml('Test', ['Build'], { unit: ['echo unit'] }) + blockYaml('Docs', [], { docs: ['echo docs'] }),
    );
    const { pipeline_id } = await runPipeline(hub, yaml);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(done.pipeline).toMatchObject({ result: 'failed', result_reason: 'test' });
    expect(blockSummary(done)).toEqual(['Build: done failed test', 'Test: done canceled fast_failing', 'Docs: done passed test']);
    expect(done.blocks[1]?.jobs).toMatchObject([{ name: 'unit', status: 'NOT_RUN', job_id: '' }]);
    expect(ranJobs(agents)).toHaveLength(2);
  });

  it('fail_fast stop: a failed job stops the running jobs of other blocks and cancels waiting ones', async () => {
    const { hub, agents } = await setUp();
    const yaml = pipelineYaml(
      TYPE,
      blockYaml('A', [], { fails: ['wait-for fail', 'false'] }) + blockYaml('B', [], { long: ['sleep-until-stopped'] }) + blockYaml('C', ['B'], { after: ['echo c'] }),
      'fail_fast:\n  stop:\n    when: "true"\n',
    );
    const { pipeline_id } = await runPipeline(hub, yaml);
    const running = await waitForPipeline(hub, pipeline_id, (p) => p.blocks.flatMap((b) => b.jobs).filter((j) => j.status === 'RUNNING').length === 2, 'both jobs to run');
    for (const agent of agents) agent.release('fail');
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(done.pipeline).toMatchObject({ result: 'failed', result_reason: 'test' });
    expect(blockSummary(done)).toEqual(['A: done failed test', 'B: done stopped fast_failing', 'C: done canceled fast_failing']);
    expect(done.blocks[1]?.jobs[0]).toMatchObject({ result: 'STOPPED', failure_reason: 'stopped by fail_fast: another job of the pipeline failed' });
    expect(ranJobs(agents)).toHaveLength(2);
    expect(running.pipeline.state).toBe('running');
  });

  it('fail_fast cancel: queued jobs are canceled, the running one finishes, waiting blocks never start', async () => {
    const { hub, agents } = await setUp();
    const first = '          priority:\n            - value: 90\n              when: "true"\n';
    const yaml = pipelineYaml(
      TYPE,
      blockYaml('A', [], { fails: ['wait-for fail', 'false'] }).replace('          commands:', `${first}          commands:`) +
        blockYaml('B', [], { b1: ['wait-for b'], b2: ['wait-for b'] }) +
        blockYaml('C', ['B'], { c: ['echo c'] }),
      'fail_fast:\n  cancel:\n    when: "true"\n',
    );
    const { pipeline_id } = await runPipeline(hub, yaml);
    await waitForPipeline(hub, pipeline_id, (p) => p.blocks.flatMap((b) => b.jobs).filter((j) => j.status === 'RUNNING').length === 2, 'two jobs to run');
    for (const agent of agents) agent.release('fail');
    const canceled = await waitForPipeline(hub, pipeline_id, (p) => p.blocks[2]?.state === 'done', 'C to be canceled');
    expect(canceled.blocks[1]?.jobs.map((j) => j.status).sort()).toEqual(['FINISHED', 'RUNNING']);
    for (const agent of agents) agent.release('b');
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(blockSummary(done)).toEqual(['A: done failed test', 'B: done canceled fast_failing', 'C: done canceled fast_failing']);
    expect(done.blocks[1]?.jobs.map((j) => j.result).sort()).toEqual(['PASSED', 'STOPPED']);
    expect(done.pipeline).toMatchObject({ result: 'failed', result_reason: 'test' });
  });

  it('stops a pipeline: the running job hears stop-job, queued and waiting work is canceled, STOPPED (user)', async () => {
    const { hub, agents } = await setUp(1);
    const yaml = pipelineYaml(TYPE, blockYaml('A', [], { a1: ['sleep-until-stopped'], a2: ['echo never'] }) + blockYaml('B', ['A'], { b: ['echo never'] }));
    const { pipeline_id } = await runPipeline(hub, yaml);
    await waitForPipeline(hub, pipeline_id, (p) => p.blocks[0]?.jobs.some((j) => j.status === 'RUNNING') === true, 'a job to run');
    const stop = await api(hub, 'PATCH', `/api/v1alpha/pipelines/${pipeline_id}`, { body: { terminate_request: true } });
    expect(stop).toMatchObject({ status: 200, body: { message: 'Pipeline termination started.' } });
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to stop');
    expect(done.pipeline).toMatchObject({ result: 'stopped', result_reason: 'user', terminate_request: 'stop' });
    expect(blockSummary(done)).toEqual(['A: done stopped user', 'B: done canceled user']);
    expect(ranJobs(agents)).toHaveLength(1);
    const audit = await api(hub, 'GET', '/api/v1alpha/audit_events');
    expect((audit.body as { events: Array<{ action: string }> }).events.map((e) => e.action)).toEqual(expect.arrayContaining(['pipeline.run', 'pipeline.stopped']));
  });

  it('skips a block whose skip condition holds (passed, reason skipped) and runs its dependents', async () => {
    const { hub, agents } = await setUp();
    const yaml = pipelineYaml(TYPE, blockYaml('Lint', [], { lint: ['echo lint'] }, '    skip:\n      when: "branch = \'main\'"\n') + blockYaml('Test', ['Lint'], { unit: ['echo unit'] }));
    const { pipeline_id } = await runPipeline(hub, yaml, { branch: 'main' });
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(blockSummary(done)).toEqual(['Lint: done passed skipped', 'Test: done passed test']);
    expect(done.pipeline.result).toBe('passed');
    expect(ranJobs(agents)).toHaveLength(1);
  });

  it('runs after_pipeline once the pipeline has its result, with the result in its variables', async () => {
    const { hub, agents } = await setUp();
    const yaml = pipelineYaml(TYPE, blockYaml('A', [], { a: ['false'] })) + 'after_pipeline:\n  task:\n    jobs:\n      - name: notify\n        commands:\n          - echo done\n';
    const { pipeline_id } = await runPipeline(hub, yaml);
    const settled = await waitForPipeline(hub, pipeline_id, isSettled, 'after_pipeline to finish');
    expect(settled.pipeline).toMatchObject({ result: 'failed', with_after_task: true });
    expect(settled.after_pipeline).toMatchObject({ state: 'done', result: 'passed', jobs: [{ name: 'notify', status: 'FINISHED', result: 'PASSED' }] });
    const notify = settled.after_pipeline?.jobs[0]?.job_id ?? '';
    expect(envOf(agents, notify)).toMatchObject({ SEMAPHORE_PIPELINE_RESULT: 'failed', SEMAPHORE_PIPELINE_RESULT_REASON: 'test', SEMAPHORE_PIPELINE_ID: pipeline_id });
    expect(pipelineTimeToMs(settled.after_pipeline?.jobs[0]?.started_at ?? '')).toBeGreaterThanOrEqual(pipelineTimeToMs(settled.pipeline.done_at) ?? Number.NaN);
  });

  it('fails a pipeline MALFORMED when it names an agent type the organization lacks, or a secret', async () => {
    const { hub } = await setUp(0);
    const unknownType = await runPipeline(hub, pipelineYaml('s1-nowhere', blockYaml('A', [], { a: ['echo a'] })));
    const malformed = await describePipeline(hub, unknownType.pipeline_id);
    expect(malformed.pipeline).toMatchObject({ state: 'done', result: 'failed', result_reason: 'malformed' });
    expect(malformed.pipeline.error_description).toContain("agent type 's1-nowhere' does not exist in this organization");
    const secretYaml = pipelineYaml(TYPE, blockYaml('A', [], { a: ['echo a'] }).replace('    task:\n', '    task:\n      secrets:\n        - name: aws-creds\n'));
    const withSecret = await describePipeline(hub, (await runPipeline(hub, secretYaml)).pipeline_id);
    expect(withSecret.pipeline).toMatchObject({ result: 'failed', result_reason: 'malformed', error_description: 'secret aws-creds not found' });
    expect(await hub.services.store.db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });
});

describe('reruns', () => {
  it('reruns only the failed blocks: passed blocks are carried over with their jobs, the rest run again', async () => {
    const { hub, agents } = await setUp();
    const yaml = pipelineYaml(TYPE, blockYaml('Build', [], { build: ['echo build'] }) + blockYaml('Test', ['Build'], { unit: ['wait-for go'] }) + blockYaml('Ship', ['Test'], { ship: ['echo ship'] }));
    const { pipeline_id, workflow_id } = await runPipeline(hub, yaml);
    const running = await waitForPipeline(hub, pipeline_id, (p) => p.blocks[1]?.jobs[0]?.status === 'RUNNING', 'Test to run');
    await api(hub, 'POST', `/api/v1alpha/jobs/${jobIdOf(running, 'unit')}/stop`);
    const first = await waitForPipeline(hub, pipeline_id, isDone, 'the first run to end');
    expect(first.pipeline).toMatchObject({ result: 'stopped', result_reason: 'user' });
    for (const agent of agents) agent.release('go');
    const rebuild = await api(hub, 'POST', `/api/v1alpha/pipelines/${pipeline_id}/partial_rebuild`, { body: { request_token: 'rebuild-1' } });
    expect(rebuild.status).toBe(200);
    const rerunId = (rebuild.body as { pipeline_id: string }).pipeline_id;
    expect((await api(hub, 'POST', `/api/v1alpha/pipelines/${pipeline_id}/partial_rebuild`, { body: { request_token: 'rebuild-1' } })).body).toMatchObject({ pipeline_id: rerunId });
    const rerun = await waitForPipeline(hub, rerunId, isDone, 'the rerun to finish');
    expect(rerun.pipeline).toMatchObject({ result: 'passed', wf_id: workflow_id, partial_rerun_of: pipeline_id });
    expect(blockSummary(rerun)).toEqual(['Build: done passed test', 'Test: done passed test', 'Ship: done passed test']);
    expect(jobIdOf(rerun, 'build')).toBe(jobIdOf(first, 'build'));
    expect(ranJobs(agents).filter((id) => id === jobIdOf(first, 'build'))).toHaveLength(1);
    expect(envOf(agents, jobIdOf(rerun, 'unit'))).toMatchObject({ SEMAPHORE_PIPELINE_RERUN: 'true', SEMAPHORE_PIPELINE_ARTEFACT_ID: pipeline_id, SEMAPHORE_PIPELINE_ID: rerunId });
  });

  it.each([
    { granularity: 'jobs (the default)', extra: '', rerun: ['slow'] },
    { granularity: 'block', extra: '    partial_rerun: block\n', rerun: ['fast', 'slow'] },
  ])('a failed block reruns its failed jobs only, or all of them with partial_rerun: block — $granularity', async ({ extra, rerun }) => {
    const { hub, agents } = await setUp();
    const { pipeline_id } = await runPipeline(hub, pipelineYaml(TYPE, blockYaml('Test', [], { fast: ['echo fast'], slow: ['wait-for go'] }, extra)));
    const running = await waitForPipeline(hub, pipeline_id, (p) => p.blocks[0]?.jobs.map((j) => j.status).join() === 'FINISHED,RUNNING', 'fast done, slow running');
    await api(hub, 'POST', `/api/v1alpha/jobs/${jobIdOf(running, 'slow')}/stop`);
    const first = await waitForPipeline(hub, pipeline_id, isDone, 'the first run to end');
    for (const agent of agents) agent.release('go');
    const rebuild = await api(hub, 'POST', `/api/v1alpha/pipelines/${pipeline_id}/partial_rebuild`, { body: { request_token: `jobs-${rerun.length}` } });
    const again = await waitForPipeline(hub, (rebuild.body as { pipeline_id: string }).pipeline_id, isDone, 'the rerun');
    expect(again.pipeline.result).toBe('passed');
    const rerunJobs = ['fast', 'slow'].filter((name) => jobIdOf(again, name) !== jobIdOf(first, name));
    expect(rerunJobs).toEqual(rerun);
    expect(ranJobs(agents)).toHaveLength(2 + rerun.length);
  });

  it('reruns a whole workflow: a new workflow runs every block again', async () => {
    const { hub, agents } = await setUp();
    const { pipeline_id, workflow_id } = await runPipeline(hub, pipelineYaml(TYPE, blockYaml('A', [], { a: ['echo a'] }) + blockYaml('B', ['A'], { b: ['echo b'] })), { branch: 'dev' });
    await waitForPipeline(hub, pipeline_id, isDone, 'the first run');
    const res = await api(hub, 'POST', `/api/v1alpha/plumber-workflows/${workflow_id}/reschedule?request_token=again-1`);
    expect(res.status).toBe(200);
    const { wf_id, ppl_id } = res.body as { wf_id: string; ppl_id: string };
    expect(wf_id).not.toBe(workflow_id);
    const rerun = await waitForPipeline(hub, ppl_id, isDone, 'the rerun');
    expect(rerun.pipeline).toMatchObject({ result: 'passed', branch_name: 'dev', wf_id });
    expect(ranJobs(agents)).toHaveLength(4);
    expect(envOf(agents, jobIdOf(rerun, 'a'))).toMatchObject({ SEMAPHORE_WORKFLOW_RERUN: 'true', SEMAPHORE_WORKFLOW_ID: wf_id });
  });
});

describe('queues and auto_cancel (same file, same branch)', () => {
  const longYaml = (extra = '') => pipelineYaml(TYPE, blockYaml('A', [], { a: ['wait-for finish'] }), extra);

  it('runs pipelines of one branch one at a time, oldest first', async () => {
    const { hub, agents } = await setUp();
    const first = await runPipeline(hub, longYaml(), { branch: 'feat' });
    const second = await runPipeline(hub, longYaml(), { branch: 'feat' });
    const elsewhere = await runPipeline(hub, longYaml(), { branch: 'other' });
    await waitForPipeline(hub, first.pipeline_id, (p) => p.blocks[0]?.jobs[0]?.status === 'RUNNING', 'the first to run');
    await waitForPipeline(hub, elsewhere.pipeline_id, (p) => p.pipeline.state === 'running', 'another branch to run beside it');
    expect((await describePipeline(hub, second.pipeline_id)).pipeline.state).toBe('queuing');
    for (const agent of agents) agent.release('finish');
    await waitForPipeline(hub, second.pipeline_id, isDone, 'the second to run after the first');
    expect((await describePipeline(hub, first.pipeline_id)).pipeline.result).toBe('passed');
  });

  it('auto_cancel running: a newer pipeline stops the running one (strategy) and runs', async () => {
    const { hub, agents } = await setUp();
    const older = await runPipeline(hub, longYaml(), { branch: 'feat' });
    await waitForPipeline(hub, older.pipeline_id, (p) => p.blocks[0]?.jobs[0]?.status === 'RUNNING', 'the older to run');
    const newer = await runPipeline(hub, pipelineYaml(TYPE, blockYaml('A', [], { a: ['echo new'] }), 'auto_cancel:\n  running:\n    when: "true"\n'), { branch: 'feat' });
    const stopped = await waitForPipeline(hub, older.pipeline_id, isDone, 'the older to stop');
    expect(stopped.pipeline).toMatchObject({ result: 'stopped', result_reason: 'strategy' });
    expect((await waitForPipeline(hub, newer.pipeline_id, isDone, 'the newer to run')).pipeline.result).toBe('passed');
    expect(agents.flatMap((a) => a.violations)).toEqual([]);
  });

  it('auto_cancel queued: a newer pipeline cancels the queued one and lets the running one finish', async () => {
    const { hub, agents } = await setUp();
    const running = await runPipeline(hub, longYaml(), { branch: 'feat' });
    await waitForPipeline(hub, running.pipeline_id, (p) => p.blocks[0]?.jobs[0]?.status === 'RUNNING', 'the first to run');
    const queued = await runPipeline(hub, longYaml(), { branch: 'feat' });
    const newest = await runPipeline(hub, longYaml('auto_cancel:\n  queued:\n    when: "true"\n'), { branch: 'feat' });
    const canceled = await waitForPipeline(hub, queued.pipeline_id, isDone, 'the queued one to be canceled');
    expect(canceled.pipeline).toMatchObject({ result: 'canceled', result_reason: 'strategy', running_at: '1970-01-01 00:00:00.000000Z' });
    expect((await describePipeline(hub, running.pipeline_id)).pipeline.state).toBe('running');
    for (const agent of agents) agent.release('finish');
    expect((await waitForPipeline(hub, running.pipeline_id, isDone, 'the first to finish')).pipeline.result).toBe('passed');
    expect((await waitForPipeline(hub, newest.pipeline_id, isDone, 'the newest to run')).pipeline.result).toBe('passed');
  });
});

describe('time limits (a clock the test moves)', () => {
  async function setUpWithClock() {
    let offsetMs = 0;
    const hub: TestHub = await startHubWithAdmin({ now: () => Date.now() + offsetMs, env: { OUTPOST_SWEEP_INTERVAL_MS: '100' } });
    const registrationToken = await createType(hub, TYPE);
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 10 });
    return { hub, agent, advance: (ms: number) => (offsetMs += ms) };
  }

  it.each([
    { level: 'job', limit: '          execution_time_limit:\n            minutes: 1\n', where: 'job' },
    { level: 'block', limit: '    execution_time_limit:\n      minutes: 1\n', where: 'block' },
  ])('a $level execution_time_limit stops the job; the block and the pipeline end STOPPED (timeout)', async ({ limit, where }) => {
    const { hub, advance } = await setUpWithClock();
    let block = blockYaml('A', [], { a: ['sleep-until-stopped'] });
    block = where === 'job' ? block.replace('          commands:', `${limit}          commands:`) : block.replace('    task:\n', `${limit}    task:\n`);
    const { pipeline_id } = await runPipeline(hub, pipelineYaml(TYPE, block + blockYaml('B', ['A'], { b: ['echo b'] })));
    await waitForPipeline(hub, pipeline_id, (p) => p.blocks[0]?.jobs[0]?.status === 'RUNNING', 'the job to run');
    advance(61_000);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the limit to stop it');
    expect(blockSummary(done)).toEqual(['A: done stopped timeout', 'B: done canceled fast_failing']);
    expect(done.pipeline).toMatchObject({ result: 'stopped', result_reason: 'timeout' });
    expect(done.blocks[0]?.jobs[0]).toMatchObject({ result: 'STOPPED', failure_reason: 'execution time limit exceeded' });
  });

  it('the pipeline execution_time_limit stops running jobs and cancels waiting blocks (timeout)', async () => {
    const { hub, advance } = await setUpWithClock();
    const yaml = pipelineYaml(TYPE, blockYaml('A', [], { a: ['sleep-until-stopped'] }) + blockYaml('B', ['A'], { b: ['echo b'] }), 'execution_time_limit:\n  minutes: 2\n');
    const { pipeline_id } = await runPipeline(hub, yaml);
    const running = await waitForPipeline(hub, pipeline_id, (p) => p.blocks[0]?.jobs[0]?.status === 'RUNNING', 'the job to run');
    expect(running.pipeline.execution_time_limit).toBe(120);
    advance(121_000);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline limit to stop it');
    expect(done.pipeline).toMatchObject({ result: 'stopped', result_reason: 'timeout', terminate_request: 'stop' });
    expect(done.blocks[1]).toMatchObject({ state: 'done', result: 'canceled', result_reason: 'timeout' });
  });
});

describe('durability', () => {
  it('the sweep advances a pipeline whose post-commit advance never ran (a hub killed in between)', async () => {
    const { hub, agents } = await setUp(1);
    const { pipeline_id } = await runPipeline(hub, pipelineYaml(TYPE, blockYaml('A', [], { a: ['echo a'] }) + blockYaml('B', ['A'], { b: ['echo b'] })));
    await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    // Put the pipeline back to "A finished, B not started": what a crash right after A's result leaves.
    const db = hub.services.store.db;
    const blocks = await db.selectFrom('pipeline_blocks').selectAll().where('pipeline_id', '=', pipeline_id).orderBy('idx').execute();
    const b = blocks[1];
    if (!b) throw new Error('no block B');
    const bJob = await db.selectFrom('pipeline_jobs').select('job_id').where('block_id', '=', b.id).executeTakeFirstOrThrow();
    await db.deleteFrom('pipeline_jobs').where('block_id', '=', b.id).execute();
    await db.deleteFrom('jobs').where('id', '=', bJob.job_id).execute();
    await db.updateTable('pipeline_blocks').set({ state: 'waiting', result: null, result_reason: null, done_at: null, started_at: null }).where('id', '=', b.id).execute();
    await db.updateTable('pipelines').set({ state: 'running', result: null, result_reason: null, done_at: null, active: 1 }).where('id', '=', pipeline_id).execute();
    const again = await waitForPipeline(hub, pipeline_id, isDone, 'the sweep to finish the pipeline');
    expect(blockSummary(again)).toEqual(['A: done passed test', 'B: done passed test']);
    await waitFor(() => ranJobs(agents).length === 3, { message: 'B to run again' });
  });
});
