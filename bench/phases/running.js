import { performance } from 'node:perf_hooks';
import { seedAgents } from '../hub-process.js';
import { startSimAgent } from '../sim-agent.js';
import { round, sleep, summarize } from '../stats.js';
import { createAgentType, jobBody } from './common.js';

/**
 * What stops that arrive cost: `agents` polling (official) agents each running a job on a hub whose
 * OUTPOST_RUNNING_SYNC_INTERVAL_MS is `intervalMs` (run.js starts it with that setting): the sync load the running
 * fleet puts on the hub (syncs/s, hub CPU) over a quiet window, and the stop latency (stop request → stop-job at the
 * agent).
 */
export async function runningPhase({ hub, dataDir, api, errors }, { agents: count, intervalMs, windowMs, stops }) {
  const type = 's1-bench-running';
  await createAgentType(api, type);
  const jobs = [];
  for (let i = 0; i < count; i++) jobs.push((await api('POST', '/api/v1alpha/jobs', jobBody(type, 'bench-hold'))).metadata.id);
  const tokens = seedAgents({ dataDir, typeName: type, count, prefix: type });
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
  await sleep(windowMs);
  const seconds = (performance.now() - window.at) / 1000;
  const cpu = hub.cpuSeconds() - window.cpu;
  const windowSyncs = syncs - window.syncs;
  const stopped = jobs.slice(0, stops);
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
}
