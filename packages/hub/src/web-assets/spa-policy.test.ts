import { describe, expect, it } from 'vitest';
import { decideFallback } from './spa-policy.js';

// What Chromium sends when it navigates.
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('decideFallback', () => {
  it.each([
    { name: 'the root is the UI', method: 'GET', url: '/', expected: 'index-html' },
    { name: 'a client route is the UI', method: 'GET', url: '/self-hosted-agents/s1-linux', expected: 'index-html' },
    { name: 'a client route with a query is the UI', method: 'GET', url: '/jobs?state=RUNNING', expected: 'index-html' },
    { name: 'HEAD of a client route is the UI', method: 'HEAD', url: '/jobs/abc', expected: 'index-html' },
    { name: 'a POST is never the UI', method: 'POST', url: '/self-hosted-agents', expected: 'not-found' },
    { name: 'an unknown public API path is a JSON 404', method: 'GET', url: '/api/v1alpha/nope', expected: 'not-found' },
    { name: 'an unknown agent API path is a JSON 404', method: 'GET', url: '/api/v1/self_hosted_agents/x', expected: 'not-found' },
    { name: 'bare /api is a JSON 404', method: 'GET', url: '/api', expected: 'not-found' },
    { name: 'a missing asset is a 404', method: 'GET', url: '/assets/index-abc123.js', expected: 'not-found' },
    { name: 'a missing download is a 404', method: 'GET', url: '/downloads/agent.mjs', expected: 'not-found' },
    { name: 'a name with a dot inside a segment is still a route', method: 'GET', url: '/jobs/v1.2/x', expected: 'index-html' },
    { name: 'a script that accepts anything gets the JSON 404', method: 'GET', url: '/jobs', accept: '*/*', expected: 'not-found' },
    { name: 'a request without Accept gets the JSON 404', method: 'GET', url: '/jobs', accept: '', expected: 'not-found' },
    { name: 'a JSON client gets the JSON 404', method: 'GET', url: '/jobs', accept: 'application/json', expected: 'not-found' },
  ])('$name', ({ method, url, accept, expected }) => {
    expect(decideFallback(method, url, accept ?? BROWSER_ACCEPT)).toBe(expected);
  });
});
