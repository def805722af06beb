import { describe, expect, it } from 'vitest';
import { decodeUtf8Lossy, incompleteTailLength } from './utf8.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('decodeUtf8Lossy (Go string → JSON, spec §4.1)', () => {
  it.each([
    { name: 'ASCII', input: Buffer.from('hello'), expected: 'hello' },
    { name: 'Japanese', input: Buffer.from('特定の伝説'), expected: '特定の伝説' },
    { name: 'five stray continuation bytes (broken_unicode scenario)', input: bytes(150, 150, 150, 150, 150), expected: '\uFFFD'.repeat(5) },
    { name: 'a truncated 3-byte sequence: one U+FFFD per byte, like Go', input: bytes(0xe7, 0x89, 0x41), expected: '\uFFFD\uFFFDA' },
    { name: 'an encoded surrogate is invalid', input: bytes(0xed, 0xa0, 0x80), expected: '\uFFFD\uFFFD\uFFFD' },
    { name: 'an overlong encoding is invalid', input: bytes(0xc0, 0xaf), expected: '\uFFFD\uFFFD' },
    { name: 'a 4-byte emoji', input: Buffer.from('😀'), expected: '😀' },
  ])('$name', ({ input, expected }) => {
    expect(decodeUtf8Lossy(input)).toBe(expected);
  });
});

describe('incompleteTailLength', () => {
  it.each([
    { name: 'nothing split', input: Buffer.from('abc'), end: 3, expected: 0 },
    { name: 'a complete 3-byte character at the end', input: Buffer.from('a特'), end: 4, expected: 0 },
    { name: 'the first byte of a 3-byte character', input: Buffer.from('a特'), end: 2, expected: 1 },
    { name: 'two bytes of a 3-byte character', input: Buffer.from('a特'), end: 3, expected: 2 },
    { name: 'three bytes of an emoji', input: Buffer.from('😀'), end: 3, expected: 3 },
    { name: 'a stray continuation byte is not a start', input: bytes(0x41, 0x96), end: 2, expected: 0 },
    { name: 'a lead byte that cannot start anything', input: bytes(0x41, 0xff), end: 2, expected: 0 },
    { name: 'a prefix that is already invalid (E0 80)', input: bytes(0xe0, 0x80), end: 2, expected: 0 },
  ])('$name', ({ input, end, expected }) => {
    expect(incompleteTailLength(input, end)).toBe(expected);
  });
});
