import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_BIN, FAST_AGENT_ENV, run, tempDir, type Proc } from './processes.js';

/**
 * How to start an agent binary for the compatibility suite. Outpost's agent always; the official Semaphore agent when
 * OUTPOST_OFFICIAL_AGENT names its binary (built from semaphoreci/agent; this repository never holds it).
 */
export interface AgentDriver {
  kind: 'outpost' | 'official';
  /** Where the binary is, for the test names and the compatibility table. */
  binary: string;
  /** `agent start` with these flags; `connect` adds --endpoint, --no-https and --token (a config file may hold them). */
  start(options: StartOptions): Proc;
}

export interface StartOptions {
  connect?: { endpoint: string; token: string };
  args?: string[];
  env?: Record<string, string>;
  /** The agent's HOME; a fresh temp dir when unset. */
  home?: string;
}

const connectFlags = (connect: StartOptions['connect']) => (connect ? ['--endpoint', connect.endpoint, '--no-https', '--token', connect.token] : []);

export const OUTPOST_DRIVER: AgentDriver = {
  kind: 'outpost',
  binary: AGENT_BIN,
  start: (options) => {
    const home = options.home ?? tempDir('outpost-e2e-home-');
    return run([AGENT_BIN, 'start', ...connectFlags(options.connect), ...(options.args ?? [])], { HOME: home, ...FAST_AGENT_ENV, ...options.env });
  },
};

/** The official agent has no test timings: it runs on production ones, led by the hub's next_sync_after. */
export function officialDriver(binary: string): AgentDriver {
  return {
    kind: 'official',
    binary,
    start: (options) => {
      const home = options.home ?? tempDir('outpost-e2e-home-');
      const env = { HOME: home, SEMAPHORE_AGENT_LOG_FILE_PATH: join(home, 'agent.log'), ...options.env };
      // Its own process group: the agent re-executes itself under a panic wrapper, and SIGKILL must reach both.
      return run(['start', ...connectFlags(options.connect), ...(options.args ?? [])], env, { bin: binary, group: true });
    },
  };
}

/**
 * The drivers this run covers. OUTPOST_OFFICIAL_AGENT set to a missing file is a mistake, not a skip; unset, the
 * official agent's half of the suite is skipped visibly (its describe block shows as skipped).
 */
export function agentDrivers(env: Record<string, string | undefined> = process.env): Array<{ driver: AgentDriver | null; kind: AgentDriver['kind'] }> {
  const official = env.OUTPOST_OFFICIAL_AGENT;
  if (official && !existsSync(official)) throw new Error(`OUTPOST_OFFICIAL_AGENT=${official}: no such file`);
  return [
    { kind: 'outpost', driver: OUTPOST_DRIVER },
    { kind: 'official', driver: official ? officialDriver(official) : null },
  ];
}
