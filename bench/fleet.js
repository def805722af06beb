/* global process, setTimeout, setInterval, clearInterval */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startSimAgent } from './sim-agent.js';

/**
 * Simulated agents in a process of their own, so the bench's clock (when a job was queued, when a stop was asked)
 * is not late behind thousands of agents' sockets in the same event loop. Events come back over IPC with times on
 * the shared clock below (sync latencies in batches).
 */
export const clock = () => performance.timeOrigin + performance.now();

/** CPU seconds the fleet processes used, summed as each stops (the bench reports it beside its own). */
export const fleetCpu = { seconds: 0 };

export async function startFleet({ url, tokens, longPoll, observe, spreadMs = 0 }) {
  const child = fork(fileURLToPath(import.meta.url), ['fleet-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let stopped;
  const done = new Promise((resolve) => (stopped = resolve));
  child.on('message', (m) => {
    if (m.kind === 'picked') observe.picked?.(m.id, m.at);
    else if (m.kind === 'stopped') observe.stopped?.(m.id, m.at);
    else if (m.kind === 'synced') for (const ms of m.ms) observe.synced?.(ms);
    else if (m.kind === 'logged') observe.logged?.(m.bytes);
    else if (m.kind === 'error') observe.error?.(new Error(m.message));
    else if (m.kind === 'stopped-all') {
      fleetCpu.seconds += m.cpuSeconds;
      stopped();
    }
  });
  const started = new Promise((resolve) => child.on('message', (m) => m.kind === 'started' && resolve()));
  child.send({ kind: 'start', url, tokens, longPoll, spreadMs });
  await started;
  return {
    pid: child.pid,
    async stop() {
      child.send({ kind: 'stop' });
      await done;
      child.disconnect();
    },
  };
}

if (process.argv[2] === 'fleet-child') {
  const agents = [];
  let syncs = [];
  const send = (message) => process.send(message);
  const observe = {
    picked: (id) => send({ kind: 'picked', id, at: clock() }),
    stopped: (id) => send({ kind: 'stopped', id, at: clock() }),
    synced: (ms) => syncs.push(ms),
    logged: (bytes) => send({ kind: 'logged', bytes }),
    error: (err) => send({ kind: 'error', message: String(err?.message ?? err) }),
  };
  const flush = setInterval(() => {
    if (syncs.length) send({ kind: 'synced', ms: syncs });
    syncs = [];
  }, 200);
  process.on('message', async (m) => {
    if (m.kind === 'start') {
      // Starts spread over spreadMs, 50 at a time, like a fleet that came up over time.
      for (const [i, token] of m.tokens.entries()) {
        agents.push(startSimAgent({ url: m.url, token, longPoll: m.longPoll, observe }));
        if (m.spreadMs > 0 && i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, (m.spreadMs * 50) / m.tokens.length));
      }
      send({ kind: 'started' });
    } else if (m.kind === 'stop') {
      await Promise.all(agents.map((agent) => agent.stop()));
      clearInterval(flush);
      if (syncs.length) send({ kind: 'synced', ms: syncs });
      const cpu = process.cpuUsage();
      send({ kind: 'stopped-all', cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    }
  });
}
