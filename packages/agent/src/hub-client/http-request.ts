import { Agent as HttpAgent, request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequestRaw } from 'node:https';

/**
 * One HTTP exchange over node:http(s) with keep-alive connections: a total timeout, an abort signal, redirects
 * never followed, the whole answer read (capped). node:http instead of fetch keeps an idle agent ~9 MB smaller.
 */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpInit {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
}

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

export function httpRequest(url: string, init: HttpInit): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers = { ...init.headers, 'content-length': String(init.body?.length ?? 0) };
    if (init.method === 'GET' && !init.body) delete (headers as Record<string, string | undefined>)['content-length'];
    const request = (secure ? httpsRequestRaw : httpRequestRaw)(target, { method: init.method, headers, agent: secure ? agents.https : agents.http, signal: init.signal });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`timed out after ${init.timeoutMs} ms`), { name: 'TimeoutError' })), init.timeoutMs);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) request.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(init.body);
  });
}
