import { describe, expect, it } from 'vitest';
import { AGENTS_PAGE_SIZE, AUDIT_PAGE_SIZE } from '@outpost/protocol';
import { decodeCursor, encodeCursor, pageSizeOf } from './paging-policy.js';

describe('pageSizeOf (the schema already refused sizes outside the rule; rows in test/public-api/agents.test.ts)', () => {
  it.each([
    { name: 'absent means the default', requested: undefined, rule: AGENTS_PAGE_SIZE, expected: 200 },
    { name: '0 means the default (control-plane §2.1)', requested: 0, rule: AGENTS_PAGE_SIZE, expected: 200 },
    { name: 'the minimum 5', requested: 5, rule: AGENTS_PAGE_SIZE, expected: 5 },
    { name: 'the maximum 200', requested: 200, rule: AGENTS_PAGE_SIZE, expected: 200 },
    { name: 'audit events default to 100', requested: undefined, rule: AUDIT_PAGE_SIZE, expected: 100 },
  ])('$name', ({ requested, rule, expected }) => {
    expect(pageSizeOf(requested, rule)).toBe(expected);
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
