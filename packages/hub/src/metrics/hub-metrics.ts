import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/database.js';
import { countAgentsByState, countQueuedJobsByType } from '../store/queue-stats.js';

/**
 * The hub's Prometheus metrics, on a registry of its own (two hubs in one process, as in tests, never share
 * counters). Gauges read the store when scraped; counters and the histogram are bumped by dispatch as things happen.
 */
export interface HubMetrics {
  registry: Registry;
  /** Syncs answered, by reported state and answered action. */
  syncs: Counter<'state' | 'action'>;
  /** Queued → the agent fetched the job spec (GET /jobs/:id), by how the agent syncs. */
  pickupSeconds: Histogram<'mode'>;
  jobsFinished: Counter<'result'>;
  logBytes: Counter;
}

export function createHubMetrics(deps: { store: Store; heldSyncs: () => number }): HubMetrics {
  const registry = new Registry();
  const syncs = new Counter({ name: 'outpost_syncs_total', help: 'Agent syncs answered', labelNames: ['state', 'action'] as const, registers: [registry] });
  const pickupSeconds = new Histogram({
    name: 'outpost_job_pickup_seconds',
    help: 'Time from a job being queued to its agent fetching it',
    labelNames: ['mode'] as const,
    // From the long-poll target (5 ms) to several polling intervals.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const jobsFinished = new Counter({ name: 'outpost_jobs_finished_total', help: 'Jobs finished, by result', labelNames: ['result'] as const, registers: [registry] });
  const logBytes = new Counter({ name: 'outpost_log_bytes_total', help: 'Job log bytes stored', registers: [registry] });

  new Gauge({
    name: 'outpost_jobs_queued',
    help: 'Jobs waiting for an agent (queued or offered), by agent type',
    labelNames: ['org', 'agent_type'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await countQueuedJobsByType(deps.store.db)) this.set({ org: row.org_id, agent_type: row.name }, row.queued);
    },
  });
  new Gauge({
    name: 'outpost_agents',
    help: 'Connected agents, by the protocol state of their last sync',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await countAgentsByState(deps.store.db)) this.set({ state: row.state || 'registered' }, row.agents);
    },
  });
  new Gauge({
    name: 'outpost_long_poll_held',
    help: 'Long-poll syncs held by this hub process right now',
    registers: [registry],
    collect() {
      this.set(deps.heldSyncs());
    },
  });
  return { registry, syncs, pickupSeconds, jobsFinished, logBytes };
}
