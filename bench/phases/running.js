/* global fetch */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedAgents, startHubProcess } from '../hub-process.js';
import { startSimAgent } from '../sim-agent.js';
import { round, sleep, summarize } from '../stats.js';

/**
 * What stops that arrive cost: BENCH_RUNNING_AGENTS (default 1000) polling (official) agents each running a job, on a
 * hub of their own for each OUTPOST_RUNNING_SYNC_INTERVAL_MS in BENCH_RUNNING_INTERVALS (default 1500, and 12000 —
 * the doubled production interval running agents had before). Per interval: the sync load the running fleet puts on
 * the hub (syncs/s, hub CPU) over a quiet window, and the stop latency (stop request → stop-job at the agent).
 */
export async function runningPhase({ root, errors, config }) {
  const intervals = [];
  for (const intervalMs of config.runningIntervals) intervals.push(await measureInterval({ root, errors, config, intervalMs }));
  return { intervals };
}

async function measureInterval({ root, errors, config, intervalMs }) {
  const admin = 'bench-admin-token-0123456789abcdef';
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-running-'));
  // A thousand first syncs that each claim a job queue up at the hub; none of those agents may count as lost meanwhile.
  const env = { OUTPOST_RUNNING_SYNC_INTERVAL_MS: String(intervalMs), OUTPOST_LOST_AGENT_MISSED_SYNCS: '100' };
  const hub = await startHubProcess({ root, dataDir, adminToken: admin, env });
  const api = apiOf(hub.url, admin);
  try {
    const type = 's1-bench-running';
    await api('POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: type }, spec: { agent_name_settings: {} } });
    const jobs = [];
    for (let i = 0; i < config.runningAgents; i++) jobs.push((await api('POST', '/api/v1alpha/jobs', holdJob(type))).metadata.id);
    const tokens = seedAgents({ dataDir, typeName: type, count: config.runningAgents, prefix: type });
    let syncs = 0;
    const picked = new Set();
    const stoppedAt = new Map();
    const observe = { synced: () => syncs++, picked: (id) => picked.add(id), stopped: (id, at) => stoppedAt.set(id, at), error: (err) => errors.push(err) };
    // Spread over one idle interval, as a fleet that came up over time.
    const agents = [];
    for (const [i, token] of tokens.entries()) {
      agents.push(startSimAgent({ url: hub.url, token, longPoll: false, observe }));
      if (i % 50 === 49) await sleep((5000 * 50) / tokens.length);
    }
    while (picked.size < jobs.length) {
      if (errors.length > 100) throw new Error(`the running fleet did not start: ${errors.slice(0, 3).join('; ')}`);
      await sleep(100);
    }
    // Each agent reports running-job on its next sync; then the fleet is in its steady running state.
    await sleep(Math.max(intervalMs, 6000) + 1000);
    const window = { cpu: hub.cpuSeconds(), syncs, at: performance.now() };
    await sleep(config.runningWindowMs);
    const seconds = (performance.now() - window.at) / 1000;
    const cpu = hub.cpuSeconds() - window.cpu;
    const windowSyncs = syncs - window.syncs;
    const stopped = jobs.slice(0, config.stops);
    const latencies = await Promise.all(stopped.map(async (id) => {
      const t0 = performance.now();
      await api('POST', `/api/v1alpha/jobs/${id}/stop`);
      while (!stoppedAt.has(id)) await sleep(5);
      return stoppedAt.get(id) - t0;
    }));
    for (let i = 0; i < agents.length; i += 100) await Promise.all(agents.slice(i, i + 100).map((agent) => agent.stop()));
    return {
      runningSyncIntervalMs: intervalMs,
      agents: tokens.length,
      syncsPerSecond: round(windowSyncs / seconds, 0),
      hubCpuPercent: round((cpu / seconds) * 100, 0),
      hubCpuUsPerSync: round((cpu * 1e6) / Math.max(1, windowSyncs), 0),
      stopMs: summarize(latencies),
    };
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function holdJob(type) {
  return { metadata: { name: 'bench' }, spec: { agent: { machine: { type } }, commands: ['bench-hold'] } };
}

function apiOf(url, admin) {
  return async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Token ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };
}
