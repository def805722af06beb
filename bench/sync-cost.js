/* global process, console, Buffer */
// node bench/sync-cost.js [syncs=20000]: the hub's CPU per idle polling sync with nothing else going on: 1,000 seeded
// agents sync round robin, 8 at a time, over keep-alive connections. For judging a change to the sync path on a
// noisy machine (CPU time, not latency); `npm run bench` has the figure under load.
import http from 'node:http';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedAgents, startScratchHub } from './hub-process.js';
import { createAgentType, createApi } from './phases/common.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const total = Number(process.argv[2] ?? 20000);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const { hub, dataDir, stop } = await startScratchHub({ root, prefix: 'outpost-sync-cost-', adminToken: ADMIN });
try {
  await createAgentType(createApi(hub.url, ADMIN), 's1-sync-cost');
  const tokens = seedAgents({ dataDir, typeName: 's1-sync-cost', count: 1000, prefix: 's1-sync-cost' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const body = Buffer.from(JSON.stringify({ state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 }));
  const sync = (token) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${hub.url}/api/v1/self_hosted_agents/sync`, { method: 'POST', agent, headers: { authorization: `Token ${token}`, 'content-length': body.length } });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`sync answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const run = async (count) => {
    const end = next + count;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < end) await sync(tokens[next++ % tokens.length]);
    }));
  };
  await run(2000); // warm-up
  const cpu0 = hub.cpuSeconds();
  const t0 = process.hrtime.bigint();
  await run(total);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = hub.cpuSeconds() - cpu0;
  console.log(JSON.stringify({ syncs: total, hubCpuUsPerSync: Math.round((cpu * 1e6) / total), syncsPerSecond: Math.round(total / seconds) }));
  agent.destroy();
} finally {
  await stop();
}
