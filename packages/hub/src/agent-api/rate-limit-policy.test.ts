import { describe, expect, it } from 'vitest';
import { isBucketFull, takeToken, type Bucket } from './rate-limit-policy.js';

const RULE = { perSecond: 30, burst: 60 };

describe('takeToken', () => {
  it.each([
    { name: 'a new source starts with a full burst', bucket: undefined, now: 0, allowed: true, tokensAfter: 59 },
    { name: 'one token left is enough', bucket: { tokens: 1, updatedAt: 0 }, now: 0, allowed: true, tokensAfter: 0 },
    { name: 'an empty bucket refuses', bucket: { tokens: 0, updatedAt: 0 }, now: 0, allowed: false, tokensAfter: 0 },
    { name: 'an empty bucket refills one token in 1/30 s', bucket: { tokens: 0, updatedAt: 0 }, now: 34, allowed: true, tokensAfter: 0.02 },
    { name: 'refill stops at the burst size', bucket: { tokens: 0, updatedAt: 0 }, now: 60_000, allowed: true, tokensAfter: 59 },
    { name: 'a clock that goes backwards refills nothing', bucket: { tokens: 0.5, updatedAt: 1000 }, now: 0, allowed: false, tokensAfter: 0.5 },
  ] as { name: string; bucket: Bucket | undefined; now: number; allowed: boolean; tokensAfter: number }[])('$name', ({ bucket, now, allowed, tokensAfter }) => {
    const result = takeToken(bucket, now, RULE);
    expect(result.allowed).toBe(allowed);
    expect(result.bucket.tokens).toBeCloseTo(tokensAfter, 5);
  });

  it('says how long until the next token', () => {
    const result = takeToken({ tokens: 0, updatedAt: 0 }, 0, RULE);
    expect(result).toMatchObject({ allowed: false, retryAfterMs: 34 });
  });
});

describe('isBucketFull', () => {
  it.each([
    { name: 'full right after refilling', bucket: { tokens: 60, updatedAt: 0 }, now: 0, expected: true },
    { name: 'not yet full', bucket: { tokens: 0, updatedAt: 0 }, now: 1000, expected: false },
    { name: 'full after two seconds', bucket: { tokens: 0, updatedAt: 0 }, now: 2000, expected: true },
  ])('$name', ({ bucket, now, expected }) => {
    expect(isBucketFull(bucket, now, RULE)).toBe(expected);
  });
});
