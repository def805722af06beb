import { seedAgents } from '../hub-process.js';
import { clock, startFleet } from '../fleet.js';
import { round, sleep } from '../stats.js';
import { createAgentType, jobBody } from './common.js';

/**
 * Dispatch throughput: `jobs` instant jobs queued first, then `agents` long-polling agents drain the queue. Each job
 * is an offer (sync → run-job), a fetch (GET /jobs/:id) and a result (sync finished-job): three requests, all over
 * real HTTP. Assignments/s is over the drain's wall time; the hub's CPU per assignment (all three requests) says
 * what one core could do if the simulators did not share the machine.
 */
export async function dispatchPhase({ hub, dataDir, api, errors }, { type, agents: count, jobs }) {
  await createAgentType(api, type);
  const t0 = clock();
  const ids = await queueJobs(api, type, jobs);
  const queueSeconds = (clock() - t0) / 1000;
  // Seeded only now: an agent that has not synced for ~18 s is lost (liveness policy), and queueing takes longer.
  const tokens = seedAgents({ dataDir, typeName: type, count, prefix: type });
  let picked = 0;
  let firstAt = 0;
  let lastAt = 0;
  let drained;
  const done = new Promise((resolve) => (drained = resolve));
  const observe = {
    picked: (_id, at) => {
      if (picked === 0) firstAt = at;
      lastAt = at;
      if (++picked === ids.length) drained();
    },
    error: (err) => errors.push(err),
  };
  const cpu0 = hub.cpuSeconds();
  const fleet = await startFleet({ url: hub.url, tokens, longPoll: true, observe });
  await Promise.race([done, sleep(300_000)]);
  // From the first assignment to the last (the agents' start-up is not dispatch).
  const seconds = Math.max(1e-3, (lastAt - firstAt) / 1000);
  const hubCpuSeconds = hub.cpuSeconds() - cpu0;
  await fleet.stop();
  return {
    agents: count,
    jobs: ids.length,
    assigned: picked,
    seconds: round(seconds, 2),
    assignmentsPerSecond: round(picked / seconds, 0),
    hubCpuUsPerAssignment: round((hubCpuSeconds * 1e6) / Math.max(1, picked), 0),
    hubCoreBoundAssignmentsPerSecond: round(picked / Math.max(hubCpuSeconds, 1e-9), 0),
    jobsQueuedPerSecond: round(ids.length / queueSeconds, 0),
  };
}

/** POST /jobs, 16 at a time. */
async function queueJobs(api, type, count) {
  const ids = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const job = await api('POST', '/api/v1alpha/jobs', jobBody(type, 'bench-instant'));
      ids.push(job.metadata.id);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}
