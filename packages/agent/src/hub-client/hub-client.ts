import { AGENT_API_PATHS, LONG_POLL_HEADER, LONG_POLL_SUPPORTED_HEADER, type RegisterRequest, type SyncRequest } from '@outpost/protocol';
import { httpRequest, type HttpAnswer } from './http-request.js';
import { isSuccessStatus, type HubCall } from './retry-policy.js';

/**
 * One function per protocol call (spec §1), nothing else: the official agent's headers, no Content-Type on JSON
 * bodies, only 200 counts (any 2xx for register), redirects are never followed, a timeout on every request.
 * Retries live with the callers.
 */
export class HubCallError extends Error {
  readonly status: number | undefined;
  /** The `code` of an Outpost hub's JSON error answer (e.g. AGENT_NAME_TAKEN); undefined from other hubs. */
  readonly hubCode: string | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown; hubCode?: string }) {
    super(message, options);
    this.name = 'HubCallError';
    this.status = status;
    this.hubCode = options?.hubCode;
  }
}

export interface SyncAnswer {
  action: string;
  jobId: string;
  shutdownReason: string;
  nextSyncAfterMs: number;
  /** The hub marked the answer with x-outpost-long-poll: 1, so it honours X-Outpost-Wait. */
  longPoll: boolean;
}

export interface HubClientOptions {
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
  /** The HTTP exchange; tests may wrap it. */
  send?: typeof httpRequest;
}

export type HubClient = ReturnType<typeof createHubClient>;

export function createHubClient(options: HubClientOptions) {
  const send = options.send ?? httpRequest;
  let accessToken = '';

  const call = (kind: HubCall, path: string, init: CallInit) => callHub(options, send, kind, path, init);

  return {
    setAccessToken(token: string) {
      accessToken = token;
    },

    async register(registrationToken: string, body: RegisterRequest, signal?: AbortSignal): Promise<{ name: string; token: string }> {
      const { text } = await call('register', AGENT_API_PATHS.register, { method: 'POST', token: registrationToken, body, signal });
      const answer = parseJsonObject('register', text);
      // The official agent takes both fields as they are, empty when missing.
      return { name: stringField(answer, 'name'), token: stringField(answer, 'token') };
    },

    async sync(body: SyncRequest, opts: { waitSeconds?: number; signal?: AbortSignal } = {}): Promise<SyncAnswer> {
      const headers: Record<string, string> = opts.waitSeconds ? { [LONG_POLL_HEADER]: String(opts.waitSeconds) } : {};
      const { answer, text } = await call('sync', AGENT_API_PATHS.sync, { method: 'POST', token: accessToken, body, headers, signal: opts.signal });
      return syncAnswerOf(answer, text);
    },

    async getJob(jobId: string, signal?: AbortSignal): Promise<unknown> {
      const { text } = await call('get-job', AGENT_API_PATHS.job(jobId), { method: 'GET', token: accessToken, signal });
      return parseJsonObject('get-job', text);
    },

    async refresh(signal?: AbortSignal): Promise<string> {
      const { text } = await call('refresh', AGENT_API_PATHS.refresh, { method: 'POST', token: accessToken, signal });
      return stringField(parseJsonObject('refresh', text), 'token');
    },

    async disconnect(signal?: AbortSignal): Promise<void> {
      await call('disconnect', AGENT_API_PATHS.disconnect, { method: 'POST', token: accessToken, signal });
    },

    /** One log batch; returns the status for retry-policy's logPushOutcome. Throws only on transport errors. */
    pushLogs: (push: LogPush) => pushLogBatch(options, send, push),
  };
}

interface CallInit {
  method: string;
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One agent-API call with the official agent's headers; anything but success is a HubCallError. */
async function callHub(options: HubClientOptions, send: typeof httpRequest, kind: HubCall, path: string, init: CallInit) {
  let answer: HttpAnswer;
  try {
    answer = await send(`${options.baseUrl}${path}`, {
      method: init.method,
      headers: { authorization: `Token ${init.token}`, 'user-agent': options.userAgent, ...init.headers },
      // JSON without a Content-Type, as the official agent sends it.
      body: init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body)),
      timeoutMs: options.timeoutMs,
      signal: init.signal,
    });
  } catch (error) {
    throw new HubCallError(`${kind}: ${describe(error)}`, undefined, { cause: error });
  }
  const text = answer.body.toString('utf8');
  if (!isSuccessStatus(kind, answer.status)) {
    throw new HubCallError(`${kind}: the hub answered ${answer.status}${text ? `: ${text.slice(0, 200)}` : ''}`, answer.status, { hubCode: errorCodeOf(text) });
  }
  return { answer, text };
}

function syncAnswerOf(http: HttpAnswer, text: string): SyncAnswer {
  const answer = parseJsonObject('sync', text);
  const next = answer.next_sync_after;
  return {
    action: stringField(answer, 'action'),
    jobId: stringField(answer, 'job_id'),
    shutdownReason: stringField(answer, 'shutdown_reason'),
    nextSyncAfterMs: typeof next === 'number' && Number.isFinite(next) ? next : 0,
    longPoll: http.headers[LONG_POLL_SUPPORTED_HEADER] === '1',
  };
}

export interface LogPush {
  url: string;
  token: string;
  startFrom: number;
  body: Uint8Array<ArrayBuffer>;
  signal?: AbortSignal;
}

/** One log batch; returns the status for retry-policy's logPushOutcome. Throws only on transport errors. */
async function pushLogBatch(options: HubClientOptions, send: typeof httpRequest, push: LogPush): Promise<number> {
  try {
    const answer = await send(`${push.url}?start_from=${push.startFrom}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${push.token}`, 'content-type': 'text/plain', 'user-agent': options.userAgent },
      body: push.body,
      timeoutMs: options.timeoutMs,
      signal: push.signal,
    });
    return answer.status;
  } catch (error) {
    throw new HubCallError(`log-push: ${describe(error)}`, undefined, { cause: error });
  }
}

function parseJsonObject(kind: HubCall, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HubCallError(`${kind}: the hub's answer is not JSON`, undefined, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HubCallError(`${kind}: the hub's answer is not a JSON object`);
  return value as Record<string, unknown>;
}

function errorCodeOf(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const code = typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : undefined;
  } catch {
    // A plain-text error answer (the production hub's 400s) has no code.
    return undefined;
  }
}

function stringField(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
