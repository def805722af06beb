import { describe, expect, it } from 'vitest';
import { sameOriginNext } from './next-policy.js';

const ORIGIN = 'https://hub.example.com';
const FALLBACK = '/agent-types';

describe('sameOriginNext', () => {
  it.each([
    { name: 'a path of this site', next: '/jobs/42?tab=log#l3', want: '/jobs/42?tab=log#l3' },
    { name: 'nothing', next: null, want: FALLBACK },
    { name: 'a relative path', next: 'jobs', want: FALLBACK },
    { name: 'a protocol-relative URL', next: '//evil.example/', want: FALLBACK },
    { name: 'a backslash that browsers read as a slash', next: '/\\evil.example/', want: FALLBACK },
    { name: 'backslashes both ways', next: '\\\\evil.example', want: FALLBACK },
    { name: 'an absolute URL elsewhere', next: 'https://evil.example/', want: FALLBACK },
    { name: 'a javascript: URL', next: 'javascript:alert(1)', want: FALLBACK },
    { name: 'tabs and newlines removed by the parser', next: '/\t/evil.example', want: FALLBACK },
    { name: 'dot segments that stay on the site', next: '/a/../jobs', want: '/jobs' },
  ])('$name', ({ next, want }) => {
    expect(sameOriginNext(next, ORIGIN, FALLBACK)).toBe(want);
  });
});
