import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, basename } from 'node:path';
import { afterEach } from 'vitest';

/**
 * A git HTTP server on loopback: `git http-backend` (git's own smart-HTTP CGI) behind a tiny node server, optionally
 * demanding HTTP Basic or Bearer auth with one token. Records what it was asked, so tests can tell a clone happened
 * with the right credentials.
 */
export interface GitHttpServer {
  /** http://127.0.0.1:port/<repo>.git */
  url: string;
  requests: Array<{ method: string; path: string; authorized: boolean; authorization: string | undefined }>;
  close(): Promise<void>;
}

const open = new Set<GitHttpServer>();
afterEach(async () => {
  for (const server of [...open]) await server.close();
});

export async function startGitHttpServer(bareRepo: string, auth?: { username?: string; token: string }): Promise<GitHttpServer> {
  const root = dirname(bareRepo);
  const requests: GitHttpServer['requests'] = [];
  const server = createServer((req, res) => {
    const authorized = !auth || isAuthorized(req.headers.authorization, auth);
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorized, authorization: req.headers.authorization });
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('authentication required\n');
      return;
    }
    serveCgi(root, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: GitHttpServer = {
    url: `http://127.0.0.1:${port}/${basename(bareRepo)}`,
    requests,
    async close() {
      open.delete(handle);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  open.add(handle);
  return handle;
}

function isAuthorized(header: string | undefined, auth: { username?: string; token: string }): boolean {
  if (!header) return false;
  if (header === `Bearer ${auth.token}`) return true;
  if (!header.startsWith('Basic ')) return false;
  const [user, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return rest.join(':') === auth.token && (auth.username === undefined || user === auth.username);
}

/** CGI/1.1 for git http-backend: the request as environment and stdin, the answer as headers then body on stdout. */
function serveCgi(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://git.invalid');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_ADDR: '127.0.0.1',
      REMOTE_USER: 'tester',
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headerDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    headerDone = true;
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    res.write(head.subarray(end + 4));
  });
  child.on('close', () => res.end());
}
