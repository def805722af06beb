import { describe, expect, it } from 'vitest';
import { JSON_MAX_DEPTH, jsonNestingDepth } from './body-parsers.js';

describe('jsonNestingDepth', () => {
  it.each([
    { name: 'a scalar', text: '42', want: 0 },
    { name: 'an empty object', text: '{}', want: 1 },
    { name: 'nested arrays and objects', text: '{"a":[{"b":[1]}]}', want: 4 },
    { name: 'brackets inside strings do not count', text: '{"a":"[[[{{{"}', want: 1 },
    { name: 'an escaped quote keeps the string open', text: '{"a":"\\"[[["}', want: 1 },
    { name: 'an escaped backslash closes the string', text: '["\\\\",[1]]', want: 2 },
    { name: 'siblings do not add up', text: '[[1],[2],[3]]', want: 2 },
  ])('$name → $want', ({ text, want }) => {
    expect(jsonNestingDepth(text)).toBe(want);
  });

  it('stops counting just past the limit for a megabyte of brackets', () => {
    expect(jsonNestingDepth('['.repeat(1024 * 1024))).toBe(JSON_MAX_DEPTH + 1);
  });
});
