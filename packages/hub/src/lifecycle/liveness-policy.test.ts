import { describe, expect, it } from 'vitest';
import { isAgentLost, longPollHoldCapMs, shortestSilenceAllowedMs, silenceAllowedMs, type LivenessFacts } from './liveness-policy.js';

const settings = { lostAfterMs: 30_000, missedSyncs: 3, writeBehindMs: 0 };
const writeBehind = { ...settings, writeBehindMs: 1_000 };
const NOW = 1_000_000;
const facts = (overrides: Partial<LivenessFacts>): LivenessFacts => ({
  lastSyncAt: NOW,
  connectedAt: NOW - 60_000,
  longPoll: false,
  syncIntervalMs: 5_000,
  hearingSince: 0,
  ...overrides,
});

describe('isAgentLost', () => {
  it.each([
    { name: 'a long-polling agent silent for 30 s is not yet lost', agent: facts({ longPoll: true, lastSyncAt: NOW - 30_000 }), expected: false },
    { name: 'a long-polling agent silent for over 30 s is lost — issue §6 "≤ 30 s for a long-polling agent"', agent: facts({ longPoll: true, lastSyncAt: NOW - 30_001 }), expected: true },
    { name: 'a polling agent within three idle maxima (18 s) is alive', agent: facts({ lastSyncAt: NOW - 18_000 }), expected: false },
    { name: 'a polling agent past three missed idle intervals is lost — issue §6 "a few missed intervals"', agent: facts({ lastSyncAt: NOW - 18_001 }), expected: true },
    { name: 'a running polling agent (12 s interval) gets three of those (36 s)', agent: facts({ syncIntervalMs: 12_000, lastSyncAt: NOW - 35_000 }), expected: false },
    { name: 'a running polling agent silent past 36 s is lost', agent: facts({ syncIntervalMs: 12_000, lastSyncAt: NOW - 36_001 }), expected: true },
    { name: 'a registered agent that never synced counts from connected_at', agent: facts({ lastSyncAt: null, syncIntervalMs: 0, connectedAt: NOW - 18_001 }), expected: true },
    { name: 'a just-registered agent that never synced is alive', agent: facts({ lastSyncAt: null, syncIntervalMs: 0, connectedAt: NOW - 1_000 }), expected: false },
    { name: 'after a hub restart a running agent silent through the outage gets a full allowance from the restart', agent: facts({ longPoll: true, lastSyncAt: NOW - 120_000, hearingSince: NOW - 29_000 }), expected: false },
    { name: 'and is lost once that allowance passes without a sync', agent: facts({ longPoll: true, lastSyncAt: NOW - 120_000, hearingSince: NOW - 30_001 }), expected: true },
    { name: 'a polling agent silent through the outage likewise counts from the restart', agent: facts({ lastSyncAt: NOW - 300_000, hearingSince: NOW - 10_000 }), expected: false },
  ])('$name', ({ agent, expected }) => {
    expect(isAgentLost(agent, NOW, settings)).toBe(expected);
  });

  it.each([
    { name: 'a polling agent whose last syncs may still wait in another hub\'s buffer gets the flush interval more', agent: facts({ lastSyncAt: NOW - 19_000 }), expected: false },
    { name: 'and is lost past three idle maxima and the flush interval', agent: facts({ lastSyncAt: NOW - 19_001 }), expected: true },
    { name: 'a long-polling agent likewise gets 30 s and the flush interval', agent: facts({ longPoll: true, lastSyncAt: NOW - 31_000 }), expected: false },
    { name: 'and is lost past them', agent: facts({ longPoll: true, lastSyncAt: NOW - 31_001 }), expected: true },
  ])('with a 1 s write-behind: $name', ({ agent, expected }) => {
    expect(isAgentLost(agent, NOW, writeBehind)).toBe(expected);
  });
});

describe('longPollHoldCapMs', () => {
  it.each([
    { name: 'a modest ask is honoured', requested: 10_000, lostAfter: 30_000, expected: 10_000 },
    { name: 'an ask over the protocol cap is cut to 25 s', requested: 60_000, lostAfter: 60_000, expected: 25_000 },
    { name: 'the hold stays under 80% of the lost threshold so a live agent is never declared lost', requested: 25_000, lostAfter: 30_000, expected: 24_000 },
    { name: 'a short lost threshold (tests) shortens the hold', requested: 25_000, lostAfter: 1_000, expected: 800 },
    { name: 'no ask, no hold', requested: 0, lostAfter: 30_000, expected: 0 },
  ])('$name', ({ requested, lostAfter, expected }) => {
    expect(longPollHoldCapMs(requested, lostAfter)).toBe(expected);
  });
});

describe('shortestSilenceAllowedMs', () => {
  it.each([
    { name: 'polling agents are the first to count as lost: three idle maxima (18 s)', settings: { lostAfterMs: 30_000, missedSyncs: 3, writeBehindMs: 0 }, expected: 18_000 },
    { name: 'a lost threshold below that makes long-polling agents the first', settings: { lostAfterMs: 5_000, missedSyncs: 3, writeBehindMs: 0 }, expected: 5_000 },
    { name: 'the write-behind interval is added, as to every allowance', settings: { lostAfterMs: 30_000, missedSyncs: 3, writeBehindMs: 1_000 }, expected: 19_000 },
  ])('$name', ({ settings: given, expected }) => {
    expect(shortestSilenceAllowedMs(given)).toBe(expected);
  });

  it.each([
    { name: 'a long-polling agent', agent: { longPoll: true, syncIntervalMs: 0 } },
    { name: 'an idle polling agent', agent: { longPoll: false, syncIntervalMs: 5_000 } },
    { name: 'a busy polling agent', agent: { longPoll: false, syncIntervalMs: 12_000 } },
  ])('is never more than the allowance of $name', ({ agent }) => {
    expect(shortestSilenceAllowedMs(settings)).toBeLessThanOrEqual(silenceAllowedMs(agent, settings));
    expect(shortestSilenceAllowedMs(writeBehind)).toBeLessThanOrEqual(silenceAllowedMs(agent, writeBehind));
  });
});
