import { describe, expect, it } from 'vitest';
import { lookBackChars, maskChunks, maskNeedles, MASK_TEXT } from './masking-policy.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('maskNeedles: what the hub looks for in a job log', () => {
  it.each([
    { name: 'a value as it is', envValues: ['s3cr3t-token'], files: [], needles: ['s3cr3t-token'] },
    { name: 'a value trimmed of surrounding whitespace (echo $V drops it)', envValues: ['  s3cr3t-token \n'], files: [], needles: ['s3cr3t-token'] },
    { name: 'a 6-character value (the minimum)', envValues: ['abcdef'], files: [], needles: ['abcdef'] },
    { name: 'no 5-character value: it would mask common words and reveal itself', envValues: ['prod1', 'true', '1234'], files: [], needles: [] },
    { name: 'an empty value', envValues: [''], files: [], needles: [] },
    { name: 'a multi-line value line by line (a PTY prints \\r\\n)', envValues: ['line-one-secret\nline-two-secret\r\nok'], files: [], needles: ['line-one-secret', 'line-two-secret'] },
    { name: 'nothing that [MASKED] itself contains', envValues: ['MASKED', '[MASKED]'], files: [], needles: [] },
    { name: 'duplicates once, longest first', envValues: ['abcdefgh', 'abcdef', 'abcdefgh'], files: [], needles: ['abcdefgh', 'abcdef'] },
    {
      name: 'text file lines of 16 characters or more (structure like apiVersion: v1 stays readable)',
      envValues: [],
      files: [text('apiVersion: v1\nkind: Config\n  token: eyJhbGciOiJSUzI1NiJ9.payload\n')],
      needles: ['token: eyJhbGciOiJSUzI1NiJ9.payload'],
    },
    {
      name: 'every body line of a PEM key',
      envValues: [],
      files: [text('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBK\n-----END OPENSSH PRIVATE KEY-----\n')],
      needles: ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', '-----BEGIN OPENSSH PRIVATE KEY-----', '-----END OPENSSH PRIVATE KEY-----'],
    },
    { name: 'no binary file (it does not print as text)', envValues: [], files: [new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d])], needles: [] },
  ])('$name', ({ envValues, files, needles }) => {
    expect(maskNeedles({ envValues, files })).toEqual(needles);
  });
});

describe('maskChunks: one run of consecutive output chunks', () => {
  const needles = ['s3cr3t-token', 'other-secret'];
  it.each([
    { name: 'no secret: nothing changes', chunks: ['hello\n', 'world\n'], out: ['hello\n', 'world\n'] },
    { name: 'a value inside one chunk', chunks: ['token=s3cr3t-token\n'], out: [`token=${MASK_TEXT}\n`] },
    { name: 'every occurrence', chunks: ['s3cr3t-token s3cr3t-token\n'], out: [`${MASK_TEXT} ${MASK_TEXT}\n`] },
    { name: 'a value cut across two chunks (100-byte chunks do that)', chunks: ['token=s3cr3', 't-token\n'], out: [`token=${MASK_TEXT}`, '\n'] },
    { name: 'a value across three chunks, the middle one consumed whole', chunks: ['x s3c', 'r3t-t', 'oken y'], out: [`x ${MASK_TEXT}`, '', ' y'] },
    { name: 'two different values side by side', chunks: ['s3cr3t-tokenother-secret'], out: [`${MASK_TEXT}`] },
    { name: 'a value starting exactly at a chunk boundary', chunks: ['a ', 's3cr3t-token', ' b'], out: ['a ', MASK_TEXT, ' b'] },
    { name: 'a prefix of a value at the end (no whole value): kept', chunks: ['ends with s3cr3t-to'], out: ['ends with s3cr3t-to'] },
    { name: 'unicode around a value', chunks: ['ключ: s3cr3t-token ✓'], out: [`ключ: ${MASK_TEXT} ✓`] },
  ])('$name', ({ chunks, out }) => {
    const masked = maskChunks(chunks, needles);
    expect(masked.chunks).toEqual(out);
    expect(masked.changed).toEqual(chunks.map((c, i) => c !== out[i]));
  });

  it('merges overlapping matches of two values into one mark', () => {
    expect(maskChunks(['abcdefghij'], ['abcdefg', 'efghij']).chunks).toEqual([MASK_TEXT]);
  });

  it('keeps the text between two marks exactly', () => {
    expect(maskChunks(['s3cr3t-token', ' and ', 'other-secret'], needles).chunks).toEqual([MASK_TEXT, ' and ', MASK_TEXT]);
  });
});

describe('lookBackChars', () => {
  it.each([
    { needles: [], chars: 0 },
    { needles: ['abcdef'], chars: 5 },
    { needles: ['abcdefghij', 'abcdef'], chars: 9 },
  ])('$needles → $chars characters before a push can start a value', ({ needles, chars }) => {
    expect(lookBackChars(needles)).toBe(chars);
  });
});
