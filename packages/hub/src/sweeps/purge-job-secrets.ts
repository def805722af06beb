import type { HubServices } from '../services.js';
import { purgeFinishedJobSecrets } from '../store/secrets.js';
import { runEvery, type Sweep } from './run-sweep.js';

/**
 * A finished job's copy of its secrets is kept while its logs can still arrive (they are masked with it) and deleted
 * once its log token expired: a deleted or rotated secret then lives on in no job. Every 10 sweep intervals is often
 * enough for that; job_secrets holds only the copies not yet purged, so a run reads little.
 */
export function startPurgeJobSecretsSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'purge-job-secrets' });
  return runEvery(
    'purge-job-secrets',
    services.config.sweepIntervalMs * 10,
    async () => {
      const purged = await purgeFinishedJobSecrets(services.store.db, services.now());
      if (purged > 0) log.debug({ purged }, 'job secret copies deleted');
    },
    log,
  );
}
