import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Value } from '@sinclair/typebox/value';
import { afterEach } from 'vitest';
import { RegisterResponse, SyncResponse, type AgentState, type JobRequest, type JobResult, type ShutdownReason } from '@outpost/protocol';
import { decodedEnv, parseJobRequest, startJob, type PushRecord, type RunningJob } from './fake-job.js';

/**
 * A scripted agent that speaks to a real hub exactly like the official one (spec §1–§4): Token auth,
 * `SemaphoreAgent/v2.4.0`, JSON bodies without a Content-Type, only 200 counts, the same five-state machine and
 * its reactions to each action, forced syncs when a job finishes or on interruption. Timings are the hub's own
 * (next_sync_after) multiplied by `timeScale`. With `longPollSeconds` it behaves like an Outpost agent: it sends
 * X-Outpost-Wait and syncs again at once when the hub says it honours the hold.
 *
 * It records protocol violations instead of crashing the test runner: a `stop-job` with no job object is the
 * official agent's nil-pointer crash (spec §2.3), so the fake "dies" there, as it would.
 */
export const FAKE_AGENT_VERSION = 'v2.4.0';
export const FAKE_USER_AGENT = `SemaphoreAgent/${FAKE_AGENT_VERSION}`;

export interface FakeAgentOptions {
  hubUrl: string;
  registrationToken: string;
  name?: string;
  singleJob?: boolean;
  jobId?: string;
  idleTimeoutSeconds?: number;
  gracePeriodSeconds?: number;
  /** Send X-Outpost-Wait with this many seconds. */
  longPollSeconds?: number;
  /** next_sync_after and log-push delays are multiplied by this (default 0.01: 5 s → 50 ms). */
  timeScale?: number;
  /** What to do with a run-job: take it (default), drop the first answer as if it was lost, or freeze (stop syncing). */
  onRunJob?: 'take' | 'drop-first' | 'freeze';
  /** Resend the first acknowledged log batch (as if the 200 was lost). */
  repeatFirstPush?: boolean;
  /** How long the end-of-job log flush keeps retrying (default the official 60 s × timeScale, at least 3 s). */
  flushTimeoutMs?: number;
}

export interface SyncRecord {
  state: AgentState;
  jobId: string;
  action: string;
  answerJobId: string;
  status: number;
}

export interface FakeAgent {
  name: string;
  state(): AgentState;
  syncs: SyncRecord[];
  /** Syncs sent so far (a held long-poll is counted before its answer). */
  syncsSent(): number;
  pushes: PushRecord[];
  refreshes: number[];
  /** Job ids this agent ran (fetched and started), in order. */
  ran: string[];
  payloads: JobRequest[];
  results: Map<string, JobResult>;
  events: Map<string, string[]>;
  violations: string[];
  shutdownReason(): ShutdownReason | 'UNKNOWN' | null;
  /** The first SIGINT/SIGTERM: report interrupted_at and force a sync (spec §2.8). */
  interrupt(): void;
  /** Lets a `wait-for <key>` command finish. */
  release(key: string): void;
  /** Stops the process without a disconnect (kill -9): the hub must notice on its own. */
  kill(): void;
  /** Resolves when the agent exited after a shutdown (or was killed or crashed). */
  exited: Promise<void>;
  env(jobId: string): Record<string, string>;
  /** The access token from /register (for tests that call the API beside the agent). */
  accessToken(): string;
}

const running = new Set<FakeAgent>();
afterEach(() => {
  for (const agent of running) agent.kill();
  running.clear();
});

export async function startFakeAgent(options: FakeAgentOptions): Promise<FakeAgent> {
  const scale = options.timeScale ?? 0.01;
  const base = `${options.hubUrl}/api/v1/self_hosted_agents`;
  let accessToken = '';
  let state: AgentState = 'waiting-for-jobs';
  let jobId = '';
  let jobResult: JobResult | '' = '';
  let interruptedAt = 0;
  let job: RunningJob | null = null;
  let alive = true;
  let shutdownReason: ShutdownReason | 'UNKNOWN' | null = null;
  let forceSync: (() => void) | null = null;
  let forcePending = false;
  let sentCount = 0;
  let droppedOne = false;
  let inFlight: AbortController | null = null;
  let markExited: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => (markExited = resolve));
  const releases = new Map<string, () => void>();
  const released = new Set<string>();

  // node:http with keep-alive, like Go's client; a kill or an abandoned long-poll really closes its socket.
  const connections = new http.Agent({ keepAlive: true });
  const call = (method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}, signal?: AbortSignal) =>
    new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      // A byte body with no Content-Type, like the official agent (spec §1.1).
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(`${base}${path}`, {
        method,
        agent: connections,
        headers: { authorization: `Token ${accessToken}`, 'user-agent': FAKE_USER_AGENT, ...(payload ? { 'content-length': payload.length } : {}), ...extraHeaders },
      });
      const onAbort = () => req.destroy(new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
      req.end(payload);
    });

  const agent: FakeAgent = {
    name: options.name ?? randomBytes(15).toString('base64url'),
    state: () => state,
    syncs: [],
    syncsSent: () => sentCount,
    pushes: [],
    refreshes: [],
    ran: [],
    payloads: [],
    results: new Map(),
    events: new Map(),
    violations: [],
    shutdownReason: () => shutdownReason,
    interrupt() {
      if (interruptedAt === 0) interruptedAt = Math.floor(Date.now() / 1000);
      triggerSync();
    },
    release(key) {
      released.add(key);
      releases.get(key)?.();
    },
    kill() {
      die();
    },
    exited,
    accessToken: () => accessToken,
    env: (id) => {
      const payload = agent.payloads.find((p) => p.job_id === id);
      return payload ? decodedEnv(payload) : {};
    },
  };

  function die() {
    if (!alive) return;
    alive = false;
    inFlight?.abort();
    job?.stop();
    forceSync?.();
    connections.destroy();
    running.delete(agent);
    markExited();
  }

  /** The official agent only skips its wait; a long-polling agent also gives up the sync it has held open. */
  function triggerSync() {
    forcePending = true;
    if (options.longPollSeconds) inFlight?.abort();
    forceSync?.();
  }

  // Register: the ten keys in the agent's order, registration token, any 2xx (spec §1.2).
  accessToken = options.registrationToken;
  const registered = await call('POST', '/register', {
    name: agent.name,
    version: FAKE_AGENT_VERSION,
    pid: process.pid,
    os: 'Ubuntu 24.04.1 LTS',
    arch: 'x86_64',
    hostname: 'fake-host',
    single_job: options.singleJob ?? false,
    idle_timeout: options.idleTimeoutSeconds ?? 0,
    interruption_grace_period: options.gracePeriodSeconds ?? 0,
    job_id: options.jobId ?? '',
  });
  const registerBody: unknown = JSON.parse(registered.text || 'null');
  if (registered.status < 200 || registered.status > 299 || !Value.Check(RegisterResponse, registerBody)) {
    throw new Error(`register failed: ${registered.status} ${registered.text}`);
  }
  agent.name = registerBody.name;
  accessToken = registerBody.token;
  running.add(agent);

  async function fetchAndRun(id: string) {
    let payload: JobRequest | string = 'not fetched';
    for (let attempt = 0; attempt < 10 && alive; attempt++) {
      const res = await call('GET', `/jobs/${id}`).catch(() => ({ status: 0, text: '' }));
      if (res.status === 200) {
        payload = parseJobRequest(JSON.parse(res.text));
        break;
      }
      await new Promise((r) => setTimeout(r, 3000 * scale));
    }
    if (!alive || jobId !== id) return;
    if (typeof payload === 'string') {
      if (payload !== 'not fetched') agent.violations.push(payload);
      finish(id, 'failed');
      return;
    }
    agent.payloads.push(payload);
    agent.ran.push(id);
    state = 'running-job';
    job = startJob(payload, {
      timeScale: scale,
      pushes: agent.pushes,
      repeatFirstPush: options.repeatFirstPush ?? false,
      flushTimeoutMs: options.flushTimeoutMs ?? 60_000 * Math.max(scale, 0.05),
      userAgent: FAKE_USER_AGENT,
      waitFor: (key, stopped) =>
        released.has(key) ? Promise.resolve() : Promise.race([stopped, new Promise<void>((resolve) => releases.set(key, resolve))]),
      refresh: async () => {
        const res = await call('POST', '/refresh').catch(() => ({ status: 0, text: '' }));
        agent.refreshes.push(res.status);
        if (res.status !== 200) return null;
        return (JSON.parse(res.text) as { token: string }).token;
      },
    });
    agent.events.set(id, job.events);
    const result = await job.done;
    if (alive && jobId === id) finish(id, result);
  }

  function finish(id: string, result: JobResult) {
    agent.results.set(id, result);
    state = 'finished-job';
    jobResult = result;
    triggerSync();
  }

  function act(answer: SyncResponse) {
    switch (answer.action) {
      case 'run-job':
        if (state !== 'waiting-for-jobs' && state !== 'finished-job') agent.violations.push(`run-job ${answer.job_id} while ${state}`);
        if (options.onRunJob === 'drop-first' && !droppedOne) {
          droppedOne = true;
          return;
        }
        if (options.onRunJob === 'freeze') return void freeze();
        state = 'starting-job';
        jobId = answer.job_id;
        jobResult = '';
        job = null;
        void fetchAndRun(answer.job_id);
        return;
      case 'stop-job':
        if (state === 'finished-job') return;
        if (!job) {
          agent.violations.push(`stop-job while ${state} with no job object: the official agent crashes here (spec §2.3)`);
          return void die();
        }
        jobId = answer.job_id;
        state = 'stopping-job';
        job.stop();
        return;
      case 'wait-for-jobs':
        state = 'waiting-for-jobs';
        jobId = '';
        jobResult = '';
        job = null;
        return;
      default:
        return;
    }
  }

  function freeze() {
    alive = false;
    connections.destroy();
    running.delete(agent);
  }

  async function syncLoop() {
    while (alive) {
      const sent = { state, job_id: jobId, job_result: jobResult, interrupted_at: interruptedAt };
      forcePending = false;
      sentCount++;
      const controller = new AbortController();
      inFlight = controller;
      let delayMs = (3000 + Math.random() * 3000) * scale;
      const headers: Record<string, string> = options.longPollSeconds ? { 'x-outpost-wait': String(options.longPollSeconds) } : {};
      try {
        const res = await call('POST', '/sync', sent, headers, controller.signal);
        const answer: unknown = res.status === 200 ? JSON.parse(res.text) : undefined;
        agent.syncs.push({ state: sent.state, jobId: sent.job_id, action: Value.Check(SyncResponse, answer) ? answer.action : 'error', answerJobId: Value.Check(SyncResponse, answer) ? answer.job_id : '', status: res.status });
        if (Value.Check(SyncResponse, answer)) {
          if (res.headers['x-outpost-long-poll'] !== '1') agent.violations.push('sync answer without x-outpost-long-poll: 1');
          if (answer.action === 'shutdown') return await shutdown(answer.shutdown_reason);
          act(answer);
          const held = options.longPollSeconds !== undefined && res.headers['x-outpost-long-poll'] === '1';
          delayMs = held ? 0 : (answer.next_sync_after > 0 ? answer.next_sync_after : 3000 + Math.random() * 3000) * scale;
        } else if (res.status === 200) {
          agent.violations.push(`sync answer does not match the protocol: ${res.text}`);
        }
      } catch {
        // Aborted for a forced sync, or a transport error: sync again (after the default delay for an error).
        if (controller.signal.aborted) delayMs = 0;
      }
      inFlight = null;
      if (!alive) break;
      if (forcePending) delayMs = 0;
      forcePending = false;
      if (delayMs > 0) await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { forceSync = null; resolve(); }, delayMs);
        forceSync = () => { clearTimeout(timer); forceSync = null; resolve(); };
      });
    }
  }

  async function shutdown(reason: string) {
    shutdownReason = reason === 'idle' || reason === 'job-finished' || reason === 'requested' || reason === 'interrupted' ? reason : 'UNKNOWN';
    job?.stop();
    for (let attempt = 0; attempt < 100; attempt++) {
      const res = await call('POST', '/disconnect').catch(() => ({ status: 0 }));
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 1000 * scale));
    }
    die();
  }

  void syncLoop();
  return agent;
}
