import { describe, expect, it } from 'vitest';
import type { FormFlag } from '@outpost/protocol';
import { toFlag } from './flag-policy.js';

// Spellings the FormFlag schema refuses ("maybe", 2, {}) are rows of test/public-api/agent-types.test.ts.
describe('toFlag', () => {
  it.each([
    { name: 'absent → the default', value: undefined, fallback: true, expected: true },
    { name: 'null → the default', value: null, fallback: false, expected: false },
    { name: 'empty form field → the default', value: '', fallback: true, expected: true },
    { name: 'JSON false', value: false, fallback: true, expected: false },
    { name: 'JSON true', value: true, fallback: false, expected: true },
    { name: "form 'false' (the docs' curl -d 'only_idle=false')", value: 'false', fallback: true, expected: false },
    { name: "form 'true'", value: 'true', fallback: false, expected: true },
    { name: "form '0'", value: '0', fallback: true, expected: false },
    { name: "form '1'", value: '1', fallback: false, expected: true },
  ] as { name: string; value: FormFlag | undefined; fallback: boolean; expected: boolean }[])('$name', ({ value, fallback, expected }) => {
    expect(toFlag(value, fallback)).toBe(expected);
  });
});
