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

export function createMarkerScanner(startMark: string, endMark: string): MarkerScanner {
  const startLine = Buffer.from(`\x01 ${startMark}`, 'latin1');
  const endPrefix = `\x01 ${endMark} `;
  // The longest end line: prefix, a 3-digit status, \r\n.
  const endLineMax = endPrefix.length + 5;
  let buffer = Buffer.alloc(0);
  let started = false;
  let ended = false;

  function findStart(): boolean {
    for (let from = 0; ; ) {
      const at = buffer.indexOf(startLine, from);
      if (at < 0) {
        // Keep a tail that may be the beginning of the start line.
        buffer = buffer.subarray(Math.max(0, buffer.length - startLine.length - 2));
        return false;
      }
      const after = at + startLine.length;
      if (after + 1 > buffer.length || (buffer[after] === 0x0d && after + 2 > buffer.length)) {
        buffer = buffer.subarray(at);
        return false;
      }
      const lf = buffer[after] === 0x0a ? 1 : buffer[after] === 0x0d && buffer[after + 1] === 0x0a ? 2 : 0;
      if (lf > 0) {
        buffer = buffer.subarray(after + lf);
        return true;
      }
      from = at + 1;
    }
  }

  function scanOutput(scan: MarkerScan): void {
    let from = 0;
    for (;;) {
      const at = buffer.indexOf(SOH, from);
      if (at < 0) {
        if (buffer.length > 0) scan.output.push(buffer);
        buffer = Buffer.alloc(0);
        return;
      }
      const verdict = matchEnd(buffer.subarray(at).toString('latin1'));
      if (verdict === 'no') {
        from = at + 1;
        continue;
      }
      if (at > 0) scan.output.push(buffer.subarray(0, at));
      buffer = buffer.subarray(at);
      if (typeof verdict === 'number') {
        scan.exitCode = verdict;
        ended = true;
        buffer = Buffer.alloc(0);
      }
      return;
    }
  }

  function matchEnd(candidate: string): number | 'no' | 'maybe' {
    if (candidate.length < endPrefix.length) return endPrefix.startsWith(candidate) ? 'maybe' : 'no';
    if (!candidate.startsWith(endPrefix)) return 'no';
    const match = /^(\d{1,3})\r?\n/.exec(candidate.slice(endPrefix.length));
    if (match) return Number(match[1]);
    return candidate.length < endLineMax && /^\d{0,3}\r?$/.test(candidate.slice(endPrefix.length)) ? 'maybe' : 'no';
  }

  return {
    feed(bytes) {
      const scan: MarkerScan = { output: [] };
      if (ended) return scan;
      buffer = buffer.length === 0 ? Buffer.from(bytes) : Buffer.concat([buffer, bytes]);
      if (!started) {
        started = findStart();
        if (!started) return scan;
      }
      scanOutput(scan);
      return scan;
    },
    rest() {
      if (!started || ended || buffer.length === 0) return [];
      const rest = buffer[0] === SOH && matchEnd(buffer.toString('latin1')) === 'maybe' ? [] : [buffer];
      buffer = Buffer.alloc(0);
      return rest;
    },
  };
}
