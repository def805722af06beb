import { describe, expect, it } from 'vitest';
import { isLogEventLine } from './log-event-policy.js';

/** The answer the check must give: JSON.parse's object with a string `event`. */
function byJsonParse(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { event?: unknown }).event === 'string';
  } catch {
    return false;
  }
}

const LINES = [
  '{"event":"cmd_output","timestamp":1,"output":"hello\\n"}',
  '{"event":"job_started","timestamp":1700000000}',
  ' \t{ "event" : "x" } \r',
  '{"event":""}',
  '{}',
  '[]',
  '[{"event":"x"}]',
  '"event"',
  '{"event":1}',
  '{"event":null}',
  '{"event":{"event":"x"}}',
  '{"event":["x"]}',
  '{"a":{"event":"x"}}',
  '{"a":[{"event":"x"}],"event":"y"}',
  '{"event":"x","event":2}',
  '{"event":"x","output":"a","event":"y"}',
  '{"event":"x","output":"a","event":[]}',
  '{"event":"x","event\\u0000":1}',
  '{"event":"x","eventual":1,"events":"y"}',
  '{"event":2,"event":"x"}',
  '{"\\u0065vent":"x"}',
  '{"\\u0065vent":3}',
  '{"even\\u0074":"x","event":true}',
  '{"Event":"x"}',
  '{"event ":"x"}',
  '{"event":"x"',
  '{"event":"x"}}',
  '{"event":"x"} {}',
  '{"event":"x",}',
  '{,"event":"x"}',
  '{"event":"x" "a":1}',
  '{"event" "x"}',
  '{"event":"x","a":}',
  '{"event":"x","a":[1,2,]}',
  '{"event":"x","a":[1,,2]}',
  '{"event":"x","a":[,1]}',
  '{"event":"x","a":[1 2]}',
  '{"event":"x","a":{"b":[{"c":{}},[],[[]]],"d":null}}',
  '{"event":"x","a":{"b":1]}',
  '{"event":"x","a":[1}',
  '{"event":"x","n":-0.5e+10}',
  '{"event":"x","n":01}',
  '{"event":"x","n":-}',
  '{"event":"x","n":1.}',
  '{"event":"x","n":.5}',
  '{"event":"x","n":1e}',
  '{"event":"x","n":+1}',
  '{"event":"x","n":1E-3}',
  '{"event":"x","b":true,"c":false,"d":null}',
  '{"event":"x","b":tru}',
  '{"event":"x","b":truex}',
  '{"event":"x","b":True}',
  '{"event":"x","s":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9"}',
  '{"event":"x","s":"\\x"}',
  '{"event":"x","s":"\\u12"}',
  '{"event":"x","s":"\\u12G4"}',
  '{"event":"x","s":"tab\there"}',
  '{"event":"x","s":"nul\u0000"}',
  '{"event":"x","s":"del\u007f é 😀 \ud800"}',
  '{"event":"x","s":"unterminated}',
  "{'event':'x'}",
  '{event:"x"}',
  '{"event":"x"}\u00a0',
  '\u00a0{"event":"x"}',
  '',
  '   ',
  '{',
  '}',
  '{"event":"x"',
  '{"event":"x","a":"' + 'y'.repeat(1_000_000) + '"}',
  '{"event":"' + 'a\\n'.repeat(100_000) + '"}',
  '{"event":"x","deep":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
  '{"event":"x","deep":' + '['.repeat(10_000) + ']'.repeat(9_999) + '}',
  '{"event":"x","deep":' + '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000) + '}',
];

describe('isLogEventLine', () => {
  it.each(LINES.map((line) => ({ name: line.length > 80 ? `${line.slice(0, 60)}… (${line.length} chars)` : line, line })))('answers as JSON.parse: $name', ({ line }) => {
    expect(isLogEventLine(line)).toBe(byJsonParse(line));
  });

  it('answers as JSON.parse for every cut and one-character change of real events', () => {
    const samples = ['{"event":"cmd_output","timestamp":1700000000,"output":"a \\"b\\" \\u00e9\\n"}', '{"event":"cmd_finished","directive":"make","exit_code":0,"started_at":1,"finished_at":2.5e0,"x":[true,null,{}]}'];
    const replacements = ['', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.', 'e', 'u', 'n', '\u0001'];
    for (const sample of samples) {
      for (let i = 0; i <= sample.length; i++) {
        expect(isLogEventLine(sample.slice(0, i)), sample.slice(0, i)).toBe(byJsonParse(sample.slice(0, i)));
        for (const r of replacements) {
          const changed = sample.slice(0, i) + r + sample.slice(i + 1);
          expect(isLogEventLine(changed), changed).toBe(byJsonParse(changed));
          const inserted = sample.slice(0, i) + r + sample.slice(i);
          expect(isLogEventLine(inserted), inserted).toBe(byJsonParse(inserted));
        }
      }
    }
  });
});
