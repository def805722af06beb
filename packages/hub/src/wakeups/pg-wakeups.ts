import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { createInProcessWakeups, type Wakeups, type WakeupTopic } from './wakeups.js';

export const WAKEUP_CHANNEL = 'outpost_wakeups';
const TOPIC = /^(agent|agent-type|job):[A-Za-z0-9_-]{1,100}$/;
// Reconnect after 0.5 s, doubling to 10 s, with jitter so replicas do not reconnect in step.
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * Wake-ups across hub replicas sharing PostgreSQL: notify() wakes this process at once and sends NOTIFY for the
 * others; one LISTEN connection per process hands the others' topics to the local listeners. A NOTIFY is only a hint
 * (the woken sync re-reads the store and the claim decides), so a notification lost while reconnecting costs a
 * waiting agent at most its next regular sync.
 */
export async function createPgWakeups(deps: { pool: pg.Pool; log: Logger }): Promise<Wakeups> {
  const listener: Listener = {
    pool: deps.pool,
    log: deps.log.child({ component: 'pg-wakeups' }),
    local: createInProcessWakeups(),
    instance: randomUUID().slice(0, 8),
    client: undefined,
    closed: false,
    failures: 0,
    retryTimer: undefined,
  };
  await connect(listener);
  return {
    subscribe: listener.local.subscribe,
    notify: (topic) => notifyEverywhere(listener, topic),
    close: () => closeListener(listener),
  };
}

/** This process's LISTEN connection and what it needs to reconnect. */
interface Listener {
  pool: pg.Pool;
  log: Logger;
  /** The local listeners, which every wake-up (ours or another replica's) reaches. */
  local: Wakeups;
  /** Tags our own NOTIFYs so the echo is ignored (we woke the local listeners already). */
  instance: string;
  client: pg.Client | undefined;
  closed: boolean;
  failures: number;
  retryTimer: NodeJS.Timeout | undefined;
}

function onNotification(listener: Listener, message: pg.Notification): void {
  const [from, topic] = (message.payload ?? '').split('|', 2);
  if (from === listener.instance || topic === undefined || !TOPIC.test(topic)) return;
  listener.local.notify(topic as WakeupTopic);
}

async function connect(listener: Listener): Promise<void> {
  const next = new pg.Client(listener.pool.options);
  next.on('notification', (message) => onNotification(listener, message));
  next.on('error', (err) => {
    listener.log.warn({ err }, 'wake-up listener connection failed; reconnecting');
    scheduleReconnect(listener, next);
  });
  await next.connect();
  await next.query(`LISTEN ${WAKEUP_CHANNEL}`);
  if (listener.closed) {
    await next.end();
    return;
  }
  listener.client = next;
  listener.failures = 0;
}

function scheduleReconnect(listener: Listener, broken: pg.Client): void {
  if (listener.closed || listener.client !== broken || listener.retryTimer) return;
  listener.client = undefined;
  // The connection is broken already; ending it only frees its socket, so a failure to end it changes nothing.
  void broken.end().catch(() => undefined);
  const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** listener.failures++) * (0.5 + Math.random() / 2);
  listener.retryTimer = setTimeout(() => {
    listener.retryTimer = undefined;
    connect(listener).catch((err: unknown) => {
      listener.log.warn({ err }, 'wake-up listener could not reconnect; trying again');
      listener.client = new pg.Client(listener.pool.options);
      scheduleReconnect(listener, listener.client);
    });
  }, delay);
  listener.retryTimer.unref();
}

function notifyEverywhere(listener: Listener, topic: WakeupTopic): void {
  listener.local.notify(topic);
  listener.pool.query('SELECT pg_notify($1, $2)', [WAKEUP_CHANNEL, `${listener.instance}|${topic}`]).catch((err: unknown) => {
    // Other replicas fall back to their agents' next regular sync; nothing is lost.
    listener.log.warn({ err, topic }, 'NOTIFY failed');
  });
}

async function closeListener(listener: Listener): Promise<void> {
  listener.closed = true;
  if (listener.retryTimer) clearTimeout(listener.retryTimer);
  const current = listener.client;
  listener.client = undefined;
  await current?.end();
  await listener.local.close();
}
