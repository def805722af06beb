import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { onTestFinished } from 'vitest';
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
  name: string;
  listener: Listener;
  /** The exit code, once the listener ended. */
  exit: Promise<number>;
  events: ListenerEvent[];
  logLines: string[];
}

/** Agents of the running test, closed before its homes are removed. */
const agentsOfTest = new Set<TestAgent>();

// A closed listener ends at once (it abandons its job, whose processes get stopGraceMs to go).
const CLOSE_LIMIT_MS = 5_000;

/**
 * The leak guard (STYLE §11.9): an agent belongs to the test that started it. When the test finishes, an agent
 * still running is closed (its declared lifetime) and must then end within CLOSE_LIMIT_MS, or the test fails.
 */
async function closeAndCheck(agent: TestAgent): Promise<void> {
  agent.listener.close();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), CLOSE_LIMIT_MS)));
  const ended = await Promise.race([agent.exit.then(() => 'ended' as const, () => 'ended' as const), limit]);
  clearTimeout(timer);
  if (ended === 'hung') throw new Error(`leak guard: the agent ${agent.name} still runs ${CLOSE_LIMIT_MS} ms after close()`);
}

/** A home directory of its own for the job shell: no profile scripts of this machine, nothing left in the real home. */
export function testHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'outpost-home-'));
  onTestFinished(async () => {
    await Promise.allSettled([...agentsOfTest].map(closeAndCheck));
    rmSync(home, { recursive: true, force: true });
  });
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
  const agent: TestAgent = { name: options.name ?? 'test-agent-0001', listener, exit: listener.run(), events, logLines };
  // A test that awaits a rejection owns it; an unobserved one must not become an unhandled rejection meanwhile.
  agent.exit.catch(() => undefined);
  agentsOfTest.add(agent);
  onTestFinished(() => closeAndCheck(agent).finally(() => agentsOfTest.delete(agent)));
  return agent;
}
