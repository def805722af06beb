import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between agents and hubs, for the chaos suite: it spreads connections over the upstreams that accept
 * them (a killed hub's port refuses, so its agents fail over to the other), and `cut()` stalls every connection
 * as a pulled cable does — nothing is forwarded, nothing is closed — until `restore()` resets them.
 */
export interface TcpProxy {
  port: number;
  endpoint: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
}

export async function startTcpProxy(upstreamPorts: number[]): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let cutOff = false;
  let next = 0;
  const server: Server = createServer((client) => {
    const pair: Pair = { client, upstream: undefined };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (cutOff) return void client.pause();
    connectUpstream(pair, upstreamPorts, next++ % upstreamPorts.length, upstreamPorts.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    endpoint: `127.0.0.1:${port}`,
    cut() {
      cutOff = true;
      for (const pair of pairs) stall(pair);
    },
    restore() {
      cutOff = false;
      // Stalled connections end as TCP ends them after a long outage: with a reset.
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream?.destroy();
      }
      pairs.clear();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function stall(pair: Pair): void {
  pair.client.unpipe();
  pair.upstream?.unpipe();
  pair.client.pause();
  pair.upstream?.pause();
}

/** Tries the upstreams from `index` on; a refused one (a killed hub) passes the connection to the next. */
function connectUpstream(pair: Pair, ports: number[], index: number, triesLeft: number): void {
  if (triesLeft === 0) return void pair.client.destroy();
  const upstream = createConnection({ host: '127.0.0.1', port: ports[index % ports.length] ?? 0 });
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    pair.upstream = upstream;
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  });
  upstream.on('error', () => {
    if (!connected) return connectUpstream(pair, ports, index + 1, triesLeft - 1);
    pair.client.destroy();
  });
  upstream.on('close', () => {
    if (connected) pair.client.destroy();
  });
}
