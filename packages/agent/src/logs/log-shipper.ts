import { LOG_EVENTS_PER_PUSH_MAX, createWake, waitOrWake, type Wake } from '@outpost/protocol';
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
  /** A batch the hub did not take (`status` null: unreachable); it is sent again. */
  onPushFailed?: (failure: { startFrom: number; status: number | null }) => void;
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

/** One shipper's state: how far the hub has acknowledged, and why it may stop. */
interface Shipping {
  options: LogShipperOptions;
  now: () => number;
  random: () => number;
  /** Aborts the push in flight and every wait. */
  controller: AbortController;
  /** Ends a wait early: for new data while idle, and always once finishing. */
  wake: Wake;
  token: string;
  acknowledged: number;
  trimmed: boolean;
  finishing: boolean;
  waitingForData: boolean;
  flushStartedAt: number;
  failures: number;
  lastFailureUnreachable: boolean;
}

export function createLogShipper(options: LogShipperOptions): LogShipper {
  const shipping: Shipping = {
    options,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    controller: new AbortController(),
    wake: createWake(),
    token: options.token,
    acknowledged: 0,
    trimmed: false,
    finishing: false,
    waitingForData: false,
    flushStartedAt: 0,
    failures: 0,
    lastFailureUnreachable: false,
  };
  const done = loop(shipping);
  return {
    notify() {
      // New data ends only the wait for data; a push interval or a retry back-off runs its course.
      if (shipping.waitingForData || shipping.finishing) shipping.wake.wake();
    },
    finish() {
      if (!shipping.finishing) {
        shipping.finishing = true;
        shipping.flushStartedAt = shipping.now();
        shipping.wake.wake();
      }
      return done;
    },
    abort() {
      shipping.controller.abort();
    },
  };
}

async function loop(shipping: Shipping): Promise<ShipResult> {
  const { buffer, log } = shipping.options;
  const signal = shipping.controller.signal;
  while (!signal.aborted && !shipping.trimmed) {
    if (buffer.count() === shipping.acknowledged) {
      if (shipping.finishing) break;
      shipping.waitingForData = true;
      await waitOrWake(Infinity, signal, shipping.wake);
      shipping.waitingForData = false;
      continue;
    }
    if (shipping.finishing && gaveUp(shipping)) {
      log.error({ acknowledged: shipping.acknowledged, total: buffer.count() }, 'gave up flushing the job log');
      break;
    }
    const delay = await pushOnce(shipping);
    if (delay > 0) await waitOrWake(delay, signal, shipping.wake);
  }
  return { acknowledged: shipping.acknowledged, trimmed: shipping.trimmed, complete: shipping.acknowledged === buffer.count() };
}

/** The flush gives up after the flush timeout, but not while the hub is simply unreachable (its outage would
 * lose the log), and in any case once the agent itself would give up on the hub. */
function gaveUp(shipping: Shipping): boolean {
  const { timings } = shipping.options;
  const elapsed = shipping.now() - shipping.flushStartedAt;
  if (elapsed >= timings.unableToSyncMs) return true;
  return elapsed >= timings.logFlushTimeoutMs && shipping.failures > 0 && !shipping.lastFailureUnreachable;
}

/** Sends one batch; returns how long to wait before the next. */
async function pushOnce(shipping: Shipping): Promise<number> {
  const { buffer, log, timings } = shipping.options;
  const startFrom = shipping.acknowledged;
  const { body, count } = buffer.read(startFrom, LOG_EVENTS_PER_PUSH_MAX);
  let status: number | undefined;
  try {
    status = await shipping.options.push({ url: shipping.options.url, token: shipping.token, startFrom, body, signal: shipping.controller.signal });
  } catch (error) {
    if (shipping.controller.signal.aborted) return 0;
    log.warn({ err: error, startFrom }, 'log push failed; resending later');
  }
  const outcome = status === undefined ? 'retry' : logPushOutcome(status);
  if (outcome === 'accepted') {
    shipping.acknowledged += count;
    shipping.failures = 0;
    const backlog = buffer.count() - shipping.acknowledged;
    return backlog >= LOG_EVENTS_PER_PUSH_MAX || shipping.finishing ? 0 : timings.logPushIntervalMs;
  }
  if (outcome === 'stop') {
    shipping.trimmed = true;
    log.warn({ acknowledged: shipping.acknowledged }, 'the hub has no more log space for this job (422); the log is trimmed');
    return 0;
  }
  shipping.options.onPushFailed?.({ startFrom, status: status ?? null });
  return afterRefusal(shipping, outcome, status);
}

/** A refused or lost batch: refresh the token after a 401, else back off; either way the batch is sent again. */
async function afterRefusal(shipping: Shipping, outcome: 'refresh-token' | 'retry', status: number | undefined): Promise<number> {
  const { log, timings, refresh } = shipping.options;
  shipping.failures++;
  shipping.lastFailureUnreachable = status === undefined || (status >= 502 && status <= 504);
  if (outcome === 'refresh-token' && refresh) {
    try {
      shipping.token = await refresh();
      return 0;
    } catch (error) {
      log.warn({ err: error }, 'could not refresh the log token; trying again with the next push');
    }
  } else if (status !== undefined) {
    log.warn({ status, startFrom: shipping.acknowledged }, 'the hub refused a log push; resending later');
  }
  const baseMs = shipping.finishing ? timings.logFlushRetryMs : timings.logPushIntervalMs;
  return logRetryDelayMs(shipping.failures, baseMs, RETRY_CAP_MS, shipping.random());
}
