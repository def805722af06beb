import { describe, expect, it } from 'vitest';
import { hasOfferExpired, offerExpiresAt, returnedOfferOutcome, type OfferFacts } from './offer-policy.js';

const NOW = 50_000;
const offer = (overrides: Partial<OfferFacts>): OfferFacts => ({ state: 'offered', offerExpiresAt: NOW, stopRequested: false, ...overrides });

describe('hasOfferExpired', () => {
  it.each([
    { name: 'an offer at its deadline has expired — DESIGN §2 "not fetched within a deadline goes back"', job: offer({}), expected: true },
    { name: 'an offer past its deadline has expired', job: offer({ offerExpiresAt: NOW - 1 }), expected: true },
    { name: 'an offer before its deadline stands', job: offer({ offerExpiresAt: NOW + 1 }), expected: false },
    { name: 'an accepted (running) job is no longer an offer', job: offer({ state: 'running', offerExpiresAt: NOW - 1 }), expected: false },
    { name: 'a finished job is no offer', job: offer({ state: 'finished', offerExpiresAt: NOW - 1 }), expected: false },
    { name: 'a queued job has no offer to expire', job: offer({ state: 'queued', offerExpiresAt: null }), expected: false },
  ])('$name', ({ job, expected }) => {
    expect(hasOfferExpired(job, NOW)).toBe(expected);
  });
});

describe('offerExpiresAt', () => {
  it.each([
    { name: 'the default deadline is OFFER_ACCEPT_DEADLINE_MS (10 s)', deadline: undefined, expected: NOW + 10_000 },
    { name: 'a configured deadline is used as given', deadline: 250, expected: NOW + 250 },
  ])('$name', ({ deadline, expected }) => {
    expect(offerExpiresAt(NOW, deadline)).toBe(expected);
  });
});

describe('returnedOfferOutcome', () => {
  it.each([
    { name: 'a returned offer goes back to the queue', stopRequested: false, expected: 'requeue' },
    { name: 'a returned offer whose job was stopped meanwhile ends STOPPED instead of running later', stopRequested: true, expected: 'stop' },
  ])('$name', ({ stopRequested, expected }) => {
    expect(returnedOfferOutcome({ stopRequested })).toBe(expected);
  });
});
