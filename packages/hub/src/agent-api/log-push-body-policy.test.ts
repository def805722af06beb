import { describe, expect, it } from 'vitest';
import { eventsOf } from '../store/log-lines.js';
import { readLogPushBody, type LogPushBody } from './log-push-body-policy.js';

/** The answer the byte reader must give: the body decoded, split on \n, one \r and blank lines dropped, JSON.parse. */
function byDecodedText(body: Buffer, max: number): { events: string[] } | { badLine: number } | { tooMany: number } {
  const events: string[] = [];
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) continue;
    if (!isEventByJsonParse(line)) return { badLine: i + 1 };
    events.push(line);
  }
  return events.length > max ? { tooMany: events.length } : { events };
}

function isEventByJsonParse(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { event?: unknown }).event === 'string';
  } catch {
    return false;
  }
}

function asAnswer(read: LogPushBody) {
  if (read.kind === 'bad-line') return { badLine: read.lineNumber };
  if (read.kind === 'too-many') return { tooMany: read.count };
  return { events: eventsOf(read.lines) };
}

const A = '{"event":"cmd_output","timestamp":1,"output":"a\\n"}';
const B = '{"event":"cmd_output","output":"é 日本 🎉"}';
const C = ' { "event" : "x" } ';
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const BODIES: { name: string; body: Buffer; asSent?: boolean }[] = [
  { name: 'empty', body: bytes(''), asSent: true },
  { name: 'one event, no newline', body: bytes(A), asSent: true },
  { name: 'events with a trailing newline', body: bytes(`${A}\n${B}\n`), asSent: true },
  { name: 'spaces around an event are kept', body: bytes(`${C}\n${A}`), asSent: true },
  { name: 'CRLF endings', body: bytes(`${A}\r\n${B}\r\n`) },
  { name: 'a lone \\r is dropped once', body: bytes(`${A}\r\r\n${B}`) },
  { name: 'a leading blank line', body: bytes(`\n${A}`) },
  { name: 'blank lines between', body: bytes(`${A}\n\n \t\n${B}`) },
  { name: 'a line that starts blank and trims empty (NBSP, em space, BOM)', body: bytes(`${A}\n \u00a0\u2003\ufeff\n${B}`) },
  { name: 'a line of NBSP only is not blank', body: bytes(`${A}\n\u00a0\n${B}`) },
  { name: 'a line of \\v\\f is blank', body: bytes(`${A}\n\u000b\u000c\n${B}`) },
  { name: 'a line of \\u0001 is not blank', body: bytes(`${A}\n\u0001\n${B}`) },
  { name: 'a bad line after good ones', body: bytes(`${A}\n${B}\nnope\n${A}`) },
  { name: 'a raw control character in a string', body: bytes(`${A}\n{"event":"a\tb"}`) },
  { name: 'a raw NUL', body: bytes('{"event":"a', [0], '"}') },
  { name: 'a BOM before the first event', body: bytes('\ufeff', A) },
  { name: 'invalid UTF-8 inside a string', body: bytes('{"event":"a', [0xff, 0xc3], '"}\n', A) },
  { name: 'a cut multi-byte character before the closing quote', body: bytes('{"event":"', [0xe6, 0x97], '"}') },
  { name: 'a stray byte between tokens', body: bytes('{"event":"x"}', [0x80]) },
  { name: 'an escaped event key', body: bytes('{"\\u0065vent":"x"}') },
  { name: 'four events, the limit is three', body: bytes([A, A, A, A].join('\n')) },
  { name: 'four events and a bad one past the limit', body: bytes([A, A, A, A, 'x'].join('\n')) },
];

describe('readLogPushBody', () => {
  it.each(BODIES)('answers as the decoded text would: $name', ({ body }) => {
    expect(asAnswer(readLogPushBody(body, 3))).toEqual(byDecodedText(body, 3));
  });

  it.each(BODIES.filter((b) => b.asSent))('keeps a clean body as the same bytes, no copy: $name', ({ body }) => {
    const read = readLogPushBody(body, 3);
    expect(read.kind).toBe('events');
    if (read.kind === 'events') expect(read.lines.bytes.buffer).toBe(body.buffer);
  });

  it('joins the kept lines of an unclean body one newline apart, with their ends', () => {
    const read = readLogPushBody(bytes(`\r\n${A}\r\n\n${B}\r\n`), 3);
    expect(read).toEqual({ kind: 'events', lines: { bytes: bytes(`${A}\n${B}`), ends: [A.length, A.length + 1 + Buffer.byteLength(B)] } });
  });
});
