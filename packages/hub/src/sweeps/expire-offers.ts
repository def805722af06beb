import type { HubServices } from '../services.js';
import { findExpiredOffers } from '../store/jobs.js';
import { hasOfferExpired } from '../dispatch/offer-policy.js';
import { guardFor } from '../lifecycle/job-policy.js';
import { applyJobEvent } from '../lifecycle/jobs.js';
import { runEvery, type Sweep } from './run-sweep.js';

// A run handles at most this many; the next run (≈1 s later) takes the rest.
const BATCH = 500;
const RETURNABLE = guardFor('return-offer');

/** Offers not fetched by their deadline go back to the queue (DESIGN §2), waking another agent of the type. */
export function startExpireOffersSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'expire-offers' });
  return runEvery('expire-offers', services.config.sweepIntervalMs, () => expireOffers(services), log);
}

export async function expireOffers(services: HubServices): Promise<void> {
  const now = services.now();
  for (const job of await findExpiredOffers(services.store.db, RETURNABLE, now, BATCH)) {
    if (!job.agent_id || !hasOfferExpired({ offerExpiresAt: job.offer_expires_at }, now)) continue;
    await applyJobEvent(services, job, { event: 'return-offer' }, { agentId: job.agent_id, why: 'offer expired' });
  }
}
