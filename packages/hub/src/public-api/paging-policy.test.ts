import { describe, expect, it } from 'vitest';
import { AGENTS_PAGE_SIZE, AUDIT_PAGE_SIZE, decodeCursor, encodeCursor, parsePageSize } from './paging-policy.js';

describe('parsePageSize for agents (control-plane §2.1: 0 = default 200, else 5–200)', () => {
  it.each([
    { name: 'absent', raw: undefined, expected: { ok: true, size: 200 } },
    { name: 'empty', raw: '', expected: { ok: true, size: 200 } },
    { name: '0 means the default', raw: '0', expected: { ok: true, size: 200 } },
    { name: 'the minimum 5', raw: '5', expected: { ok: true, size: 5 } },
    { name: 'the maximum 200', raw: '200', expected: { ok: true, size: 200 } },
  ])('accepts $name', ({ raw, expected }) => {
    expect(parsePageSize(raw, AGENTS_PAGE_SIZE)).toEqual(expected);
  });

  it.each([
    { name: '4 (below the minimum)', raw: '4' },
    { name: '201 (above the maximum)', raw: '201' },
    { name: 'a negative number', raw: '-5' },
    { name: 'a fraction', raw: '5.5' },
    { name: 'a word', raw: 'ten' },
    { name: 'a huge number', raw: '99999999999999999999' },
  ])('refuses $name with the rule', ({ raw }) => {
    const result = parsePageSize(raw, AGENTS_PAGE_SIZE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/^page size of .* is invalid; use 0 for the default of 200, or a whole number from 5 to 200$/);
  });

  it('uses 1–500 with a default of 100 for audit events', () => {
    expect(parsePageSize('1', AUDIT_PAGE_SIZE)).toEqual({ ok: true, size: 1 });
    expect(parsePageSize(undefined, AUDIT_PAGE_SIZE)).toEqual({ ok: true, size: 100 });
    expect(parsePageSize('501', AUDIT_PAGE_SIZE).ok).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trips a position', () => {
    const position = { at: 1_767_000_000_123, id: '9b2f6f0e-3a0c-4c61-9d07-5a0b3c2d1e0f' };
    expect(decodeCursor(encodeCursor(position))).toEqual({ ok: true, position });
  });

  it.each([
    { name: 'absent', raw: undefined },
    { name: 'empty', raw: '' },
  ])('treats $name as the first page', ({ raw }) => {
    expect(decodeCursor(raw)).toEqual({ ok: true, position: undefined });
  });

  it.each([
    { name: 'characters outside base64url', raw: 'abc$%' },
    { name: 'base64url of something else', raw: Buffer.from('hello').toString('base64url') },
    { name: 'a time that is not a number', raw: Buffer.from('x:abc').toString('base64url') },
    { name: 'an id with odd characters', raw: Buffer.from("1:a'b").toString('base64url') },
    { name: 'a very long value', raw: 'a'.repeat(500) },
    { name: 'an array from a repeated query key', raw: ['a', 'b'] },
  ])('refuses $name', ({ raw }) => {
    expect(decodeCursor(raw)).toEqual({ ok: false, problem: 'the cursor is not valid; pass the cursor of the previous page unchanged, or none for the first page' });
  });
});
