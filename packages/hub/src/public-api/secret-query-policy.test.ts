import { describe, expect, it } from 'vitest';
import { encodeSecretCursor, parseSecretListQuery } from './secret-query-policy.js';

const nameToken = encodeSecretCursor('name', { name: 'db', created_at: 5, id: 'id-1' });
const timeToken = encodeSecretCursor('created', { name: 'db', created_at: 5, id: 'id-1' });

describe('parseSecretListQuery (Semaphore: 100 by default and at most; BY_NAME_ASC or BY_CREATE_TIME_ASC)', () => {
  it.each([
    { name: 'nothing: name order, 100', query: {}, value: { order: 'name', size: 100 } },
    { name: 'page_size 0 is the default', query: { page_size: '0' }, value: { order: 'name', size: 100 } },
    { name: 'page_size 7', query: { page_size: '7' }, value: { order: 'name', size: 7 } },
    { name: 'creation order', query: { order: 'BY_CREATE_TIME_ASC' }, value: { order: 'created', size: 100 } },
    { name: 'a name token', query: { page_token: nameToken }, value: { order: 'name', size: 100, after: { order: 'name', name: 'db', id: 'id-1' } } },
    { name: 'a time token', query: { order: 'BY_CREATE_TIME_ASC', page_token: timeToken }, value: { order: 'created', size: 100, after: { order: 'created', createdAt: 5, id: 'id-1' } } },
  ])('reads $name', ({ query, value }) => {
    expect(parseSecretListQuery(query, 100)).toEqual({ ok: true, value });
  });

  it.each([
    { name: 'a page size over 100', query: { page_size: '101' }, field: 'page_size', problem: "page size can't exceed 100" },
    { name: 'a negative page size', query: { page_size: '-1' }, field: 'page_size', problem: 'a whole number from 0 to 100' },
    { name: 'a huge page size', query: { page_size: '99999999999999999999' }, field: 'page_size', problem: 'a whole number from 0 to 100' },
    { name: 'an unknown order', query: { order: 'BY_SIZE' }, field: 'order', problem: 'order must be BY_NAME_ASC or BY_CREATE_TIME_ASC' },
    { name: 'a made-up token', query: { page_token: 'abc' }, field: 'page_token', problem: 'page_token is not valid' },
    { name: 'a name token in time order', query: { order: 'BY_CREATE_TIME_ASC', page_token: nameToken }, field: 'page_token', problem: 'not valid for this order' },
    { name: 'a token holding a NUL', query: { page_token: Buffer.from(JSON.stringify(['n', 'a\u0000', 'x'])).toString('base64url') }, field: 'page_token', problem: 'not valid' },
  ])('refuses $name', ({ query, field, problem }) => {
    const result = parseSecretListQuery(query, 100);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBe(field);
    expect(result.problem).toContain(problem);
  });
});
