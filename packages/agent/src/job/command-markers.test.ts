import { describe, expect, it } from 'vitest';
import { createMarkerScanner } from './command-markers.js';

const text = (chunks: Uint8Array[]) => chunks.map((c) => Buffer.from(c).toString('latin1')).join('');

function scan(pieces: string[]) {
  const scanner = createMarkerScanner('s1-s2', 'e1-e2');
  let output = '';
  let exitCode: number | undefined;
  for (const piece of pieces) {
    const result = scanner.feed(Buffer.from(piece, 'latin1'));
    output += text(result.output);
    exitCode ??= result.exitCode;
  }
  return { output, exitCode, rest: text(scanner.rest()) };
}

describe('marker scanner', () => {
  it.each([
    { name: 'output between the markers', pieces: ['\x1b[?2004l\r\x01 s1-s2\r\nhello\r\n\x01 e1-e2 0\r\n\x1b[?2004h'], output: 'hello\r\n', exitCode: 0 },
    { name: 'the echoed instruction is skipped', pieces: ["printf '\\001 %s-%s\\n' s1 s2; source f\r\n\x01 s1-s2\r\nhi\r\n\x01 e1-e2 3\r\n"], output: 'hi\r\n', exitCode: 3 },
    { name: 'markers split across reads', pieces: ['\x01 s1', '-s2\r', '\nab', 'c\x01 e1-', 'e2 12', '7\r', '\n'], output: 'abc', exitCode: 127 },
    { name: 'output without a final newline', pieces: ['\x01 s1-s2\r\nhello\x01 e1-e2 0\r\n'], output: 'hello', exitCode: 0 },
    { name: 'a \\x01 in the output is output', pieces: ['\x01 s1-s2\r\na\x01b\x01 other 1\r\nc\x01 e1-e2 0\r\n'], output: 'a\x01b\x01 other 1\r\nc', exitCode: 0 },
    { name: 'stty -onlcr: plain \\n line ends', pieces: ['\x01 s1-s2\nx\n\x01 e1-e2 1\n'], output: 'x\n', exitCode: 1 },
    { name: 'nothing after the end line belongs to the command', pieces: ['\x01 s1-s2\r\nx\x01 e1-e2 0\r\nlater'], output: 'x', exitCode: 0 },
    { name: 'no end line yet', pieces: ['\x01 s1-s2\r\nstill running'], output: 'still running', exitCode: undefined },
  ])('$name', ({ pieces, output, exitCode }) => {
    const result = scan(pieces);
    expect(result.output).toBe(output);
    expect(result.exitCode).toBe(exitCode);
  });

  it('gives the pending bytes when the shell dies, but not a partial end line', () => {
    expect(scan(['\x01 s1-s2\r\nbye\x01 e1']).rest).toBe('');
    const scanner = createMarkerScanner('s1-s2', 'e1-e2');
    scanner.feed(Buffer.from('\x01 s1-s2\r\npartial\x01 zz', 'latin1'));
    expect(text(scanner.rest())).toBe('');
  });
});
