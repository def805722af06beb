import type { Logger } from 'pino';
import type { Store } from '../store/database.js';
import type { Wakeups } from '../wakeups/wakeups.js';
import type { HubMetrics } from '../metrics/hub-metrics.js';
import type { StsVerifier } from '../sts/sts-verifier.js';

/**
 * What lifecycle changes need, declared here rather than taken from HubServices so that lifecycle depends on the
 * parts it uses and not on dispatch (which builds on lifecycle). HubServices satisfies it.
 */
export interface LifecycleDeps {
  store: Store;
  log: Logger;
  now: () => number;
  /** Tells whoever waits (long-poll syncs, log followers) that something changed. */
  wakeups: Wakeups;
  metrics: HubMetrics;
  stsVerifier: StsVerifier;
}
