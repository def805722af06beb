import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { LogEvent } from '@outpost/protocol';
import { serializeEvent } from './log-events.js';

/**
 * A job's events in a local file first (spec §4.3: `job_log_<nanos>.json`, one JSON object per line), indexed so
 * the shipper can read any range again: nothing is lost while the hub cannot be reached, and memory holds only
 * one offset per event.
 */
export interface LogBuffer {
  readonly path: string;
  append(event: LogEvent): void;
  count(): number;
  /** Events [from, from + max) as NDJSON, each line ending in \n. */
  read(from: number, max: number): { body: Buffer<ArrayBuffer>; count: number };
  close(): void;
}

export function createLogBuffer(path: string): LogBuffer {
  const fd = openSync(path, 'w+', 0o600);
  const offsets: number[] = [0];
  let closed = false;

  return {
    path,
    append(event) {
      if (closed) return;
      const line = Buffer.from(`${serializeEvent(event)}\n`);
      const end = offsets[offsets.length - 1] ?? 0;
      writeSync(fd, line, 0, line.length, end);
      offsets.push(end + line.length);
    },
    count: () => offsets.length - 1,
    read(from, max) {
      const to = Math.min(offsets.length - 1, from + max);
      if (closed || to <= from) return { body: Buffer.alloc(0), count: 0 };
      const start = offsets[from] ?? 0;
      const body = Buffer.alloc((offsets[to] ?? 0) - start);
      readSync(fd, body, 0, body.length, start);
      return { body, count: to - from };
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
      rmSync(path, { force: true });
    },
  };
}
