import { describe, expect, it } from 'vitest';
import { decideCsrf, isStateChanging, sessionCookieOptions } from './session-policy.js';

const equal = (a: string, b: string) => a === b;

describe('decideCsrf', () => {
  it.each([
    { name: 'a GET needs no token', method: 'GET', sent: undefined, expected: 'allow' },
    { name: 'a HEAD needs no token', method: 'HEAD', sent: undefined, expected: 'allow' },
    { name: 'an OPTIONS needs no token', method: 'OPTIONS', sent: undefined, expected: 'allow' },
    { name: 'a POST without the header is refused', method: 'POST', sent: undefined, expected: 'missing-token' },
    { name: 'a POST with an empty header is refused', method: 'POST', sent: '', expected: 'missing-token' },
    { name: 'a PATCH with the wrong token is refused', method: 'PATCH', sent: 'other', expected: 'wrong-token' },
    { name: 'a DELETE with the session token is allowed', method: 'DELETE', sent: 'csrf-1', expected: 'allow' },
    { name: 'a PUT with the session token is allowed', method: 'PUT', sent: 'csrf-1', expected: 'allow' },
    { name: 'methods are compared without case', method: 'post', sent: undefined, expected: 'missing-token' },
  ])('$name', ({ method, sent, expected }) => {
    expect(decideCsrf({ method, sentToken: sent, sessionToken: 'csrf-1', equal })).toBe(expected);
  });
});

describe('isStateChanging', () => {
  it.each([
    ['GET', false],
    ['HEAD', false],
    ['OPTIONS', false],
    ['POST', true],
    ['PUT', true],
    ['PATCH', true],
    ['DELETE', true],
  ])('%s → %s', (method, expected) => {
    expect(isStateChanging(method)).toBe(expected);
  });
});

describe('sessionCookieOptions', () => {
  it.each([
    { name: 'plain http: not Secure', secure: false, maxAgeMs: 60_000, expected: { secure: false, maxAge: 60 } },
    { name: 'behind TLS: Secure', secure: true, maxAgeMs: 60_000, expected: { secure: true, maxAge: 60 } },
    { name: 'clearing the cookie: max age 0', secure: false, maxAgeMs: 0, expected: { secure: false, maxAge: 0 } },
    { name: 'partial seconds round down', secure: false, maxAgeMs: 1_999, expected: { secure: false, maxAge: 1 } },
  ])('$name', ({ secure, maxAgeMs, expected }) => {
    expect(sessionCookieOptions({ secure, maxAgeMs })).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', ...expected });
  });
});
