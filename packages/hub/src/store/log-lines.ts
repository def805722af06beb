/**
 * A run of log events as UTF-8 bytes: one JSON object per line, lines joined by a single newline (none at the end),
 * with the offset where each line ends. A push is checked, budgeted and stored as it came, without being decoded into
 * strings and joined again; only the readers decode.
 */
export interface LogLines {
  bytes: Buffer;
  /** ends[i] is the offset just past line i; line i starts right after the newline at ends[i - 1] (0 for the first). */
  ends: readonly number[];
}

const NEWLINE = 0x0a;

export const NO_LOG_LINES: LogLines = { bytes: Buffer.alloc(0), ends: [] };

export function lineStart(lines: LogLines, i: number): number {
  return i === 0 ? 0 : (lines.ends[i - 1] ?? 0) + 1;
}

/** Each event's size in bytes (its line without the newline), for the budget. */
export function lineByteCounts(lines: LogLines): number[] {
  return lines.ends.map((end, i) => end - lineStart(lines, i));
}

/** The bytes of all events, newlines not counted (what `jobs.log_bytes` adds up). */
export function eventBytesTotal(lines: LogLines): number {
  return lines.ends.length === 0 ? 0 : lines.bytes.length - (lines.ends.length - 1);
}

/** Lines [from, to): a view of the same bytes (lines are contiguous), no copy. */
export function sliceLines(lines: LogLines, from: number, to: number): LogLines {
  const end = Math.min(to, lines.ends.length);
  if (from === 0 && end === lines.ends.length) return lines;
  if (from >= end) return NO_LOG_LINES;
  const start = lineStart(lines, from);
  return { bytes: lines.bytes.subarray(start, lines.ends[end - 1]), ends: lines.ends.slice(from, end).map((e) => e - start) };
}

/** The lines with one more at the end (the budget's trimmed notice). */
export function withLine(lines: LogLines, line: string): LogLines {
  const added = Buffer.from(line, 'utf8');
  if (lines.ends.length === 0) return { bytes: added, ends: [added.length] };
  const bytes = Buffer.concat([lines.bytes, Buffer.of(NEWLINE), added]);
  return { bytes, ends: [...lines.ends, bytes.length] };
}

/** Events given as strings (tests, masked pushes), one line each. */
export function logLinesOf(events: readonly string[]): LogLines {
  const ends: number[] = [];
  let offset = -1;
  for (const event of events) ends.push((offset += 1 + Buffer.byteLength(event, 'utf8')));
  return { bytes: Buffer.from(events.join('\n'), 'utf8'), ends };
}

/** The events decoded, one string each. */
export function eventsOf(lines: LogLines): string[] {
  return lines.ends.map((end, i) => lines.bytes.toString('utf8', lineStart(lines, i), end));
}

/** The offset just past the first `count` lines of newline-joined bytes (a stored row), found by its newlines. */
export function endOfLines(bytes: Buffer, count: number): number {
  let end = -1;
  for (let i = 0; i < count; i++) {
    end = bytes.indexOf(NEWLINE, end + 1);
    if (end === -1) return bytes.length;
  }
  return end;
}
