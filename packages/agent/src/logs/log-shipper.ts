import { LOG_EVENTS_PER_PUSH_MAX } from '@outpost/protocol';
import type { Logger } from 'pino';
import { logPushOutcome, logRetryDelayMs } from '../hub-client/retry-policy.js';
import type { LogBuffer } from './log-buffer.js';

/**
 * Pushes a job's events from its LogBuffer to `logger.url?start_from=N` (spec §4.3; the Buildkite LogStreamer
 * shape): at most 2000 events a request, one request at a time, the next at most `logPushIntervalMs` later while
 * there is more to send. A failed batch is resent from the same index; 401 → /refresh; 422 → stop (trimmed).
 */
export interface LogShipperOptions {
  buffer: LogBuffer;
  url: string;
  token: string;
  push: (request: { url: string; token: string; startFrom: number; body: Uint8Array<ArrayBuffer>; signal?: AbortSignal }) => Promise<number>;
  /** Asks the hub for a new log token (POST /refresh); absent when there is no hub to ask. */
  refresh?: () => Promise<string>;
  timings: { logPushIntervalMs: number; logFlushRetryMs: number; logFlushTimeoutMs: number; unableToSyncMs: number };
  log: Logger;
  now?: () => number;
  random?: () => number;
}

export interface ShipResult {
  acknowledged: number;
  trimmed: boolean;
  complete: boolean;
}

export interface LogShipper {
  /** New events are in the buffer. */
  notify(): void;
  /** Sends what is left; resolves once all is acknowledged, the hub answered 422, or the flush gave up. */
  finish(): Promise<ShipResult>;
  /** Stops at once, sending nothing more (the job was abandoned). */
  abort(): void;
}

const RETRY_CAP_MS = 2_000;

export function createLogShipper(options: LogShipperOptions): LogShipper {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { buffer, timings, log } = options;
  const controller = new AbortController();
  let token = options.token;
  let acknowledged = 0;
  let trimmed = false;
  let finishing = false;
  let aborted = false;
  let flushStartedAt = 0;
  let failures = 0;
  let lastFailureUnreachable = false;
  let wake: (() => void) | undefined;

  /** Waits `ms` (forever when Infinity); notify() ends a wait for data, finish() and abort() end any wait. */
  function pause(ms: number, wakeOnData: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        if (timer) clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = () => (wakeOnData || finishing || aborted ? done() : undefined);
    });
  }

  /** The flush gives up after the flush timeout, but not while the hub is simply unreachable (its outage would
   * lose the log), and in any case once the agent itself would give up on the hub. */
  function gaveUp(): boolean {
    const elapsed = now() - flushStartedAt;
    if (elapsed >= timings.unableToSyncMs) return true;
    return elapsed >= timings.logFlushTimeoutMs && failures > 0 && !lastFailureUnreachable;
  }

  async function pushOnce(): Promise<number> {
    const { body, count } = buffer.read(acknowledged, LOG_EVENTS_PER_PUSH_MAX);
    let status: number | undefined;
    try {
      status = await options.push({ url: options.url, token, startFrom: acknowledged, body, signal: controller.signal });
    } catch (error) {
      if (aborted) return 0;
      log.warn({ err: error, startFrom: acknowledged }, 'log push failed; resending later');
    }
    const outcome = status === undefined ? 'retry' : logPushOutcome(status);
    if (outcome === 'accepted') {
      acknowledged += count;
      failures = 0;
      const backlog = buffer.count() - acknowledged;
      return backlog >= LOG_EVENTS_PER_PUSH_MAX || finishing ? 0 : timings.logPushIntervalMs;
    }
    if (outcome === 'stop') {
      trimmed = true;
      log.warn({ acknowledged }, 'the hub has no more log space for this job (422); the log is trimmed');
      return 0;
    }
    failures++;
    lastFailureUnreachable = status === undefined || (status >= 502 && status <= 504);
    if (outcome === 'refresh-token' && options.refresh) {
      try {
        token = await options.refresh();
        return 0;
      } catch (error) {
        log.warn({ err: error }, 'could not refresh the log token; trying again with the next push');
      }
    } else if (status !== undefined) {
      log.warn({ status, startFrom: acknowledged }, 'the hub refused a log push; resending later');
    }
    return logRetryDelayMs(failures, finishing ? timings.logFlushRetryMs : timings.logPushIntervalMs, RETRY_CAP_MS, random());
  }

  async function loop(): Promise<ShipResult> {
    while (!aborted && !trimmed) {
      if (buffer.count() === acknowledged) {
        if (finishing) break;
        await pause(Infinity, true);
        continue;
      }
      if (finishing && gaveUp()) {
        log.error({ acknowledged, total: buffer.count() }, 'gave up flushing the job log');
        break;
      }
      const delay = await pushOnce();
      if (delay > 0 && !aborted) await pause(delay, false);
    }
    return { acknowledged, trimmed, complete: acknowledged === buffer.count() };
  }

  const done = loop();

  return {
    notify() {
      wake?.();
    },
    finish() {
      if (!finishing) {
        finishing = true;
        flushStartedAt = now();
        wake?.();
      }
      return done;
    },
    abort() {
      aborted = true;
      controller.abort();
      wake?.();
    },
  };
}
