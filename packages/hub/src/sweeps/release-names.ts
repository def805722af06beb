import type { HubServices } from '../services.js';
import { releaseExpiredNames } from '../store/agents.js';
import { runEvery, type Sweep } from './run-sweep.js';

/**
 * Frees names held after a disconnect once release_after has passed. Production sweeps once a minute; every
 * `sweepIntervalMs` (≈1 s) here, so a name is free within a second or two of its deadline.
 */
export function startReleaseNamesSweep(services: Pick<HubServices, 'store' | 'log' | 'now' | 'config'>): Sweep {
  const log = services.log.child({ component: 'release-names' });
  return runEvery(
    'release-names',
    services.config.sweepIntervalMs,
    async () => {
      const released = await releaseExpiredNames(services.store.db, services.now());
      for (const row of released) log.info({ agentId: row.id, agentName: row.name, orgId: row.org_id }, 'agent name released');
    },
    log,
  );
}
