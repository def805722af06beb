/**
 * Finds one command's output in the shell's PTY stream. Each command is wrapped in an instruction that prints
 * `\x01 <start>` before it and `\x01 <end> <exit code>` after it (the official agent's scheme, pkg/shell/process.go):
 * bytes before the start line are the prompt and echoes, bytes from the end line on belong to nobody. The
 * markers are random per command and are printed from two halves, so an echoed instruction never matches.
 */
export interface MarkerScan {
  /** Output bytes of the command, in order. */
  output: Uint8Array[];
  /** Set once the end line was seen. */
  exitCode?: number;
}

export interface MarkerScanner {
  feed(bytes: Uint8Array): MarkerScan;
  /** What is left when the shell died mid-command: everything after the start line except a partial end line. */
  rest(): Uint8Array[];
}

const SOH = 0x01;

/** One command's scan: the marks it looks for and the bytes not yet placed. */
interface Scanning {
  startLine: Buffer;
  endPrefix: string;
  // The longest end line: prefix, a 3-digit status, \r\n.
  endLineMax: number;
  buffer: Buffer;
  started: boolean;
  ended: boolean;
}

export function createMarkerScanner(startMark: string, endMark: string): MarkerScanner {
  const endPrefix = `\x01 ${endMark} `;
  const scanning: Scanning = {
    startLine: Buffer.from(`\x01 ${startMark}`, 'latin1'),
    endPrefix,
    endLineMax: endPrefix.length + 5,
    buffer: Buffer.alloc(0),
    started: false,
    ended: false,
  };
  return {
    feed(bytes) {
      const scan: MarkerScan = { output: [] };
      if (scanning.ended) return scan;
      scanning.buffer = scanning.buffer.length === 0 ? Buffer.from(bytes) : Buffer.concat([scanning.buffer, bytes]);
      if (!scanning.started) {
        scanning.started = findStart(scanning);
        if (!scanning.started) return scan;
      }
      scanOutput(scanning, scan);
      return scan;
    },
    rest() {
      const { buffer } = scanning;
      if (!scanning.started || scanning.ended || buffer.length === 0) return [];
      const rest = buffer[0] === SOH && matchEnd(scanning, buffer.toString('latin1')) === 'maybe' ? [] : [buffer];
      scanning.buffer = Buffer.alloc(0);
      return rest;
    },
  };
}

/** Drops everything up to and including the start line; false (keeping a possible partial start line) until then. */
function findStart(scanning: Scanning): boolean {
  const { startLine } = scanning;
  for (let from = 0; ; ) {
    const buffer = scanning.buffer;
    const at = buffer.indexOf(startLine, from);
    if (at < 0) {
      // Keep a tail that may be the beginning of the start line.
      scanning.buffer = buffer.subarray(Math.max(0, buffer.length - startLine.length - 2));
      return false;
    }
    const after = at + startLine.length;
    if (after + 1 > buffer.length || (buffer[after] === 0x0d && after + 2 > buffer.length)) {
      scanning.buffer = buffer.subarray(at);
      return false;
    }
    const lf = buffer[after] === 0x0a ? 1 : buffer[after] === 0x0d && buffer[after + 1] === 0x0a ? 2 : 0;
    if (lf > 0) {
      scanning.buffer = buffer.subarray(after + lf);
      return true;
    }
    from = at + 1;
  }
}

/** Moves output bytes into `scan` up to a possible end line, which is kept until it is whole. */
function scanOutput(scanning: Scanning, scan: MarkerScan): void {
  const buffer = scanning.buffer;
  for (let from = 0; ; ) {
    const at = buffer.indexOf(SOH, from);
    if (at < 0) {
      if (buffer.length > 0) scan.output.push(buffer);
      scanning.buffer = Buffer.alloc(0);
      return;
    }
    const verdict = matchEnd(scanning, buffer.subarray(at).toString('latin1'));
    if (verdict === 'no') {
      from = at + 1;
      continue;
    }
    if (at > 0) scan.output.push(buffer.subarray(0, at));
    scanning.buffer = buffer.subarray(at);
    if (typeof verdict === 'number') {
      scan.exitCode = verdict;
      scanning.ended = true;
      scanning.buffer = Buffer.alloc(0);
    }
    return;
  }
}

function matchEnd(scanning: Scanning, candidate: string): number | 'no' | 'maybe' {
  const { endPrefix, endLineMax } = scanning;
  if (candidate.length < endPrefix.length) return endPrefix.startsWith(candidate) ? 'maybe' : 'no';
  if (!candidate.startsWith(endPrefix)) return 'no';
  const match = /^(\d{1,3})\r?\n/.exec(candidate.slice(endPrefix.length));
  if (match) return Number(match[1]);
  return candidate.length < endLineMax && /^\d{0,3}\r?$/.test(candidate.slice(endPrefix.length)) ? 'maybe' : 'no';
}
