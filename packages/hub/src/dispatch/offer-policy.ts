import { OFFER_ACCEPT_DEADLINE_MS } from '@outpost/protocol';

/**
 * Offer → accept (DESIGN §2): `run-job` is an offer that the agent accepts by fetching GET /jobs/:id. Until then the
 * job is the agent's only provisionally; these rules say when it goes back to the queue.
 */

export interface OfferFacts {
  state: 'queued' | 'offered' | 'running' | 'finished';
  offerExpiresAt: number | null;
  stopRequested: boolean;
}

export function offerExpiresAt(now: number, deadlineMs: number = OFFER_ACCEPT_DEADLINE_MS): number {
  return now + deadlineMs;
}

/** An offer not fetched by its deadline lapses; a job already accepted or finished is no offer at all. */
export function hasOfferExpired(job: OfferFacts, now: number): boolean {
  return job.state === 'offered' && job.offerExpiresAt !== null && now >= job.offerExpiresAt;
}

/** Where a returned offer goes: back to the queue, or straight to STOPPED when someone asked to stop it meanwhile. */
export function returnedOfferOutcome(job: Pick<OfferFacts, 'stopRequested'>): 'requeue' | 'stop' {
  return job.stopRequested ? 'stop' : 'requeue';
}
