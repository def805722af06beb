import { describe, expect, it } from 'vitest';
import { API_TOKEN_USE_PRECISION_MS, shouldRecordApiTokenUse } from './api-token-use-policy.js';

const T = 1_764_600_000_000;

describe('shouldRecordApiTokenUse', () => {
  it.each([
    { name: 'a token never used is recorded', lastUsedAt: null, now: T, expected: true },
    { name: 'a use in the same millisecond is not', lastUsedAt: T, now: T, expected: false },
    { name: 'a use 30 s later is not', lastUsedAt: T, now: T + 30_000, expected: false },
    { name: 'a use just under a minute later is not', lastUsedAt: T, now: T + API_TOKEN_USE_PRECISION_MS - 1, expected: false },
    { name: 'a use a minute later is', lastUsedAt: T, now: T + API_TOKEN_USE_PRECISION_MS, expected: true },
    { name: 'a use a day later is', lastUsedAt: T, now: T + 86_400_000, expected: true },
    { name: 'a clock 30 s behind the stored time does not rewrite it', lastUsedAt: T, now: T - 30_000, expected: false },
    { name: 'a clock a minute behind the stored time corrects it', lastUsedAt: T, now: T - API_TOKEN_USE_PRECISION_MS, expected: true },
  ])('$name', ({ lastUsedAt, now, expected }) => {
    expect(shouldRecordApiTokenUse(lastUsedAt, now)).toBe(expected);
  });
});
