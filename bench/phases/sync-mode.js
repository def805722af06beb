import { seedAgents } from '../hub-process.js';
import { clock, startFleet } from '../fleet.js';
import { round, sleep, summarize } from '../stats.js';
import { arrivals, createAgentType, jobBody } from './common.js';

/**
 * `agents` agents of one type in one sync mode: pickup latency (queued → the agent has the spec), stop latency,
 * sync latency and the hub's CPU per sync over a quiet window (polling), and the hub's RSS once all are connected.
 * `jobs` = 0 skips pickups and stops (the 10,000-agent phases measure only sync cost and memory).
 */
export async function syncModePhase({ hub, dataDir, api, errors }, { type, longPoll, agents: count, jobs, stops }) {
  await createAgentType(api, type);
  const tokens = seedAgents({ dataDir, typeName: type, count, prefix: type });
  const picked = arrivals();
  const stopped = arrivals();
  const syncs = [];
  const observe = { picked: picked.arrive, stopped: stopped.arrive, synced: (ms) => syncs.push(ms), error: (err) => errors.push(err) };
  // The official agent syncs at once on start; spread starts over one interval, as a fleet that came up over time.
  const fleet = await startFleet({ url: hub.url, tokens, longPoll, observe, spreadMs: longPoll ? Math.max(1000, count / 2) : 5000 });
  await sleep(longPoll ? 1500 : 6000);
  const memoryConnected = hub.memory();
  // Hub CPU per sync over a quiet window (no jobs): the hub's own cost, apart from the simulators'. It follows
  // another 5 s of syncs, so the JIT has settled on a hub that is seconds old.
  if (!longPoll) await sleep(5000);
  const idle = longPoll ? null : await idleWindow(hub, syncs, 5000);
  const syncLatency = longPoll ? null : summarize(syncs.slice(-Math.min(syncs.length, count)));

  const pickup = [];
  // The first jobs warm the JIT and SQLite's caches; they are run but not counted.
  const warmUp = jobs > 0 ? 20 : 0;
  for (let i = 0; i < jobs + warmUp; i++) {
    const t0 = clock();
    const job = await api('POST', '/api/v1alpha/jobs', jobBody(type, 'bench-instant'));
    const latency = (await picked.when(job.metadata.id)) - t0;
    if (i >= warmUp) pickup.push(latency);
    await sleep(longPoll ? 5 : 50);
  }
  const stopLatency = stops > 0 ? await measureStops(api, type, stops, picked, stopped, longPoll) : null;
  // Each phase has a hub of its own, which stops next: the agents just stop (no POST /disconnect per agent).
  await fleet.stop();
  return {
    mode: longPoll ? 'long-poll' : 'polling',
    agents: count,
    pickupMs: jobs > 0 ? summarize(pickup) : null,
    syncMs: syncLatency,
    hubCpuUsPerSync: idle?.usPerSync ?? null,
    hubCpuIdlePercent: idle?.percent ?? null,
    stopMs: stopLatency,
    memoryConnected,
  };
}

async function idleWindow(hub, syncs, ms) {
  const cpu0 = hub.cpuSeconds();
  const syncs0 = syncs.length;
  await sleep(ms);
  const seconds = hub.cpuSeconds() - cpu0;
  return { usPerSync: round((seconds * 1e6) / Math.max(1, syncs.length - syncs0), 0), percent: round((seconds / (ms / 1000)) * 100, 0) };
}

/** Jobs that run until stopped: once every agent reports running-job, stop each and time until stop-job arrives. */
async function measureStops(api, type, count, picked, stopped, oneAtATime) {
  const jobs = [];
  for (let i = 0; i < count; i++) {
    const job = await api('POST', '/api/v1alpha/jobs', jobBody(type, 'bench-hold'));
    jobs.push({ id: job.metadata.id, running: picked.when(job.metadata.id) });
  }
  for (const job of jobs) await job.running;
  // Let each agent report running-job (the only state stop-job may be sent in, spec §2.12).
  await waitForRunning(api, type, jobs.length);
  const stopOne = async (job) => {
    const t0 = clock();
    await api('POST', `/api/v1alpha/jobs/${job.id}/stop`);
    return (await stopped.when(job.id)) - t0;
  };
  // Long-poll: one stop at a time (a burst would time the bench's own queue); polling agents hear it on their next
  // sync (up to 12 s away), so those stops go out together.
  if (!oneAtATime) return summarize(await Promise.all(jobs.map(stopOne)));
  const latencies = [];
  for (const job of jobs) latencies.push(await stopOne(job));
  return summarize(latencies);
}

async function waitForRunning(api, type, count) {
  for (let i = 0; i < 600; i++) {
    const agents = await allAgents(api, type);
    if (agents.filter((a) => a.status.state === 'running_job').length >= count) {
      const rows = await api('GET', `/api/v1alpha/jobs?agent_type=${type}&state=RUNNING&page_size=1000`);
      if (rows.jobs.length >= count) return;
    }
    await sleep(100);
  }
  throw new Error(`agents of ${type} never reached running-job`);
}

async function allAgents(api, type) {
  const first = await api('GET', `/api/v1alpha/agents?agent_type=${type}&page_size=200`);
  const agents = [...first.agents];
  let cursor = first.cursor;
  while (cursor) {
    const page = await api('GET', `/api/v1alpha/agents?agent_type=${type}&page_size=200&cursor=${cursor}`);
    agents.push(...page.agents);
    cursor = page.cursor;
  }
  return agents;
}
