import { CSRF_HEADER } from './wire-constants.js';

/** A failed API call: the hub's readable message, its stable code, and the field at fault when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** The whole error body, for answers that carry more than a message (a pipeline file's positioned errors). */
  readonly body: unknown;

  constructor(status: number, message: string, code: string, field?: string, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.body = body;
  }
}

export interface ApiClient {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** A GET whose headers matter too (paging tokens). */
  getWithHeaders<T>(path: string, signal?: AbortSignal): Promise<{ body: T; headers: Headers }>;
  send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  /** A streaming GET (NDJSON); the caller reads the body. */
  stream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
}

export interface ClientDeps {
  /** The session's CSRF token, sent on every change. */
  csrfToken: () => string | null;
  /** Called when the hub says the session is gone (401), so the app can show the sign-in page. */
  onSignedOut: () => void;
}

/** Same-origin JSON over fetch, with the session cookie and the CSRF header; every failure becomes an ApiError. */
export function createApiClient(deps: ClientDeps): ApiClient {
  async function call(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = deps.csrfToken();
    if (method !== 'GET' && csrf) headers[CSRF_HEADER] = csrf;
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError(0, 'The hub cannot be reached. Check your connection; this page retries on its own.', 'NETWORK');
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401) deps.onSignedOut();
      throw error;
    }
    return response;
  }

  return {
    async get<T>(path: string, signal?: AbortSignal) {
      return (await (await call('GET', path, undefined, signal)).json()) as T;
    },
    async getWithHeaders<T>(path: string, signal?: AbortSignal) {
      const response = await call('GET', path, undefined, signal);
      return { body: (await response.json()) as T, headers: response.headers };
    },
    async send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal) {
      const response = await call(method, path, body ?? {}, signal);
      const text = await response.text();
      return (text ? JSON.parse(text) : {}) as T;
    },
    async stream(path, signal) {
      const response = await call('GET', path, undefined, signal);
      if (!response.body) throw new ApiError(response.status, 'The hub sent no stream.', 'NO_STREAM');
      return response.body;
    },
  };
}

export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; code?: unknown; field?: unknown };
    if (typeof body.message === 'string') {
      const code = typeof body.code === 'string' ? body.code : 'ERROR';
      return new ApiError(response.status, body.message, code, typeof body.field === 'string' ? body.field : undefined, body);
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to a message built from the status.
  }
  return new ApiError(response.status, `The hub answered ${response.status} ${response.statusText}.`.replace(' .', '.'), 'HTTP_' + response.status);
}

/** Splits an NDJSON byte stream into parsed objects; a line that is not JSON is skipped. */
export async function readNdjson(stream: ReadableStream<Uint8Array>, onItems: (items: unknown[]) => void): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    const items: unknown[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch {
        // A torn or foreign line: the rest of the stream is still good, so skip it.
      }
    }
    if (items.length > 0) onItems(items);
  }
}

export const enc = encodeURIComponent;
