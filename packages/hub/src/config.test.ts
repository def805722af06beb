import { describe, expect, it } from 'vitest';
import { resolveHubConfig, type HubFlags, parseTrustProxy } from './config.js';

describe('resolveHubConfig: the flag, else the environment variable, else the default', () => {
  it.each([
    { name: 'log level by default', flags: {}, env: {}, expected: { logLevel: 'info' } },
    { name: 'log level from OUTPOST_LOG_LEVEL', flags: {}, env: { OUTPOST_LOG_LEVEL: 'debug' }, expected: { logLevel: 'debug' } },
    { name: 'log level from --log-level over the environment', flags: { logLevel: 'warn' }, env: { OUTPOST_LOG_LEVEL: 'debug' }, expected: { logLevel: 'warn' } },
    { name: 'an empty OUTPOST_LOG_LEVEL is not given', flags: {}, env: { OUTPOST_LOG_LEVEL: '' }, expected: { logLevel: 'info' } },
    { name: 'log format chosen by the terminal by default', flags: {}, env: {}, expected: { logFormat: undefined } },
    { name: 'log format from --log-format over OUTPOST_LOG_FORMAT', flags: { logFormat: 'json' }, env: { OUTPOST_LOG_FORMAT: 'pretty' }, expected: { logFormat: 'json' } },
    { name: 'port, host and data dir by default', flags: {}, env: {}, expected: { port: 8080, host: '0.0.0.0', dataDir: './outpost-data' } },
    {
      name: 'port, host and data dir from the environment',
      flags: {},
      env: { OUTPOST_PORT: '9090', OUTPOST_HOST: '127.0.0.1', OUTPOST_DATA_DIR: '/var/lib/outpost' },
      expected: { port: 9090, host: '127.0.0.1', dataDir: '/var/lib/outpost' },
    },
    {
      name: 'port, host and data dir from flags over the environment',
      flags: { port: '7070', host: '::', dataDir: './here' },
      env: { OUTPOST_PORT: '9090', OUTPOST_HOST: '127.0.0.1', OUTPOST_DATA_DIR: '/var/lib/outpost' },
      expected: { port: 7070, host: '::', dataDir: './here' },
    },
  ] as { name: string; flags: HubFlags; env: Record<string, string>; expected: Record<string, unknown> }[])('$name', ({ flags, env, expected }) => {
    expect(resolveHubConfig(flags, env)).toMatchObject(expected);
  });

  it.each([
    { name: 'an unknown log level', flags: { logLevel: 'loud' }, env: {}, problem: "--log-level (OUTPOST_LOG_LEVEL) must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'" },
    { name: 'an unknown log format', flags: {}, env: { OUTPOST_LOG_FORMAT: 'xml' }, problem: "--log-format (OUTPOST_LOG_FORMAT) must be json or pretty; got 'xml'" },
    { name: 'a port out of range from the environment', flags: {}, env: { OUTPOST_PORT: '70000' }, problem: '--port (OUTPOST_PORT) must be a port number from 0 to 65535; got 70000' },
  ] as { name: string; flags: HubFlags; env: Record<string, string>; problem: string }[])('refuses $name', ({ flags, env, problem }) => {
    expect(() => resolveHubConfig(flags, env)).toThrow(problem);
  });
});

describe('parseTrustProxy', () => {
  it.each([
    { name: 'unset trusts nothing', value: undefined, want: false },
    { name: 'empty trusts nothing', value: '', want: false },
    { name: '0 trusts nothing', value: '0', want: false },
    { name: 'a bare flag is one hop, never every hop', value: true, want: 1 },
    { name: '1 (the old "on") is one hop', value: '1', want: 1 },
    { name: 'a hop count', value: '2', want: 2 },
    { name: 'proxy addresses and CIDRs', value: '10.0.0.1, 10.1.0.0/16,::1', want: ['10.0.0.1', '10.1.0.0/16', '::1'] },
  ])('$name', ({ value, want }) => {
    expect(parseTrustProxy(value)).toEqual(want);
  });

  it.each(['true', 'proxy.example.com', '10.0.0.0/33', '11'])('refuses %s with what it takes', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(/--trust-proxy/);
  });
});
