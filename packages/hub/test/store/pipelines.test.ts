import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import {
  changePipelineState,
  findActivePipelineIds,
  findActivePipelinesOfJob,
  findPipelineById,
  findQueueNeighbours,
  insertPipelineRun,
  listPipelines,
  requestPipelineStop,
  settlePipeline,
  type NewPipelineRun,
} from '../../src/store/pipelines.js';
import { changeBlockState, findBlocksOfPipeline, findJobsOfPipeline, startBlock } from '../../src/store/pipeline-blocks.js';
import type { NewJob } from '../../src/store/jobs.js';
import { isUniqueViolation } from '../../src/store/constraint-errors.js';
import { newJobId } from '../../src/lifecycle/job-ids.js';
import { openTestStore, type TestStore } from '../support/test-database.js';
import { availableDialects } from '../support/hub-clients.js';
import { seedAgentType, seedOrg, type SeededOrg, type SeededType } from '../support/seed.js';

describe.each(await availableDialects())('pipeline store on %s', (dialect) => {
  let testStore: TestStore | undefined;
  let store: Store;
  let org: SeededOrg;
  let type: SeededType;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    org = await seedOrg(store.db);
    type = await seedAgentType(store.db, org.orgId, 's1-pipelines');
  });

  afterAll(async () => {
    await testStore?.close();
  });

  /** A workflow with one pipeline of `blocks` waiting blocks (none depending on another). */
  function run(options: { blocks?: number; queueKey?: string; autoCancel?: 'stop' | 'cancel' | 'none'; state?: 'queuing' | 'running'; token?: string; branch?: string } = {}) {
    const now = Date.now();
    const wfId = newJobId(now);
    const pplId = newJobId(now);
    const row: NewPipelineRun = {
      workflow: { id: wfId, org_id: org.orgId, initial_ppl_id: pplId, rerun_of: null, request_token: options.token ?? null, created_by: null, created_at: now },
      pipeline: {
        id: pplId, org_id: org.orgId, wf_id: wfId, name: 'P', yaml_file_path: '.semaphore/semaphore.yml', plan: '{}',
        branch_name: options.branch ?? 'main', tag_name: '', pr_number: '', commit_sha: '', queue_key: options.queueKey ?? `q-${pplId}`,
        auto_cancel: options.autoCancel ?? 'none', state: options.state ?? 'running', result: null, result_reason: null, error_description: '',
        terminate_request: null, terminate_reason: null, terminated_by: null, execution_time_limit_s: 3600, deadline_at: null,
        partial_rerun_of: null, artefact_id: pplId, is_rerun: 0, workflow_rerun: 0, request_token: null, active: 1, created_by: null,
        created_at: now, running_at: null, stopping_at: null, done_at: null, updated_at: now,
      },
      blocks: Array.from({ length: options.blocks ?? 1 }, (_, idx) => ({
        id: newJobId(now), pipeline_id: pplId, idx, kind: 'block' as const, name: `B${idx}`, dependencies: '[]', skipped: 0, state: 'waiting' as const,
        result: null, result_reason: null, error_description: '', copied_from: null, started_at: null, done_at: null, updated_at: now,
      })),
      jobs: [],
    };
    return row;
  }

  const jobsFor = (count: number): Array<{ idx: number; job: NewJob }> =>
    Array.from({ length: count }, (_, idx) => ({
      idx,
      job: { id: newJobId(Date.now()), orgId: org.orgId, agentTypeId: type.id, name: `job ${idx}`, spec: '{}', priority: 50, executionTimeLimitS: null, createdBy: null, now: Date.now() },
    }));

  it('writes a workflow, its pipeline and blocks in one go, and reads them back', async () => {
    const r = run({ blocks: 3 });
    await insertPipelineRun(store.db, r);
    expect(await findPipelineById(store.db, r.pipeline.id)).toMatchObject({ wf_id: r.workflow?.id, state: 'running', active: 1 });
    expect((await findBlocksOfPipeline(store.db, r.pipeline.id)).map((b) => [b.idx, b.name, b.state])).toEqual([[0, 'B0', 'waiting'], [1, 'B1', 'waiting'], [2, 'B2', 'waiting']]);
  });

  it('refuses a second workflow with the same request token', async () => {
    await insertPipelineRun(store.db, run({ token: 'same-token' }));
    const error = await insertPipelineRun(store.db, run({ token: 'same-token' })).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('queues a block’s jobs exactly once when ten calls race for it', async () => {
    const r = run();
    await insertPipelineRun(store.db, r);
    const blockId = r.blocks[0]?.id ?? '';
    const attempts = await Promise.all(Array.from({ length: 10 }, () => startBlock(store, { blockId, pipelineId: r.pipeline.id, jobs: jobsFor(3), now: Date.now() })));
    expect(attempts.filter(Boolean)).toHaveLength(1);
    const linked = await findJobsOfPipeline(store.db, r.pipeline.id);
    expect(linked.map((j) => [j.idx, j.name, j.state])).toEqual([[0, 'job 0', 'queued'], [1, 'job 1', 'queued'], [2, 'job 2', 'queued']]);
    const jobRows = await store.db.selectFrom('jobs').select('id').where('id', 'in', linked.map((j) => j.job_id)).execute();
    expect(jobRows).toHaveLength(3);
    expect((await findBlocksOfPipeline(store.db, r.pipeline.id))[0]).toMatchObject({ state: 'running' });
  });

  it('does not start a block once its pipeline was asked to stop, and writes no job', async () => {
    const r = run();
    await insertPipelineRun(store.db, r);
    expect(await requestPipelineStop(store.db, { id: r.pipeline.id, reason: 'user', by: org.userId, now: Date.now() })).toBe(true);
    expect(await requestPipelineStop(store.db, { id: r.pipeline.id, reason: 'user', by: org.userId, now: Date.now() })).toBe(false);
    const jobs = jobsFor(2);
    expect(await startBlock(store, { blockId: r.blocks[0]?.id ?? '', pipelineId: r.pipeline.id, jobs, now: Date.now() })).toBe(false);
    expect(await store.db.selectFrom('jobs').select('id').where('id', '=', jobs[0]?.job.id ?? '').execute()).toEqual([]);
  });

  it('moves a pipeline and a block only from the state they were read in', async () => {
    const r = run({ state: 'queuing' });
    await insertPipelineRun(store.db, r);
    const now = Date.now();
    expect(await changePipelineState(store.db, { id: r.pipeline.id, from: 'queuing', to: 'running', deadlineAt: now + 1000, now })).toBe(true);
    expect(await changePipelineState(store.db, { id: r.pipeline.id, from: 'queuing', to: 'running', now })).toBe(false);
    expect(await findPipelineById(store.db, r.pipeline.id)).toMatchObject({ state: 'running', running_at: now, deadline_at: now + 1000 });
    const blockId = r.blocks[0]?.id ?? '';
    expect(await changeBlockState(store.db, { blockId, from: 'waiting', to: 'done', result: 'canceled', resultReason: 'user', now })).toBe(true);
    expect(await changeBlockState(store.db, { blockId, from: 'waiting', to: 'done', result: 'passed', now })).toBe(false);
    expect((await findBlocksOfPipeline(store.db, r.pipeline.id))[0]).toMatchObject({ state: 'done', result: 'canceled', result_reason: 'user', done_at: now });
  });

  it('keeps a user’s stop reason when the hub records its own stop with a state change', async () => {
    const r = run();
    await insertPipelineRun(store.db, r);
    await requestPipelineStop(store.db, { id: r.pipeline.id, reason: 'user', by: null, now: Date.now() });
    await changePipelineState(store.db, { id: r.pipeline.id, from: 'running', to: 'stopping', terminate: 'timeout', now: Date.now() });
    expect(await findPipelineById(store.db, r.pipeline.id)).toMatchObject({ state: 'stopping', terminate_request: 'stop', terminate_reason: 'user' });
  });

  it('tells a pipeline about older unfinished and newer auto-canceling pipelines of its queue only', async () => {
    const queueKey = `queue-${Date.now()}`;
    const first = run({ queueKey });
    const second = run({ queueKey, state: 'queuing' });
    const third = run({ queueKey, state: 'queuing', autoCancel: 'cancel' });
    const elsewhere = run({ state: 'queuing', autoCancel: 'stop' });
    for (const r of [first, second, third, elsewhere]) await insertPipelineRun(store.db, r);
    expect(await findQueueNeighbours(store.db, { id: first.pipeline.id, org_id: org.orgId, queue_key: queueKey })).toEqual({ olderInQueue: false, newerAutoCancel: ['cancel'] });
    expect(await findQueueNeighbours(store.db, { id: third.pipeline.id, org_id: org.orgId, queue_key: queueKey })).toEqual({ olderInQueue: true, newerAutoCancel: [] });
    await changePipelineState(store.db, { id: first.pipeline.id, from: 'running', to: 'done', result: 'passed', now: Date.now() });
    await changePipelineState(store.db, { id: second.pipeline.id, from: 'queuing', to: 'done', result: 'canceled', now: Date.now() });
    expect((await findQueueNeighbours(store.db, { id: third.pipeline.id, org_id: org.orgId, queue_key: queueKey })).olderInQueue).toBe(false);
  });

  it('finds the unsettled pipelines of a job, and forgets a pipeline once settled', async () => {
    const r = run();
    await insertPipelineRun(store.db, r);
    const jobs = jobsFor(1);
    await startBlock(store, { blockId: r.blocks[0]?.id ?? '', pipelineId: r.pipeline.id, jobs, now: Date.now() });
    expect(await findActivePipelinesOfJob(store.db, jobs[0]?.job.id ?? '')).toEqual([r.pipeline.id]);
    expect(await findActivePipelineIds(store.db, 10_000)).toContain(r.pipeline.id);
    await settlePipeline(store.db, r.pipeline.id, Date.now());
    expect(await findActivePipelineIds(store.db, 10_000)).toContain(r.pipeline.id);
    await changePipelineState(store.db, { id: r.pipeline.id, from: 'running', to: 'done', result: 'passed', now: Date.now() });
    await settlePipeline(store.db, r.pipeline.id, Date.now());
    expect(await findActivePipelineIds(store.db, 10_000)).not.toContain(r.pipeline.id);
    expect(await findActivePipelinesOfJob(store.db, jobs[0]?.job.id ?? '')).toEqual([]);
  });

  it('lists newest first with filters and keyset pages', async () => {
    const branch = `feature-${Date.now()}`;
    const made = [run({ branch }), run({ branch }), run({ branch, state: 'queuing' })];
    for (const r of made) await insertPipelineRun(store.db, r);
    const ids = made.map((r) => r.pipeline.id).reverse();
    const first = await listPipelines(store.db, { orgId: org.orgId, branchName: branch, limit: 2 });
    expect(first.map((p) => p.id)).toEqual(ids.slice(0, 2));
    const next = await listPipelines(store.db, { orgId: org.orgId, branchName: branch, limit: 2, beforeId: first[1]?.id });
    expect(next.map((p) => p.id)).toEqual(ids.slice(2));
    expect((await listPipelines(store.db, { orgId: org.orgId, branchName: branch, states: ['queuing'], limit: 10 })).map((p) => p.id)).toEqual([made[2]?.pipeline.id]);
    expect(await listPipelines(store.db, { orgId: org.orgId, wfId: made[0]?.workflow?.id, limit: 10 })).toHaveLength(1);
    expect(await listPipelines(store.db, { orgId: org.orgId, branchName: branch, states: [], limit: 10 })).toEqual([]);
  });
});
