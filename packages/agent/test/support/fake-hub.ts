import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LOG_EVENTS_PER_PUSH_MAX,
  LogEvent,
  RegisterRequest,
  SyncRequest,
  type JobRequest,
  type LogEvent as LogEventType,
  type RegisterRequest as RegisterBody,
  type SyncRequest as SyncBody,
} from '@outpost/protocol';
import { Value } from '@sinclair/typebox/value';
import { afterEach, expect } from 'vitest';

/**
 * A real HTTP hub for agent tests (the Buildkite fake_api_server idea): it checks every request against the
 * protocol schemas and the official agent's habits (no Content-Type on JSON, Token/Bearer auth, User-Agent),
 * answers like a faithful hub (the §2.4 decision table, truncate-then-append logs, optional long-poll), lets a
 * test script any answer (status, body, delay, dropped connection), and records everything.
 */
export type Route = 'register' | 'sync' | 'job' | 'refresh' | 'disconnect' | 'logs';

export interface RecordedRequest {
  route: Route;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  text: string;
  at: number;
}

export interface Scripted {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Destroy the socket without an answer. */
  drop?: boolean;
}

/** Returns an answer to use instead of the default one, or undefined to let the default hub answer. */
export type Interceptor = (request: RecordedRequest) => Scripted | undefined | Promise<Scripted | undefined>;

export interface FakeJob {
  id: string;
  request: JobRequest;
  state: 'queued' | 'assigned' | 'finished';
  stopRequested: boolean;
  result?: string;
}

export interface FakeHubOptions {
  registrationToken?: string;
  /** Answer with x-outpost-long-poll: 1 and hold `continue` answers of agents that send X-Outpost-Wait. */
  longPoll?: boolean;
  nextSyncAfterMs?: number;
  /** The name the hub gives the agent (default: the one it asked for). */
  assignName?: (requested: string) => string;
}

const open = new Set<{ close(): Promise<void> }>();
afterEach(async () => {
  for (const hub of [...open]) await hub.close();
});

export type FakeHub = Awaited<ReturnType<typeof startFakeHub>>;

export async function startFakeHub(options: FakeHubOptions = {}) {
  const registrationToken = options.registrationToken ?? 'registration-token';
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const interceptors = new Map<Route, Interceptor[]>();
  const jobs = new Map<string, FakeJob>();
  const logs = new Map<string, LogEventType[]>();
  const logTokens = new Map<string, string>();
  const accessTokens = new Set<string>();
  const waiters = new Set<() => void>();
  let registered: RegisterBody | undefined;
  let assigned: FakeJob | undefined;
  let shutdownRequested = false;
  let lastState = '';
  let lastStateChangeAt = Date.now();
  let jobCounter = 0;

  function wakeAll(): void {
    for (const wake of [...waiters]) wake();
  }

  function problem(request: RecordedRequest, text: string): void {
    problems.push(`${request.method} ${request.path}: ${text}`);
  }

  function checkCommon(request: RecordedRequest, auth: 'token' | 'bearer'): void {
    if (!/^SemaphoreAgent\/\S+$/.test(String(request.headers['user-agent']))) problem(request, `User-Agent ${request.headers['user-agent']}`);
    const authorization = String(request.headers.authorization ?? '');
    if (auth === 'token' && !authorization.startsWith('Token ')) problem(request, `Authorization '${authorization}' is not Token`);
    if (auth === 'bearer' && !authorization.startsWith('Bearer ')) problem(request, `Authorization '${authorization}' is not Bearer`);
  }

  function syncAnswer(body: SyncBody): { action: string; job_id: string; shutdown_reason: string; hold: boolean } {
    const answer = (action: string, jobId = '', reason = '', hold = false) => ({ action, job_id: jobId, shutdown_reason: reason, hold });
    const interrupted = body.interrupted_at > 0;
    const grace = registered?.interruption_grace_period ?? 0;
    switch (body.state) {
      case 'waiting-for-jobs': {
        if (shutdownRequested) return answer('shutdown', '', 'requested');
        if (interrupted) return answer('shutdown', '', 'interrupted');
        const next = [...jobs.values()].find((j) => j.state === 'queued');
        if (next) {
          next.state = 'assigned';
          assigned = next;
          return answer('run-job', next.id);
        }
        const idle = registered?.idle_timeout ?? 0;
        if (idle > 0 && Date.now() - lastStateChangeAt >= idle * 1000) return answer('shutdown', '', 'idle');
        return answer('continue', '', '', true);
      }
      case 'running-job':
        if (assigned && (assigned.stopRequested || shutdownRequested)) return answer('stop-job', assigned.id);
        if (interrupted && Date.now() / 1000 - body.interrupted_at >= grace) return answer('stop-job', body.job_id);
        return answer('continue', '', '', true);
      case 'finished-job':
        if (assigned && assigned.id === body.job_id) {
          assigned.state = 'finished';
          assigned.result = body.job_result;
          assigned = undefined;
        }
        if (shutdownRequested) return answer('shutdown', '', 'requested');
        if (registered?.single_job) return answer('shutdown', '', 'job-finished');
        if (interrupted) return answer('shutdown', '', 'interrupted');
        return answer('wait-for-jobs');
      default:
        return answer('continue', '', '', body.state === 'stopping-job');
    }
  }

  async function defaultAnswer(request: RecordedRequest): Promise<Scripted> {
    switch (request.route) {
      case 'register': {
        checkCommon(request, 'token');
        if (request.headers['content-type'] !== undefined) problem(request, 'register sent a Content-Type');
        if (!Value.Check(RegisterRequest, request.body)) {
          problem(request, 'body does not match RegisterRequest');
          return { status: 422 };
        }
        if (request.headers.authorization !== `Token ${registrationToken}`) return { status: 404, body: 'unknown registration token' };
        registered = request.body;
        const token = `access-${accessTokens.size + 1}`;
        accessTokens.add(token);
        return { status: 201, body: { name: options.assignName?.(registered.name) ?? registered.name, token } };
      }
      case 'sync': {
        checkCommon(request, 'token');
        if (request.headers['content-type'] !== undefined) problem(request, 'sync sent a Content-Type');
        if (!Value.Check(SyncRequest, request.body)) {
          problem(request, 'body does not match SyncRequest');
          return { status: 422 };
        }
        if (!accessTokens.has(String(request.headers.authorization).slice(6))) return { status: 401 };
        const body = request.body;
        if (body.state !== lastState) {
          lastState = body.state;
          lastStateChangeAt = Date.now();
        }
        let answer = syncAnswer(body);
        const waitSeconds = Number(request.headers['x-outpost-wait'] ?? 0);
        if (options.longPoll && answer.hold && waitSeconds > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, Math.min(waitSeconds, 25) * 1000);
            function done() {
              clearTimeout(timer);
              waiters.delete(done);
              resolve();
            }
            waiters.add(done);
          });
          answer = syncAnswer(body);
        }
        const { hold: _hold, ...json } = answer;
        return {
          status: 200,
          body: { ...json, next_sync_after: options.nextSyncAfterMs ?? 50 },
          headers: options.longPoll ? { 'x-outpost-long-poll': '1' } : {},
        };
      }
      case 'job': {
        checkCommon(request, 'token');
        const id = request.path.split('/').pop() ?? '';
        const job = jobs.get(id);
        if (!job || job !== assigned) return { status: 404 };
        return { status: 200, body: job.request };
      }
      case 'refresh': {
        checkCommon(request, 'token');
        if (!assigned) return { status: 422 };
        const token = `log-token-${assigned.id}-${Math.random().toString(36).slice(2)}`;
        logTokens.set(assigned.id, token);
        return { status: 200, body: { token } };
      }
      case 'disconnect':
        checkCommon(request, 'token');
        return { status: 200, body: 'disconnected' };
      case 'logs': {
        checkCommon(request, 'bearer');
        const id = request.path.split('/').pop() ?? '';
        if (request.headers['content-type'] !== 'text/plain') problem(request, `log push Content-Type ${request.headers['content-type']}`);
        if (request.headers.authorization !== `Bearer ${logTokens.get(id)}`) return { status: 401 };
        const startFrom = Number(request.query.get('start_from'));
        if (!Number.isInteger(startFrom) || startFrom < 0 || request.query.get('start_from') === null) {
          problem(request, 'start_from missing');
          return { status: 400 };
        }
        const lines = request.text.split('\n').filter((l) => l !== '');
        if (lines.length > LOG_EVENTS_PER_PUSH_MAX) {
          problem(request, `${lines.length} events in one push`);
          return { status: 413 };
        }
        const events = lines.map((l) => JSON.parse(l) as unknown);
        for (const event of events) if (!Value.Check(LogEvent, event)) problem(request, `bad event ${JSON.stringify(event)}`);
        const stored = logs.get(id) ?? [];
        if (startFrom > stored.length) problem(request, `start_from ${startFrom} skips events (have ${stored.length})`);
        logs.set(id, [...stored.slice(0, startFrom), ...(events as LogEventType[])]);
        return { status: 200 };
      }
    }
  }

  function routeOf(method: string, path: string): Route | undefined {
    if (method === 'POST' && path === '/api/v1/self_hosted_agents/register') return 'register';
    if (method === 'POST' && path === '/api/v1/self_hosted_agents/sync') return 'sync';
    if (method === 'GET' && path.startsWith('/api/v1/self_hosted_agents/jobs/')) return 'job';
    if (method === 'POST' && path === '/api/v1/self_hosted_agents/refresh') return 'refresh';
    if (method === 'POST' && path === '/api/v1/self_hosted_agents/disconnect') return 'disconnect';
    if (method === 'POST' && path.startsWith('/api/v1/logs/')) return 'logs';
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = routeOf(req.method ?? '', url.pathname);
    if (!route) {
      problems.push(`unexpected ${req.method} ${url.pathname}`);
      res.writeHead(404).end();
      return;
    }
    let body: unknown = text;
    if (route !== 'logs' && text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`${route}: body is not JSON`);
      }
    }
    const request: RecordedRequest = { route, method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, text, at: Date.now() };
    requests.push(request);
    let scripted: Scripted | undefined;
    for (const interceptor of interceptors.get(route) ?? []) {
      scripted = await interceptor(request);
      if (scripted) break;
    }
    const answer = scripted ?? (await defaultAnswer(request));
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      problems.push(`fake hub crashed: ${(error as Error).stack}`);
      res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `127.0.0.1:${port}`;
  const url = `http://${endpoint}`;

  const hub = {
    endpoint,
    url,
    registrationToken,
    requests,
    problems,
    jobs,
    /** Answers of this route go through `interceptor` first; returns a function that removes it. */
    intercept(route: Route, interceptor: Interceptor): () => void {
      const list = interceptors.get(route) ?? [];
      list.push(interceptor);
      interceptors.set(route, list);
      return () => interceptors.set(route, (interceptors.get(route) ?? []).filter((i) => i !== interceptor));
    },
    /** Queues a job; the spec's base64 fields must already be encoded. Returns its id. */
    queueJob(spec: Partial<JobRequest>): string {
      const id = spec.job_id ?? `job-${++jobCounter}`;
      const token = `log-token-${id}`;
      logTokens.set(id, token);
      const request: JobRequest = {
        job_id: id,
        executor: 'shell',
        commands: [],
        epilogue_always_commands: [],
        epilogue_on_pass_commands: [],
        epilogue_on_fail_commands: [],
        env_vars: [],
        files: [],
        ...spec,
        logger: { method: 'push', url: `${url}/api/v1/logs/${id}`, token, ...spec.logger },
      };
      jobs.set(id, { id, request, state: 'queued', stopRequested: false });
      wakeAll();
      return id;
    },
    stopJob(id: string): void {
      const job = jobs.get(id);
      if (job) job.stopRequested = true;
      wakeAll();
    },
    requestShutdown(): void {
      shutdownRequested = true;
      wakeAll();
    },
    /** Makes the next log pushes of a job need a new token (401 → /refresh). */
    expireLogToken(id: string): void {
      logTokens.set(id, `expired-${Math.random()}`);
    },
    logs: (id: string): LogEventType[] => logs.get(id) ?? [],
    syncs: (): SyncBody[] => requests.filter((r) => r.route === 'sync').map((r) => r.body as SyncBody),
    registered: () => registered,
    requestsOf: (route: Route) => requests.filter((r) => r.route === route),
    async close(): Promise<void> {
      open.delete(hub);
      wakeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      expect(problems, 'the fake hub saw requests the official agent would not send').toEqual([]);
    },
  };
  open.add(hub);
  return hub;
}
