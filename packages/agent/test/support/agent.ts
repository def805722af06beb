import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach } from 'vitest';
import { mergeSources, validateConfig, type AgentConfig } from '../../src/config/config-policy.js';
import { DEFAULT_TIMINGS, type AgentTimings } from '../../src/config/timings.js';
import { createHubClient } from '../../src/hub-client/hub-client.js';
import { createListener, type Listener, type ListenerEvent } from '../../src/listener/listener.js';
import { USER_AGENT } from '../../src/version.js';
import type { FakeHub } from './fake-hub.js';

/** Timings for tests: the same code paths as production, measured in milliseconds instead of seconds. */
export const FAST_TIMINGS: AgentTimings = {
  ...DEFAULT_TIMINGS,
  registerRetryDelayMs: 10,
  getJobRetryDelayMs: 10,
  disconnectRetryDelayMs: 10,
  syncIntervalMinMs: 20,
  syncIntervalMaxMs: 40,
  httpTimeoutMs: 10_000,
  longPollSeconds: 2,
  logPushIntervalMs: 50,
  logFlushRetryMs: 20,
  logFlushTimeoutMs: 5_000,
  stopGraceMs: 500,
};

export interface TestAgent {
  listener: Listener;
  /** The exit code, once the listener ended. */
  exit: Promise<number>;
  events: ListenerEvent[];
  logLines: string[];
}

const running = new Set<TestAgent>();
const homes: string[] = [];
afterEach(async () => {
  for (const agent of [...running]) {
    agent.listener.close();
    await agent.exit.catch(() => 1);
  }
  running.clear();
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A home directory of its own for the job shell: no profile scripts of this machine, nothing left in the real home. */
export function testHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'outpost-home-'));
  homes.push(home);
  return home;
}

/** Config as `agent start` would resolve it: YAML-style keys, validated by the real policy. */
export function testConfig(hub: FakeHub, options: Record<string, unknown> = {}): AgentConfig {
  const merged = mergeSources({ flags: {}, env: {}, file: { endpoint: hub.endpoint, token: hub.registrationToken, 'no-https': true, ...options } });
  if (!merged.ok) throw new Error(merged.problems.join('; '));
  const config = validateConfig(merged.value);
  if (!config.ok) throw new Error(config.problems.join('; '));
  return config.value;
}

/** An in-process agent (the real listener, client, job runner and shipper) against a fake hub. */
export function startTestAgent(
  hub: FakeHub,
  options: { config?: Record<string, unknown>; timings?: Partial<AgentTimings>; name?: string; home?: string } = {},
): TestAgent {
  const config = testConfig(hub, options.config);
  const home = options.home ?? testHome();
  const timings = { ...FAST_TIMINGS, ...options.timings };
  const logLines: string[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        callback();
      },
    }),
  );
  const events: ListenerEvent[] = [];
  const listener = createListener({
    config,
    timings,
    client: createHubClient({ baseUrl: `http://${hub.endpoint}`, userAgent: USER_AGENT, timeoutMs: timings.httpTimeoutMs }),
    log,
    host: { os: 'Test OS', arch: 'x86_64', hostname: 'test-host', pid: process.pid },
    name: options.name ?? 'test-agent-0001',
    jobShell: { home, env: { ...(process.env as Record<string, string>), HOME: home } },
    onEvent: (event) => events.push(event),
  });
  const agent: TestAgent = { listener, exit: listener.run(), events, logLines };
  running.add(agent);
  agent.exit.then(
    () => running.delete(agent),
    () => running.delete(agent),
  );
  return agent;
}
