import { describe, expect, it } from 'vitest';
import { chunkCut, normaliseNewlines } from './chunk-policy.js';

const running = (waitedMs = 0) => ({ draining: false, waitedMs });
const draining = { draining: true, waitedMs: 0 };

describe('chunkCut (spec §4.2)', () => {
  it.each([
    { name: 'waits while under 100 bytes and under 100 ms', buffer: Buffer.from('hello'), input: running(50), cut: 0 },
    { name: 'emits what is there after 100 ms', buffer: Buffer.from('hello'), input: running(100), cut: 5 },
    { name: 'cuts 100 bytes as soon as they are there', buffer: Buffer.alloc(250, 0x61), input: running(0), cut: 100 },
    { name: 'cuts 1000 bytes while draining', buffer: Buffer.alloc(2500, 0x61), input: draining, cut: 1000 },
    { name: 'drains a small rest at once', buffer: Buffer.from('rest'), input: draining, cut: 4 },
    { name: 'never splits a 3-byte character at the 100-byte cut', buffer: Buffer.from(`${'a'.repeat(99)}特`), input: running(0), cut: 99 },
    { name: 'holds back an incomplete character at the end of the buffer', buffer: Buffer.from('ab特').subarray(0, 4), input: running(200), cut: 2 },
    { name: 'never splits \\r\\n at the cut', buffer: Buffer.from(`${'a'.repeat(99)}\r\nb`), input: running(0), cut: 99 },
    { name: 'holds back a trailing \\r while running', buffer: Buffer.from('line\r'), input: running(200), cut: 4 },
    { name: 'emits a trailing \\r when draining', buffer: Buffer.from('line\r'), input: draining, cut: 5 },
    { name: 'emits invalid bytes at the end when draining', buffer: Buffer.from([0x41, 0xe7, 0x89]), input: draining, cut: 3 },
    { name: 'emits invalid bytes that cannot become valid', buffer: Buffer.from([150, 150, 150, 150, 150]), input: running(200), cut: 5 },
    { name: 'an empty buffer', buffer: Buffer.alloc(0), input: draining, cut: 0 },
  ])('$name', ({ buffer, input, cut }) => {
    expect(chunkCut(buffer, input)).toBe(cut);
  });
});

describe('normaliseNewlines', () => {
  it.each([
    { name: '\\r\\n becomes \\n', input: 'a\r\nb\r\n', expected: 'a\nb\n' },
    { name: 'a lone \\r stays (progress bars)', input: '10%\r20%\r', expected: '10%\r20%\r' },
  ])('$name', ({ input, expected }) => {
    expect(normaliseNewlines(input)).toBe(expected);
  });
});
