import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative, formatSeconds } from './time-format.js';

const NOW = 1_800_000_000_000;

describe('formatRelative', () => {
  it.each([
    { name: 'the same moment', agoMs: 0, text: 'just now' },
    { name: 'a clock a little ahead', agoMs: -3000, text: 'just now' },
    { name: '4.9 s', agoMs: 4900, text: 'just now' },
    { name: '5 s', agoMs: 5000, text: '5 seconds ago' },
    { name: '59 s', agoMs: 59_999, text: '59 seconds ago' },
    { name: '1 min', agoMs: 60_000, text: '1 minute ago' },
    { name: '59 min', agoMs: 59 * 60_000, text: '59 minutes ago' },
    { name: '1 h', agoMs: 3_600_000, text: '1 hour ago' },
    { name: '23 h', agoMs: 23 * 3_600_000, text: '23 hours ago' },
    { name: '1 day', agoMs: 86_400_000, text: '1 day ago' },
    { name: '40 days', agoMs: 40 * 86_400_000, text: '40 days ago' },
  ])('$name → $text', ({ agoMs, text }) => {
    expect(formatRelative(NOW - agoMs, NOW)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-4, '0s'],
    [1.7, '1s'],
    [59, '59s'],
    [60, '1m 00s'],
    [65, '1m 05s'],
    [3599, '59m 59s'],
    [3600, '1h 00m'],
    [7380, '2h 03m'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatSeconds', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [90, '90 seconds'],
    [600, '10 minutes'],
    [3600, '1 hour'],
    [7200, '2 hours'],
    [86400, '1 day'],
    [2592000, '30 days'],
  ])('%d → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
