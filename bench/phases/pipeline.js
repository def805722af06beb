import { seedAgents } from '../hub-process.js';
import { startFleet } from '../fleet.js';
import { round, sleep, summarize } from '../stats.js';

/**
 * DESIGN §7: "a pipeline block's jobs queued ≤ 20 ms (p99) after its last dependency finished". A chain of
 * BENCH_PIPELINE_BLOCKS blocks × BENCH_PIPELINE_JOBS instant jobs runs on as many long-polling agents, BENCH_PIPELINES
 * times (the first run warms up and is not counted). Both ends are the hub's own clock, as the describe answer gives
 * them: a block's started_at (its jobs are queued in that transaction) minus the latest finished_at of the jobs of the
 * block it depends on. The hub records milliseconds, so figures are whole milliseconds.
 */
export async function pipelinePhase({ hub, dataDir, api, errors, config }) {
  const type = 's1-bench-pipeline';
  await api('POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: type }, spec: { agent_name_settings: {} } });
  const tokens = seedAgents({ dataDir, typeName: type, count: config.pipelineJobs, prefix: type });
  const observe = { error: (err) => errors.push(err) };
  const fleet = await startFleet({ url: hub.url, tokens, longPoll: true, observe });
  await sleep(1000);
  const latencies = [];
  const wallMs = [];
  for (let run = 0; run <= config.pipelines; run++) {
    const started = Date.now();
    const { pipeline_id } = await api('POST', '/api/v1alpha/pipelines/yaml', { yaml_definition: chainYaml(type, config.pipelineBlocks, config.pipelineJobs), branch: `bench-${run}` });
    const done = await waitUntilDone(api, pipeline_id);
    if (done.pipeline.result !== 'passed') errors.push(new Error(`bench pipeline ${pipeline_id} ended ${done.pipeline.result}`));
    if (run === 0) continue;
    wallMs.push(Date.now() - started);
    latencies.push(...blockStartLatencies(done));
  }
  await fleet.stop();
  return {
    blocks: config.pipelineBlocks,
    jobsPerBlock: config.pipelineJobs,
    agents: config.pipelineJobs,
    pipelines: config.pipelines,
    blockQueuedAfterDependencyMs: summarize(latencies),
    pipelineWallMs: summarize(wallMs),
    jobsPerSecond: round((config.pipelineBlocks * config.pipelineJobs * wallMs.length * 1000) / wallMs.reduce((a, b) => a + b, 0), 0),
  };
}

function chainYaml(type, blocks, jobs) {
  const lines = ['version: v1.0', 'name: Bench chain', 'agent:', '  machine:', `    type: ${type}`, 'blocks:'];
  for (let b = 0; b < blocks; b++) {
    lines.push(`  - name: Block ${b}`, `    dependencies: [${b === 0 ? '' : `"Block ${b - 1}"`}]`, '    task:', '      jobs:');
    for (let j = 0; j < jobs; j++) lines.push(`        - name: job ${b}-${j}`, '          commands:', '            - bench-instant');
  }
  return `${lines.join('\n')}\n`;
}

async function waitUntilDone(api, id) {
  for (let i = 0; i < 6000; i++) {
    const described = await api('GET', `/api/v1alpha/pipelines/${id}?detailed=true`);
    if (described.pipeline.state === 'done') return described;
    await sleep(50);
  }
  throw new Error(`bench pipeline ${id} did not finish in 5 minutes`);
}

/** `2026-01-01 12:00:00.123000Z` → ms. */
const toMs = (text) => Date.parse(text.replace(' ', 'T').replace(/(\.\d{3})\d*Z$/, '$1Z'));

function blockStartLatencies(described) {
  const out = [];
  for (const [i, block] of described.blocks.entries()) {
    if (i === 0) continue;
    const before = described.blocks[i - 1];
    const lastFinish = Math.max(...before.jobs.map((j) => toMs(j.finished_at)));
    out.push(toMs(block.started_at) - lastFinish);
  }
  return out;
}
