import { describe, expect, it } from 'vitest';
import { createType, startHubWithAdmin } from '../support/hub-clients.js';
import { startHub } from '../support/start-hub.js';
import { startFakeAgent, type FakeAgent } from '../support/fake-agent.js';
import { blockYaml, isDone, pipelineYaml, runPipeline, waitForPipeline } from '../support/pipelines-client.js';
import { postgresAvailable } from '../support/test-database.js';

const TYPE = 's1-pipeline-replicas';

describe('two hubs sharing PostgreSQL advance one pipeline (DESIGN §8)', () => {
  it('queues every block once and runs every job once while both hubs advance it at the same time', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    // Sweeps every 20 ms on both replicas, plus advances the test fires at both at once: the conditional UPDATE of
    // each block is all that keeps its jobs from being queued twice.
    const env = { OUTPOST_SWEEP_INTERVAL_MS: '20' };
    const first = await startHubWithAdmin({ dialect: 'postgres', env });
    const second = await startHub({ dialect: 'postgres', env, config: { databaseUrl: first.db.databaseUrl } });
    const registrationToken = await createType(first, TYPE);
    const agents: FakeAgent[] = [];
    for (let i = 0; i < 6; i++) agents.push(await startFakeAgent({ hubUrl: (i % 2 === 0 ? first : second).url, registrationToken, longPollSeconds: i < 4 ? 10 : undefined }));
    const jobs = (block: string) => Object.fromEntries(Array.from({ length: 4 }, (_, j) => [`${block}-${j}`, [`echo ${block} ${j}`]]));
    const blocks =
      blockYaml('A', [], jobs('a')) + blockYaml('B', ['A'], jobs('b')) + blockYaml('C', ['A'], jobs('c')) + blockYaml('D', ['B', 'C'], jobs('d')) + blockYaml('E', ['D'], jobs('e'));
    const { pipeline_id } = await runPipeline(second, pipelineYaml(TYPE, blocks));
    let racing = true;
    const race = (async () => {
      while (racing) await Promise.all([first.services.pipelines.advance(pipeline_id), second.services.pipelines.advance(pipeline_id)]);
    })();
    const done = await waitForPipeline(first, pipeline_id, isDone, 'the pipeline to finish', 60_000);
    racing = false;
    await race;
    expect(done.pipeline.result).toBe('passed');
    const db = first.services.store.db;
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(20);
    expect(await db.selectFrom('pipeline_jobs').select('job_id').execute()).toHaveLength(20);
    const ran = agents.flatMap((a) => a.ran);
    expect(ran).toHaveLength(20);
    expect(new Set(ran).size).toBe(20);
    expect(agents.flatMap((a) => a.violations)).toEqual([]);
    for (const agent of agents) agent.kill();
    await second.stop();
  });
});
