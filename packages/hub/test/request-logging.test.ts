import { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/log.js';
import { createRequestLogger } from '../src/http/request-logger.js';
import { installErrorHandling, installRequestLogging } from '../src/http/error-handler.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  statusCode?: number;
  step?: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A real server with the hub's logger wiring (lazy per-request logger, error handler, request log) and three routes. */
async function serve(level: string): Promise<{ url: string; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      // Only the lines of requests: Fastify's own "listening" line has no request id.
      lines.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg.startsWith('Server listening') === false));
      callback();
    },
  });
  const app = Fastify({ loggerInstance: pino(loggerOptions(level), destination), logController: new LogController({ disableRequestLogging: true }), childLoggerFactory: createRequestLogger }) as unknown as FastifyInstance;
  installErrorHandling(app);
  installRequestLogging(app);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/fails', async () => {
    throw new Error('the disk caught fire');
  });
  app.get('/logs', async (request) => {
    request.log.info({ step: 'one' }, 'a line of the route');
    request.log.child({ step: 'two' }).warn('a line of a child');
    return { ok: true };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => app.close());
  return { url, lines };
}

describe('request logging with the lazy per-request logger', () => {
  it('answers a 500 with its request id, and both the error line and the request line carry that id', async () => {
    const { url, lines } = await serve('info');
    const res = await fetch(`${url}/fails`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { message: string; code: string };
    const reqId = /request (\S+)$/.exec(body.message)?.[1];
    expect(body.code).toBe('INTERNAL');
    expect(reqId).toBeTruthy();
    await expect.poll(() => lines.filter((l) => l.reqId === reqId).map((l) => [l.msg, l.level])).toEqual([
      ['request failed', 50],
      ['request completed', 50],
    ]);
  });

  it('writes nothing for a 200 at info level, and the 404 line at info with its request id', async () => {
    const { url, lines } = await serve('info');
    expect((await fetch(`${url}/ok`)).status).toBe(200);
    expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
    await expect.poll(() => lines.map((l) => [l.msg, l.statusCode])).toEqual([['request completed', 404]]);
    expect(lines[0]?.reqId).toEqual(expect.any(String));
  });

  it('writes a 200 at debug level, and a route\'s own lines (and its child\'s) carry the request id', async () => {
    const { url, lines } = await serve('debug');
    expect((await fetch(`${url}/logs`)).status).toBe(200);
    await expect.poll(() => lines.map((l) => l.msg)).toEqual(['a line of the route', 'a line of a child', 'request completed']);
    const ids = new Set(lines.map((l) => l.reqId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(lines.map((l) => l.step)).toEqual(['one', 'two', undefined]);
  });

  it('keeps the level a request logger reports equal to the hub\'s', async () => {
    const root = pino(loggerOptions('warn'));
    const log = createRequestLogger.call(Fastify() as unknown as FastifyInstance, root, { reqId: 'req-1' }, {}, undefined as never);
    expect(log.level).toBe('warn');
    expect((log as unknown as pino.Logger).isLevelEnabled('info')).toBe(false);
    expect((log as unknown as pino.Logger).isLevelEnabled('error')).toBe(true);
  });
});
