/* global process, fetch */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sleep } from './stats.js';

/** Runs `outpost hub` as its own process (so its RSS is its own) on SQLite in `dataDir`. */
export async function startHubProcess({ root, dataDir, adminToken, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, ...(process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'packages/hub/bin/outpost.js'), 'hub', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'warn'], {
    env: { ...process.env, OUTPOST_BOOTSTRAP_TOKEN: adminToken, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  return {
    url,
    pid: child.pid,
    /** Resident and peak resident memory of the hub process in MiB (Linux /proc). */
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMiB: Math.round(kb('VmRSS') / 1024), peakMiB: Math.round(kb('VmHWM') / 1024) };
    },
    /** CPU time the hub process has used, in seconds (utime + stime from /proc, 100 ticks a second). */
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Registered agents written straight into the hub's SQLite file (WAL allows a second writer): registration is
 * rate limited per IP, so 10,000 agents from one address would take minutes to register over HTTP.
 */
export function seedAgents({ dataDir, typeName, count, prefix }) {
  const db = new Database(join(dataDir, 'outpost.sqlite'));
  db.pragma('busy_timeout = 10000');
  const type = db.prepare('SELECT id, org_id FROM agent_types WHERE name = ?').get(typeName);
  const insert = db.prepare(`INSERT INTO agents (id, org_id, agent_type_id, name, status, access_token_hash, version, os, arch, hostname,
    ip_address, pid, user_agent, single_job, idle_timeout_s, interruption_grace_period_s, requested_job_id, state, job_id, interrupted_at,
    connected_at, last_sync_at, last_state_change_at, disabled_at, disconnected_at, release_at)
    VALUES (?, ?, ?, ?, 'registered', ?, 'v2.4.0', 'bench', 'x86_64', 'bench', '127.0.0.1', 1, 'SemaphoreAgent/v2.4.0', 0, 0, 0, '', '', NULL, NULL, ?, NULL, ?, NULL, NULL, NULL)`);
  const tokens = [];
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const token = randomBytes(32).toString('hex');
      insert.run(randomUUID(), type.org_id, type.id, `${prefix}-${String(i).padStart(6, '0')}`, createHash('sha256').update(token).digest('hex'), now, now);
      tokens.push(token);
    }
  })();
  db.close();
  return tokens;
}

/**
 * A hub of its own for a one-figure script (sync-cost.js, job-submit-cost.js): a scratch data directory, the bench's
 * admin token, and `--cpu-prof` into BENCH_PROFILE_DIR when set. `stop` also removes the directory.
 */
export async function startScratchHub({ root, prefix, adminToken }) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const nodeArgs = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const hub = await startHubProcess({ root, dataDir, adminToken, nodeArgs });
  return {
    hub,
    dataDir,
    async stop() {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
