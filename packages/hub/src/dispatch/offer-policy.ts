import { OFFER_ACCEPT_DEADLINE_MS } from '@outpost/protocol';

/**
 * Offer → accept (DESIGN §2): `run-job` is an offer that the agent accepts by fetching GET /jobs/:id within a
 * deadline. This file holds the deadline arithmetic; what happens to an offer that lapses is the job state
 * machine's (lifecycle/job-policy.ts, event `return-offer`).
 */
export function offerExpiresAt(now: number, deadlineMs: number = OFFER_ACCEPT_DEADLINE_MS): number {
  return now + deadlineMs;
}

/** An offer not fetched by its deadline has lapsed; accepting or finishing a job clears its deadline. */
export function hasOfferExpired(job: { offerExpiresAt: number | null }, now: number): boolean {
  return job.offerExpiresAt !== null && now >= job.offerExpiresAt;
}
