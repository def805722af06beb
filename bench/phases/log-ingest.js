/* global setInterval, clearInterval */
import { performance } from 'node:perf_hooks';
import { seedAgents } from '../hub-process.js';
import { startFleet } from '../fleet.js';
import { round, sleep } from '../stats.js';
import { createAgentType, jobBody } from './common.js';

/**
 * `parallel` jobs push `mib` MiB of 2000-event batches between them: MiB/s over the wall time, hub CPU per MiB, and
 * the hub's RSS sampled every 250 ms (before, highest, after) so a log that grows the hub's memory shows.
 */
export async function logIngestPhase({ hub, dataDir, api, errors }, { type, parallel, mib: wantedMiB }) {
  await createAgentType(api, type);
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
    error: (err) => {
      errors.push(err);
      allDone();
    },
  };
  const fleet = await startFleet({ url: hub.url, tokens, longPoll: true, observe });
  await sleep(500);
  const rssBefore = hub.memory().rssMiB;
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, hub.memory().rssMiB)), 250);
  const perJob = Math.ceil((wantedMiB * 1024 * 1024) / parallel);
  const t0 = performance.now();
  const cpu0 = hub.cpuSeconds();
  for (let i = 0; i < parallel; i++) await api('POST', '/api/v1alpha/jobs', jobBody(type, `bench-logs ${perJob}`));
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const hubCpuSeconds = hub.cpuSeconds() - cpu0;
  clearInterval(sampler);
  await fleet.stop();
  const mib = bytes / 1024 / 1024;
  return {
    jobs: parallel,
    mib: round(mib, 1),
    seconds: round(seconds, 2),
    mibPerSecond: round(mib / seconds, 1),
    hubCpuMsPerMiB: round((hubCpuSeconds * 1000) / Math.max(mib, 1e-9), 1),
    rssMiB: { before: rssBefore, max: rssMax, after: hub.memory().rssMiB, growth: rssMax - rssBefore },
  };
}
