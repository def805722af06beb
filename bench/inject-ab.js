/* global process, console */
// node bench/inject-ab.js <base-dist> <new-dist> [sync|jobs] [rounds=20]: hub CPU per request of two builds of the hub
// (e.g. a copy of packages/hub/dist made before a change, and the current one) measured in ONE process: both hubs
// start in-process on SQLite, requests go through Fastify's whole pipeline and the route by `app.inject` (no socket,
// no HTTP parser), in batches of 500 that alternate between the builds, so a shared machine's noise falls on both
// alike. Prints the median and best µs of CPU per request of each. The dist directories must sit inside
// packages/hub (so they resolve the same node_modules), e.g. packages/hub/dist-base.
import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedAgents } from './hub-process.js';

const [baseDist, newDist, kind = 'sync', rounds = '20'] = process.argv.slice(2);
if (!baseDist || !newDist || !['sync', 'jobs'].includes(kind)) throw new Error('usage: node bench/inject-ab.js <base-dist> <new-dist> [sync|jobs] [rounds]');
const ADMIN = 'bench-admin-token-0123456789abcdef';
const TYPE = 's1-inject-ab';
const syncBody = JSON.stringify({ state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 });
const jobBody = JSON.stringify({ metadata: { name: 'bench' }, spec: { agent: { machine: { type: TYPE } }, commands: ['true'] } });

async function startBuild(dist) {
  const at = (file) => pathToFileURL(join(resolve(dist), file)).href;
  const { resolveHubConfig } = await import(at('config.js'));
  const { startHub } = await import(at('main.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-inject-ab-'));
  const config = resolveHubConfig({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn' }, { OUTPOST_BOOTSTRAP_TOKEN: ADMIN });
  process.env.OUTPOST_BOOTSTRAP_TOKEN = ADMIN;
  // The hub's own log lines (e.g. seeded agents going unheard) are not the figure.
  const running = await startHub(config, { print: () => {}, logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  const created = await running.app.inject({
    method: 'POST', url: '/api/v1alpha/self_hosted_agent_types', headers: { authorization: `Token ${ADMIN}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ metadata: { name: TYPE }, spec: { agent_name_settings: {} } }),
  });
  if (created.statusCode !== 200) throw new Error(`creating the agent type answered ${created.statusCode}: ${created.body}`);
  return { running, dataDir, tokens: kind === 'sync' ? seedAgents({ dataDir, typeName: TYPE, count: 1000, prefix: TYPE }) : [], next: 0 };
}

async function cpuPerRequest(hub, count) {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const res = kind === 'sync'
      ? await hub.running.app.inject({ method: 'POST', url: '/api/v1/self_hosted_agents/sync', headers: { authorization: `Token ${hub.tokens[hub.next++ % hub.tokens.length]}` }, payload: syncBody })
      : await hub.running.app.inject({ method: 'POST', url: '/api/v1alpha/jobs', headers: { authorization: `Token ${ADMIN}`, 'content-type': 'application/json' }, payload: jobBody });
    if (res.statusCode !== 200) throw new Error(`${kind} answered ${res.statusCode}: ${res.body}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const builds = { base: await startBuild(baseDist), new: await startBuild(newDist) };
const figures = { base: [], new: [] };
try {
  for (const name of ['base', 'new']) await cpuPerRequest(builds[name], 2000); // warm-up
  for (let round = 0; round < Number(rounds); round++) {
    for (const name of ['base', 'new']) figures[name].push(await cpuPerRequest(builds[name], 500));
  }
} finally {
  for (const hub of Object.values(builds)) {
    await hub.running.close();
    rmSync(hub.dataDir, { recursive: true, force: true });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x) => Math.round(x * 10) / 10;
console.log(JSON.stringify({ kind, rounds: Number(rounds), cpuUsPerRequest: Object.fromEntries(Object.entries(figures).map(([name, xs]) => [name, { median: round1(median(xs)), best: round1(Math.min(...xs)) }])) }));
