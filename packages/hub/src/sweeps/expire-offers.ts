import type { HubServices } from '../services.js';
import { findExpiredOffers } from '../store/jobs.js';
import { hasOfferExpired } from '../dispatch/offer-policy.js';
import { returnOffer } from '../lifecycle/jobs.js';
import { runEvery, type Sweep } from './run-sweep.js';

// A run handles at most this many; the next run (≈1 s later) takes the rest.
const BATCH = 500;

/** Offers not fetched by their deadline go back to the queue (DESIGN §2), waking another agent of the type. */
export function startExpireOffersSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'expire-offers' });
  return runEvery('expire-offers', services.config.sweepIntervalMs, () => expireOffers(services), log);
}

export async function expireOffers(services: HubServices): Promise<void> {
  const now = services.now();
  for (const job of await findExpiredOffers(services.store.db, now, BATCH)) {
    const facts = { state: job.state, offerExpiresAt: job.offer_expires_at, stopRequested: job.stop_requested_at !== null };
    if (!job.agent_id || !hasOfferExpired(facts, now)) continue;
    await returnOffer(services, { jobId: job.id, agentId: job.agent_id, why: 'offer expired' });
  }
}
