import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/**
 * A stand-in for a forge's commit status API (GitHub, GitLab and Gitea answer the same way for this one call): it
 * records every request (method, path, headers, JSON body) and answers 201, or a scripted failure for the next calls.
 */
export interface FakeForgeRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** What the fake answered. */
  status: number;
}

export interface FakeForge {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  requests: FakeForgeRequest[];
  /** The next `count` requests get `status` (with a JSON message), then normal 201 answers resume. */
  failNext(count: number, status: number, message?: string): void;
  close(): Promise<void>;
}

const open = new Set<FakeForge>();
afterEach(async () => {
  for (const forge of [...open]) await forge.close();
});

export async function startFakeForge(): Promise<FakeForge> {
  const requests: FakeForgeRequest[] = [];
  const failures: Array<{ status: number; message: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: recorded as text, and the test's payload assertion fails on it.
      }
      const failure = failures.shift();
      const status = failure?.status ?? 201;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(failure ? { message: failure.message } : { id: requests.length, ...(typeof body === 'object' ? body : {}) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const forge: FakeForge = {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, status, message = 'the forge is having a bad day') {
      for (let i = 0; i < count; i++) failures.push({ status, message });
    },
    async close() {
      if (!open.delete(forge)) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  open.add(forge);
  return forge;
}
