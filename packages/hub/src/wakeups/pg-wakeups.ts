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
  const local = createInProcessWakeups();
  const log = deps.log.child({ component: 'pg-wakeups' });
  const instance = randomUUID().slice(0, 8);
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const onNotification = (message: pg.Notification) => {
    const [from, topic] = (message.payload ?? '').split('|', 2);
    if (from === instance || topic === undefined || !TOPIC.test(topic)) return;
    local.notify(topic as WakeupTopic);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client(deps.pool.options);
    next.on('notification', onNotification);
    next.on('error', (err) => {
      log.warn({ err }, 'wake-up listener connection failed; reconnecting');
      scheduleReconnect(next);
    });
    await next.connect();
    await next.query(`LISTEN ${WAKEUP_CHANNEL}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    failures = 0;
  };

  const scheduleReconnect = (broken: pg.Client) => {
    if (closed || client !== broken || retryTimer) return;
    client = undefined;
    void broken.end().catch(() => undefined);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** failures++) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((err: unknown) => {
        log.warn({ err }, 'wake-up listener could not reconnect; trying again');
        client = new pg.Client(deps.pool.options);
        scheduleReconnect(client);
      });
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return {
    subscribe: local.subscribe,
    notify(topic) {
      local.notify(topic);
      deps.pool.query('SELECT pg_notify($1, $2)', [WAKEUP_CHANNEL, `${instance}|${topic}`]).catch((err: unknown) => {
        // Other replicas fall back to their agents' next regular sync; nothing is lost.
        log.warn({ err, topic }, 'NOTIFY failed');
      });
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end();
      await local.close();
    },
  };
}
