import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHubProcess, seedAgents } from './hub-process.js';
import { startSimAgent } from './sim-agent.js';
import { createApi, createAgentType, jobBody } from './phases/common.js';
import { sleep, summarize } from './stats.js';
const ADMIN = 'a'.repeat(64);
const dataDir = mkdtempSync(join(tmpdir(), 'trace-'));
const hub = await startHubProcess({ root: process.cwd(), dataDir, adminToken: ADMIN });
const api = createApi(hub.url, ADMIN);
await createAgentType(api, 's1-trace');
const agentsN = Number(process.argv[2] ?? 1);
const tokens = seedAgents({ dataDir, typeName: 's1-trace', count: agentsN, prefix: 's1-trace' });
const picked = new Map(); const waiters = new Map();
const agents = tokens.map((token) => startSimAgent({ url: hub.url, token, longPoll: true, observe: { picked: (id, at) => { picked.set(id, at); waiters.get(id)?.(at); }, error: (e) => console.error(e) } }));
await sleep(1500);
const post = [], pick = [];
for (let i = 0; i < 220; i++) {
  const t0 = performance.now();
  const job = await api('POST', '/api/v1alpha/jobs', jobBody('s1-trace', 'bench-instant'));
  const t1 = performance.now();
  const at = picked.get(job.metadata.id) ?? await new Promise((r) => waiters.set(job.metadata.id, r));
  if (i >= 20) { post.push(t1 - t0); pick.push(at - t0); }
  await sleep(5);
}
console.log('POST answered', JSON.stringify(summarize(post)));
console.log('picked', JSON.stringify(summarize(pick)));
for (const a of agents) a.stop?.();
await hub.stop();
process.exit(0);
