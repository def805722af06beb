import type { LogLines } from '../store/log-lines.js';
import { isLogEventLine } from './log-event-policy.js';

/** A log push body read: its events, the first line that is not an event, or more events than a push may hold. */
export type LogPushBody =
  | { kind: 'events'; lines: LogLines }
  | { kind: 'bad-line'; lineNumber: number }
  | { kind: 'too-many'; count: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * NDJSON as sent (spec §4.3): one JSON object with an `event` per non-empty line, a line's trailing \r and blank
 * lines dropped, each kept line's bytes as sent (key order and escaping intact). Each line is checked on its latin1
 * view (no UTF-8 decode; one string of the whole body cost ten times the lines' small ones); a body without \r or
 * blank lines is kept as it is, without a copy.
 */
export function readLogPushBody(body: Buffer, maxEvents: number): LogPushBody {
  const starts: number[] = [];
  const ends: number[] = [];
  let count = 0;
  let asSent = true;
  for (let start = 0, lineNumber = 1; ; lineNumber++) {
    const newline = body.indexOf(NEWLINE, start);
    const lineEnd = newline === -1 ? body.length : newline;
    const end = lineEnd > start && body[lineEnd - 1] === CARRIAGE_RETURN ? lineEnd - 1 : lineEnd;
    if (!isBlankLine(body, start, end)) {
      if (!isLogEventLine(body.toString('latin1', start, end))) return { kind: 'bad-line', lineNumber };
      if (++count <= maxEvents) {
        asSent &&= start === (count === 1 ? 0 : (ends[ends.length - 1] ?? 0) + 1);
        starts.push(start);
        ends.push(end);
      }
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  if (count > maxEvents) return { kind: 'too-many', count };
  const lines = asSent ? { bytes: body.subarray(0, ends[ends.length - 1] ?? 0), ends } : joinLines(body, starts, ends);
  return { kind: 'events', lines };
}

/** Empty, or whitespace only as String.prototype.trim sees the decoded line (decoded only when it starts blank). */
function isBlankLine(body: Buffer, start: number, end: number): boolean {
  return start === end || ((body[start] ?? 0) <= 32 && body.toString('utf8', start, end).trim() === '');
}

/** The kept lines copied back to back, one newline apart. */
function joinLines(body: Buffer, starts: readonly number[], ends: readonly number[]): LogLines {
  const size = ends.reduce((total, end, i) => total + end - (starts[i] ?? 0), Math.max(0, ends.length - 1));
  const bytes = Buffer.allocUnsafe(size);
  const joinedEnds: number[] = [];
  let at = 0;
  for (let i = 0; i < ends.length; i++) {
    if (i > 0) bytes[at++] = NEWLINE;
    at += body.copy(bytes, at, starts[i], ends[i]);
    joinedEnds.push(at);
  }
  return { bytes, ends: joinedEnds };
}
