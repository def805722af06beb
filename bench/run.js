/* global process, fetch, console */
// `npm run bench`: a real hub process on SQLite, simulated agents over real HTTP, and the DESIGN §7 figures:
// job pickup (queued → the agent has the spec) with long-polling agents and in the compatible polling mode, sync
// latency, stop latency, log ingest, hub RSS, and how soon a pipeline block's jobs are queued after its dependency
// finished. Scale with BENCH_AGENTS (default 200; try 1000 or 10000), BENCH_JOBS (pickup samples per mode, default
// 200), BENCH_STOPS (default 20), BENCH_LOG_MB (default 40), BENCH_PIPELINES (runs of the 10 × 20 chain, default 10),
// BENCH_PIPELINE_BLOCKS (10) and BENCH_PIPELINE_JOBS (jobs per block and agents, 20). The running-fleet phase: the
// sync load of BENCH_RUNNING_AGENTS (1000) running polling agents per OUTPOST_RUNNING_SYNC_INTERVAL_MS in
// BENCH_RUNNING_INTERVALS (1500,12000) over BENCH_RUNNING_WINDOW_MS (10000), beside its stop latency.
// BENCH_ONLY=running runs that phase alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { seedAgents, startHubProcess } from './hub-process.js';
import { startSimAgent } from './sim-agent.js';
import { round, sleep, summarize } from './stats.js';
import { pipelinePhase } from './pipeline-phase.js';
import { runningPhase } from './running-phase.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = {
  agents: Number(process.env.BENCH_AGENTS ?? 200),
  jobs: Number(process.env.BENCH_JOBS ?? 200),
  stops: Number(process.env.BENCH_STOPS ?? 20),
  logMiB: Number(process.env.BENCH_LOG_MB ?? 40),
  pipelines: Number(process.env.BENCH_PIPELINES ?? 10),
  pipelineBlocks: Number(process.env.BENCH_PIPELINE_BLOCKS ?? 10),
  pipelineJobs: Number(process.env.BENCH_PIPELINE_JOBS ?? 20),
  runningAgents: Number(process.env.BENCH_RUNNING_AGENTS ?? 1000),
  runningIntervals: (process.env.BENCH_RUNNING_INTERVALS ?? '1500,12000').split(',').map(Number),
  runningWindowMs: Number(process.env.BENCH_RUNNING_WINDOW_MS ?? 10_000),
};
const only = process.env.BENCH_ONLY;
const ADMIN = 'bench-admin-token-0123456789abcdef';
const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-'));
const hub = await startHubProcess({ root, dataDir, adminToken: ADMIN });
const errors = [];
const results = { when: new Date().toISOString(), config, node: process.version };

try {
  if (!only) {
    results.longPoll = await syncModePhase({ mode: 'long-poll', type: 's1-bench-lp', longPoll: true });
    results.polling = await syncModePhase({ mode: 'polling', type: 's1-bench-poll', longPoll: false });
    results.logIngest = await logIngestPhase();
    results.pipeline = await pipelinePhase({ hub, dataDir, api, errors, config });
    results.hubMemory = hub.memory();
  }
  if (!only || only === 'running') results.runningFleet = await runningPhase({ root, errors, config });
} finally {
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
results.errors = errors.slice(0, 10).map(String);
report(results);

/** N agents of one type in one sync mode: pickup latency, sync latency, stop latency, RSS while they are connected. */
async function syncModePhase({ mode, type, longPoll }) {
  await api('POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: type }, spec: { agent_name_settings: {} } });
  const tokens = seedAgents({ dataDir, typeName: type, count: config.agents, prefix: type });
  const picked = arrivals();
  const stopped = arrivals();
  const syncs = [];
  const observe = {
    picked: picked.arrive,
    stopped: stopped.arrive,
    synced: (ms) => syncs.push(ms),
    error: (err) => errors.push(err),
  };
  // The official agent syncs at once on start; spread starts over one interval, as a fleet that came up over time.
  const agents = [];
  const spreadMs = longPoll ? 1000 : 5000;
  for (const [i, token] of tokens.entries()) {
    agents.push(startSimAgent({ url: hub.url, token, longPoll, observe }));
    if (i % 50 === 49) await sleep((spreadMs * 50) / tokens.length);
  }
  await sleep(longPoll ? 1500 : 6000);
  const memoryConnected = hub.memory();
  // Hub CPU per sync over a quiet window (no jobs): the hub's own cost, apart from the simulators'.
  const idleWindow = { cpu: hub.cpuSeconds(), syncs: syncs.length };
  await sleep(longPoll ? 0 : 5000);
  const idleCpuSeconds = hub.cpuSeconds() - idleWindow.cpu;
  const hubCpuUsPerSync = longPoll ? null : round((idleCpuSeconds * 1e6) / Math.max(1, syncs.length - idleWindow.syncs), 0);
  const hubCpuIdlePercent = longPoll ? null : round((idleCpuSeconds / 5) * 100, 0);

  const pickup = [];
  // The first jobs warm the JIT and SQLite's caches; they are run but not counted.
  const warmUp = 20;
  for (let i = 0; i < config.jobs + warmUp; i++) {
    const t0 = performance.now();
    const job = await api('POST', '/api/v1alpha/jobs', jobBody(type, 'bench-instant'));
    const latency = (await picked.when(job.metadata.id)) - t0;
    if (i >= warmUp) pickup.push(latency);
    await sleep(longPoll ? 5 : 50);
  }

  const stopLatency = await measureStops(type, picked, stopped);
  const syncLatency = summarize(syncs);
  // Agents leave as agents do (POST /disconnect), a hundred at a time, so the next phase starts on a quiet hub.
  for (let i = 0; i < agents.length; i += 100) await Promise.all(agents.slice(i, i + 100).map((agent) => agent.stop({ disconnect: true })));
  return { mode, agents: config.agents, pickupMs: summarize(pickup), syncMs: longPoll ? null : syncLatency, hubCpuUsPerSync, hubCpuIdlePercent, stopMs: stopLatency, memoryConnected };
}

/** Jobs that run until stopped: once every agent reports running-job, stop each and time until stop-job arrives. */
async function measureStops(type, picked, stopped) {
  const jobs = [];
  for (let i = 0; i < config.stops; i++) {
    const job = await api('POST', '/api/v1alpha/jobs', jobBody(type, 'bench-hold'));
    jobs.push({ id: job.metadata.id, running: picked.when(job.metadata.id) });
  }
  for (const job of jobs) await job.running;
  // Let each agent report running-job (the only state stop-job may be sent in, spec §2.12).
  await waitForState(type, 'running-job', jobs.length);
  const latencies = await Promise.all(
    jobs.map(async (job) => {
      const t0 = performance.now();
      await api('POST', `/api/v1alpha/jobs/${job.id}/stop`);
      return (await stopped.when(job.id)) - t0;
    }),
  );
  return summarize(latencies);
}

async function waitForState(type, state, count) {
  for (let i = 0; i < 600; i++) {
    const list = await api('GET', `/api/v1alpha/agents?agent_type=${type}&page_size=200`);
    const agents = await allAgents(type, list);
    if (agents.filter((a) => a.status.state === 'running_job').length >= count) {
      const rows = await api('GET', `/api/v1alpha/jobs?agent_type=${type}&state=RUNNING&page_size=1000`);
      if (rows.jobs.length >= count) return;
    }
    await sleep(state === 'running-job' ? 100 : 50);
  }
  throw new Error(`agents of ${type} never reached ${state}`);
}

async function allAgents(type, first) {
  const agents = [...first.agents];
  let cursor = first.cursor;
  while (cursor) {
    const page = await api('GET', `/api/v1alpha/agents?agent_type=${type}&page_size=200&cursor=${cursor}`);
    agents.push(...page.agents);
    cursor = page.cursor;
  }
  return agents;
}

/** Four jobs push BENCH_LOG_MB of 2000-event batches in parallel; MB/s over the wall time. */
async function logIngestPhase() {
  const type = 's1-bench-logs';
  await api('POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: type }, spec: { agent_name_settings: {} } });
  const parallel = 4;
  const tokens = seedAgents({ dataDir, typeName: type, count: parallel, prefix: type });
  let bytes = 0;
  let finished = 0;
  let allDone;
  const done = new Promise((resolve) => (allDone = resolve));
  const observe = {
    logged: (n) => {
      bytes += n;
      if (++finished === parallel) allDone();
    },
    error: (err) => errors.push(err),
  };
  const agents = tokens.map((token) => startSimAgent({ url: hub.url, token, longPoll: true, observe }));
  await sleep(500);
  const perJob = Math.ceil((config.logMiB * 1024 * 1024) / parallel);
  const t0 = performance.now();
  const cpu0 = hub.cpuSeconds();
  for (let i = 0; i < parallel; i++) await api('POST', '/api/v1alpha/jobs', jobBody(type, `bench-logs ${perJob}`));
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const mib = bytes / 1024 / 1024;
  const hubCpuMsPerMiB = ((hub.cpuSeconds() - cpu0) * 1000) / mib;
  for (const agent of agents) await agent.stop();
  return { jobs: parallel, mib: round(mib, 1), seconds: round(seconds, 2), mibPerSecond: round(mib / seconds, 1), hubCpuMsPerMiB: round(hubCpuMsPerMiB, 1) };
}

/** When each job's event arrived, whether it came before or after someone asked (an agent can beat the POST's answer). */
function arrivals() {
  const times = new Map();
  const waiting = new Map();
  return {
    arrive(id, at) {
      times.set(id, at);
      waiting.get(id)?.(at);
    },
    when(id) {
      if (times.has(id)) return Promise.resolve(times.get(id));
      return new Promise((resolve) => waiting.set(id, resolve));
    },
  };
}

function jobBody(type, directive) {
  return { metadata: { name: 'bench' }, spec: { agent: { machine: { type } }, commands: [directive] } };
}

async function api(method, path, body) {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Token ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function report(r) {
  if (r.longPoll) printTable(mainRows(r));
  if (r.runningFleet) printTable(runningRows(r.runningFleet));
  if (r.errors.length) console.log(`errors (${r.errors.length}): ${r.errors.join('; ')}`);
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(r, null, 2)}\n`);
  console.log(`written to bench/results/latest.json`);
}

function ms(s) {
  return s ? `${s.p50} / ${s.p99}` : '—';
}

/** The sync load of a running polling fleet against the stop latency it buys, one column per running interval. */
function runningRows(fleet) {
  return [
    ['running polling agents', ...fleet.map((f) => `interval ${f.runningSyncIntervalMs} ms`)],
    ['agents running a job', ...fleet.map((f) => String(f.agents))],
    ['syncs/s at the hub', ...fleet.map((f) => String(f.syncsPerSecond))],
    ['hub CPU: % of a core (µs per sync)', ...fleet.map((f) => `${f.hubCpuPercent}% (${f.hubCpuUsPerSync})`)],
    ['stop → stop-job at the agent p50 / p99 / max (ms)', ...fleet.map((f) => `${ms(f.stopMs)} / ${f.stopMs.max}`)],
  ];
}

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('');
}

function mainRows(r) {
  return [
    ['figure', 'long-poll', 'polling (official agent)', 'target (DESIGN §7)'],
    ['agents connected', String(r.longPoll.agents), String(r.polling.agents), '1,000 / 10,000'],
    ['job pickup p50 / p99 (ms)', ms(r.longPoll.pickupMs), ms(r.polling.pickupMs), '≤ 5 / ≤ 25 (long-poll)'],
    ['sync p50 / p99 (ms)', '(held)', ms(r.polling.syncMs), 'p99 ≤ 50'],
    ['hub CPU, fleet idle: % of a core (µs per sync, sweeps included)', '', `${r.polling.hubCpuIdlePercent}% (${r.polling.hubCpuUsPerSync})`, ''],
    ['stop → agent p50 / p99 (ms)', ms(r.longPoll.stopMs), ms(r.polling.stopMs), '≤ 100 (long-poll)'],
    ['hub RSS with agents connected (MiB)', String(r.longPoll.memoryConnected.rssMiB), String(r.polling.memoryConnected.rssMiB), '≤ 1024 at 10,000'],
    ['log ingest (MiB/s)', `${r.logIngest.mibPerSecond} (${r.logIngest.mib} MiB, ${r.logIngest.jobs} jobs; hub ${r.logIngest.hubCpuMsPerMiB} CPU-ms/MiB)`, '', '≥ 50'],
    [
      `pipeline block queued after its dependency p50 / p99 (ms; ${r.pipeline.blocks} blocks × ${r.pipeline.jobsPerBlock} jobs, ${r.pipeline.agents} agents)`,
      ms(r.pipeline.blockQueuedAfterDependencyMs),
      '',
      '≤ 20 (p99)',
    ],
    ['pipeline wall time p50 (ms), jobs/s', `${r.pipeline.pipelineWallMs.p50}, ${r.pipeline.jobsPerSecond}`, '', ''],
    ['hub peak RSS (MiB)', String(r.hubMemory.peakMiB), '', ''],
  ];
}
