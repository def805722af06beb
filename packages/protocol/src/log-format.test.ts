import { describe, expect, it } from 'vitest';
import { chooseLogFormat } from './log-format.js';

describe('chooseLogFormat', () => {
  it.each([
    { requested: undefined, terminal: true, expected: 'pretty' },
    { requested: undefined, terminal: false, expected: 'json' },
    { requested: '', terminal: true, expected: 'pretty' },
    { requested: 'json', terminal: true, expected: 'json' },
    { requested: 'pretty', terminal: false, expected: 'pretty' },
    { requested: 'text', terminal: true, expected: { problem: "--log-format must be json or pretty; got 'text'" } },
  ])('$requested on a terminal: $terminal → $expected', ({ requested, terminal, expected }) => {
    expect(chooseLogFormat(requested, terminal)).toEqual(expected);
  });
});
