import { describe, expect, it } from 'vitest';
import { isStorageError } from './storage-error-policy.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isStorageError', () => {
  it.each([
    { name: 'SQLite: database or disk is full', error: coded('SQLITE_FULL', 'database or disk is full'), expected: true },
    { name: 'SQLite: a write I/O error', error: coded('SQLITE_IOERR_WRITE'), expected: true },
    { name: 'SQLite: busy past the busy timeout', error: coded('SQLITE_BUSY'), expected: true },
    { name: 'SQLite: a read-only file', error: coded('SQLITE_READONLY'), expected: true },
    { name: 'SQLite: a unique constraint is the request’s problem', error: coded('SQLITE_CONSTRAINT_UNIQUE'), expected: false },
    { name: 'SQLite: a plain SQL error is a bug, not storage', error: coded('SQLITE_ERROR'), expected: false },
    { name: 'PostgreSQL: disk full (53100)', error: coded('53100'), expected: true },
    { name: 'PostgreSQL: too many connections (53300)', error: coded('53300'), expected: true },
    { name: 'PostgreSQL: admin shutdown (57P01)', error: coded('57P01'), expected: true },
    { name: 'PostgreSQL: connection failure (08006)', error: coded('08006'), expected: true },
    { name: 'PostgreSQL: I/O error (58030)', error: coded('58030'), expected: true },
    { name: 'PostgreSQL: unique violation (23505)', error: coded('23505'), expected: false },
    { name: 'PostgreSQL: serialization failure (40001)', error: coded('40001'), expected: false },
    { name: 'a refused connection', error: coded('ECONNREFUSED'), expected: true },
    { name: 'the pool: connection terminated', error: new Error('Connection terminated unexpectedly'), expected: true },
    { name: 'the pool: connect timeout', error: new Error('timeout exceeded when trying to connect'), expected: true },
    { name: 'a storage error wrapped as the cause', error: new Error('migrate', { cause: coded('SQLITE_FULL') }), expected: true },
    { name: 'a TypeError', error: new TypeError('x is undefined'), expected: false },
    { name: 'not an error at all', error: 'SQLITE_FULL', expected: false },
  ])('$name', ({ error, expected }) => {
    expect(isStorageError(error)).toBe(expected);
  });
});
