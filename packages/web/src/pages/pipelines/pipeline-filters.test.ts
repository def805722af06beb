import { describe, expect, it } from 'vitest';
import { listQuery, parseStatusFilter } from './pipeline-filters.js';

describe('parseStatusFilter', () => {
  it.each([
    ['active', 'active'],
    ['passed', 'passed'],
    ['canceled', 'canceled'],
    ['PASSED', undefined],
    ['done', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (text, filter) => {
    expect(parseStatusFilter(text)).toBe(filter);
  });
});

describe('listQuery', () => {
  it.each([
    { status: undefined, token: null, query: {} },
    { status: 'active', token: null, query: { states: 'initializing,pending,queuing,running,stopping' } },
    { status: 'failed', token: 'tok', query: { results: 'failed', pageToken: 'tok' } },
    { status: undefined, token: 'tok', query: { pageToken: 'tok' } },
    { status: 'stopped', token: '', query: { results: 'stopped' } },
  ] as const)('$status $token', ({ status, token, query }) => {
    expect(listQuery(status, token)).toEqual(query);
  });
});
