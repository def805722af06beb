/* global process, console */
// `npm run bench`: real hub processes on SQLite (a fresh one per phase, so each phase's CPU profile and RSS are its
// own), simulated agents over real HTTP in a process of their own (fleet.js), and the DESIGN §7 figures beside their
// targets, each with the load average and the CPU this process, the agents and the hub used (a noisy run shows).
//   BENCH_QUICK=1           a smaller run for development (~2 min): 200 agents, 2,000 dispatch jobs, 128 MiB log
//   BENCH_PHASES=a,b        only these phases (names below)
//   BENCH_PROFILE_DIR=dir   each phase's hub writes a --cpu-prof profile there (<phase>.cpuprofile)
// Scale: BENCH_AGENTS (1000), BENCH_MANY_AGENTS (10000), BENCH_JOBS (200), BENCH_STOPS (20), BENCH_LOG_MB (200),
// BENCH_BIG_LOG_MB (1024), BENCH_DISPATCH_JOBS (10000), BENCH_DISPATCH_AGENTS (200), BENCH_PIPELINES (10),
// BENCH_PIPELINE_BLOCKS (10), BENCH_PIPELINE_JOBS (20). The running phases: the sync load of BENCH_RUNNING_AGENTS
// (1000) running polling agents over BENCH_RUNNING_WINDOW_MS (10000), beside the stop latency it buys, with the hub's
// default OUTPOST_RUNNING_SYNC_INTERVAL_MS (running) and with the 12 s running agents had before it (runningBefore).
import { mkdtempSync, renameSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startHubProcess } from './hub-process.js';
import { round } from './stats.js';
import { createApi } from './phases/common.js';
import { fleetCpu } from './fleet.js';
import { syncModePhase } from './phases/sync-mode.js';
import { logIngestPhase } from './phases/log-ingest.js';
import { dispatchPhase } from './phases/dispatch.js';
import { pipelinePhase } from './phases/pipeline.js';
import { runningPhase } from './phases/running.js';
import { RUNNING_SYNC_INTERVAL_DEFAULT_MS as RUNNING_SYNC_INTERVAL_MS } from '../packages/hub/dist/dispatch/sync-interval-policy.js';
import { report } from './report.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';
const num = (name, full, small) => Number(process.env[name] ?? (quick ? small : full));
const config = {
  quick,
  agents: num('BENCH_AGENTS', 1000, 200),
  manyAgents: num('BENCH_MANY_AGENTS', 10000, 1000),
  jobs: num('BENCH_JOBS', 200, 50),
  stops: num('BENCH_STOPS', 20, 10),
  logMiB: num('BENCH_LOG_MB', 200, 40),
  bigLogMiB: num('BENCH_BIG_LOG_MB', 1024, 128),
  dispatchJobs: num('BENCH_DISPATCH_JOBS', 10000, 2000),
  dispatchAgents: num('BENCH_DISPATCH_AGENTS', 200, 200),
  pipelines: num('BENCH_PIPELINES', 10, 3),
  pipelineBlocks: num('BENCH_PIPELINE_BLOCKS', 10, 10),
  pipelineJobs: num('BENCH_PIPELINE_JOBS', 20, 20),
  runningAgents: num('BENCH_RUNNING_AGENTS', 1000, 200),
  runningWindowMs: num('BENCH_RUNNING_WINDOW_MS', 10_000, 5_000),
};
const ADMIN = 'bench-admin-token-0123456789abcdef';
// A 1 GiB log must fit the job's budget (100 MiB by default).
const HUB_ENV = { OUTPOST_LOG_BUDGET_BYTES: String(4 * 1024 * 1024 * 1024) };

const phases = {
  longPoll: (ctx) => syncModePhase(ctx, { type: 's1-bench-lp', longPoll: true, agents: config.agents, jobs: config.jobs, stops: config.stops }),
  polling: (ctx) => syncModePhase(ctx, { type: 's1-bench-poll', longPoll: false, agents: config.agents, jobs: config.jobs, stops: config.stops }),
  pollingMany: (ctx) => syncModePhase(ctx, { type: 's1-bench-poll-many', longPoll: false, agents: config.manyAgents, jobs: 0, stops: 0 }),
  longPollMany: (ctx) => syncModePhase(ctx, { type: 's1-bench-lp-many', longPoll: true, agents: config.manyAgents, jobs: 0, stops: 0 }),
  dispatch: (ctx) => dispatchPhase(ctx, { type: 's1-bench-dispatch', agents: config.dispatchAgents, jobs: config.dispatchJobs }),
  logIngest: (ctx) => logIngestPhase(ctx, { type: 's1-bench-logs', parallel: 4, mib: config.logMiB }),
  bigLog: (ctx) => logIngestPhase(ctx, { type: 's1-bench-big-log', parallel: 1, mib: config.bigLogMiB }),
  pipeline: (ctx) => pipelinePhase({ ...ctx, config }),
  running: { env: runningEnv(RUNNING_SYNC_INTERVAL_MS), run: (ctx) => runningPhase(ctx, running(RUNNING_SYNC_INTERVAL_MS)) },
  runningBefore: { env: runningEnv(12_000), run: (ctx) => runningPhase(ctx, running(12_000)) },
};
/** A thousand first syncs that each claim a job queue up at the hub; none of those agents may count as lost meanwhile. */
function runningEnv(intervalMs) {
  return { OUTPOST_RUNNING_SYNC_INTERVAL_MS: String(intervalMs), OUTPOST_LOST_AGENT_MISSED_SYNCS: '100' };
}
function running(intervalMs) {
  return { agents: config.runningAgents, intervalMs, windowMs: config.runningWindowMs, stops: config.stops };
}
const selected = process.env.BENCH_PHASES ? process.env.BENCH_PHASES.split(',') : Object.keys(phases);
const unknown = selected.filter((name) => !(name in phases));
if (unknown.length) throw new Error(`unknown BENCH_PHASES ${unknown.join(', ')}; known: ${Object.keys(phases).join(', ')}`);
const profileDir = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;

const errors = [];
const results = { when: new Date().toISOString(), config, node: process.version, cores: 2, phases: {} };
const started = performance.now();
for (const name of selected) results.phases[name] = await runPhase(name, phases[name]);
results.totalSeconds = round((performance.now() - started) / 1000, 1);
results.errors = errors.slice(0, 10).map(String);
report(results, root);

/** One phase on a fresh hub: its figures plus the load average and the CPU of this process and the hub meanwhile. */
async function runPhase(name, phase) {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-'));
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const hub = await startHubProcess({ root, dataDir, adminToken: ADMIN, env: { ...HUB_ENV, ...phase.env }, nodeArgs });
  const t0 = performance.now();
  const ownCpu0 = process.cpuUsage();
  const hubCpu0 = hub.cpuSeconds();
  const fleetCpu0 = fleetCpu.seconds;
  try {
    const figures = await (phase.run ?? phase)({ hub, dataDir, api: createApi(hub.url, ADMIN), errors });
    const seconds = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(ownCpu0);
    const machine = {
      seconds: round(seconds, 1),
      loadAverage1m: round(loadavg()[0], 2),
      benchCpuPercent: round(((own.user + own.system) / 1e6 / seconds) * 100, 0),
      simulatedAgentsCpuPercent: round(((fleetCpu.seconds - fleetCpu0) / seconds) * 100, 0),
      hubCpuPercent: round(((hub.cpuSeconds() - hubCpu0) / seconds) * 100, 0),
      hubPeakRssMiB: hub.memory().peakMiB,
    };
    console.log(`${name}: ${JSON.stringify({ ...figures, machine })}`);
    return { ...figures, machine };
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) nameProfile(hub.pid, name);
  }
}

function nameProfile(pid, name) {
  const file = readdirSync(profileDir).find((f) => f.includes(`.${pid}.`) && f.endsWith('.cpuprofile'));
  if (file) renameSync(join(profileDir, file), join(profileDir, `${name}.cpuprofile`));
}
