import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS, resolveTimings, timingEnvName } from './timings.js';

describe('timings', () => {
  it('defaults to the official agent constants (spec §7)', () => {
    expect(DEFAULT_TIMINGS).toMatchObject({
      registerAttempts: 30,
      registerRetryDelayMs: 1000,
      getJobAttempts: 10,
      getJobRetryDelayMs: 3000,
      disconnectAttempts: 100,
      disconnectRetryDelayMs: 1000,
      unableToSyncMs: 600_000,
      httpTimeoutMs: 30_000,
      logFlushTimeoutMs: 60_000,
    });
  });

  it.each([
    { name: 'a value in ms', env: { OUTPOST_AGENT_REGISTER_RETRY_DELAY_MS: '10' }, key: 'registerRetryDelayMs', value: 10, problems: [] },
    { name: 'a count', env: { OUTPOST_AGENT_REGISTER_ATTEMPTS: '3' }, key: 'registerAttempts', value: 3, problems: [] },
    { name: 'junk is a problem', env: { OUTPOST_AGENT_UNABLE_TO_SYNC_MS: 'soon' }, key: 'unableToSyncMs', value: 600_000, problems: ["OUTPOST_AGENT_UNABLE_TO_SYNC_MS must be a number ≥ 0; got 'soon'"] },
  ] as const)('$name', ({ env, key, value, problems }) => {
    const resolved = resolveTimings(env);
    expect(resolved.timings[key]).toBe(value);
    expect(resolved.problems).toEqual(problems);
  });

  it('derives the variable names', () => {
    expect(timingEnvName('logFlushTimeoutMs')).toBe('OUTPOST_AGENT_LOG_FLUSH_TIMEOUT_MS');
  });
});
