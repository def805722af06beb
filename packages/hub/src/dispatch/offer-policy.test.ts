import { describe, expect, it } from 'vitest';
import { hasOfferExpired, offerExpiresAt } from './offer-policy.js';

const NOW = 50_000;

describe('hasOfferExpired', () => {
  it.each([
    { name: 'an offer at its deadline has expired — DESIGN §2 "not fetched within a deadline goes back"', offerExpiresAt: NOW, expected: true },
    { name: 'an offer past its deadline has expired', offerExpiresAt: NOW - 1, expected: true },
    { name: 'an offer before its deadline stands', offerExpiresAt: NOW + 1, expected: false },
    { name: 'a job without a deadline (queued, accepted or finished) has no offer to expire', offerExpiresAt: null, expected: false },
  ])('$name', ({ offerExpiresAt: deadline, expected }) => {
    expect(hasOfferExpired({ offerExpiresAt: deadline }, NOW)).toBe(expected);
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
