/**
 * Two sizes of the chaos suite: CI (bounded, a few minutes, a 4 s lost-agent threshold so the faults outlast it
 * quickly) and the documented full run (OUTPOST_CHAOS_FULL=1: production's 30 s threshold, a 90 s freeze, a
 * 2-minute network cut, a 30 s full disk), whose figures are the table in docs/reliability.md.
 */
export interface ChaosSettings {
  full: boolean;
  agents: number;
  jobsPerScenario: number;
  /** How often the hub is killed mid-job on SQLite and on PostgreSQL. */
  hubKills: { sqlite: number; postgres: number };
  /** Each job prints this many numbered lines, one every `lineIntervalS`. */
  linesPerJob: number;
  lineIntervalS: number;
  lostAgentAfterMs: number;
  sweepIntervalMs: number;
  /** The hub's write-behind of sync times (OUTPOST_LAST_SYNC_FLUSH_MS), scaled with the threshold like the sweep. */
  lastSyncFlushMs: number;
  hubFreezeMs: number;
  networkCutMs: number;
  diskFullMs: number;
  /** The agent's HTTP timeout: a cut connection fails after this long. */
  agentHttpTimeoutMs: number;
  agentLongPollSeconds: number;
  /** How long a scenario may take to settle every job after its fault. */
  settleMs: number;
}

const CI: ChaosSettings = {
  full: false,
  agents: 4,
  jobsPerScenario: 12,
  hubKills: { sqlite: 2, postgres: 1 },
  linesPerJob: 20,
  lineIntervalS: 0.1,
  lostAgentAfterMs: 4_000,
  sweepIntervalMs: 250,
  lastSyncFlushMs: 250,
  hubFreezeMs: 10_000,
  networkCutMs: 10_000,
  diskFullMs: 8_000,
  agentHttpTimeoutMs: 10_000,
  agentLongPollSeconds: 5,
  settleMs: 60_000,
};

const FULL: ChaosSettings = {
  full: true,
  agents: 10,
  jobsPerScenario: 60,
  hubKills: { sqlite: 3, postgres: 2 },
  linesPerJob: 30,
  lineIntervalS: 0.1,
  lostAgentAfterMs: 30_000,
  sweepIntervalMs: 1_000,
  lastSyncFlushMs: 1_000,
  hubFreezeMs: 90_000,
  networkCutMs: 120_000,
  diskFullMs: 30_000,
  agentHttpTimeoutMs: 30_000,
  agentLongPollSeconds: 20,
  settleMs: 300_000,
};

export const SETTINGS: ChaosSettings = process.env.OUTPOST_CHAOS_FULL === '1' ? FULL : CI;
