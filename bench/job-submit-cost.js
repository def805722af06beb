/* global process, console */
// node bench/job-submit-cost.js [jobs=5000]: the hub's CPU per POST /api/v1alpha/jobs (the first link of a pickup)
// with nothing else going on: one API token submits jobs for a type no agent serves, 4 at a time. For judging a
// change to the submission path on a noisy machine (CPU time, not latency).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScratchHub } from './hub-process.js';
import { createAgentType, createApi, jobBody } from './phases/common.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const total = Number(process.argv[2] ?? 5000);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const { hub, stop } = await startScratchHub({ root, prefix: 'outpost-submit-cost-', adminToken: ADMIN });
try {
  const api = createApi(hub.url, ADMIN);
  await createAgentType(api, 's1-submit-cost');
  const body = jobBody('s1-submit-cost', 'true');
  let next = 0;
  const run = async (count) => {
    const end = next + count;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next++ < end) await api('POST', '/api/v1alpha/jobs', body);
    }));
  };
  await run(500); // warm-up
  const cpu0 = hub.cpuSeconds();
  const t0 = process.hrtime.bigint();
  await run(total);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = hub.cpuSeconds() - cpu0;
  console.log(JSON.stringify({ jobs: total, hubCpuUsPerSubmission: Math.round((cpu * 1e6) / total), submissionsPerSecond: Math.round(total / seconds) }));
} finally {
  await stop();
}
