import { describe, expect, it } from 'vitest';
import { planLogAppend, trimmedNotice } from './log-budget-policy.js';

describe('planLogAppend', () => {
  it.each([
    { name: 'a batch within the budget is stored whole', baseBytes: 0, eventBytes: [10, 10, 10], budget: 100, expected: { keep: 3, trim: false } },
    { name: 'a batch that exactly fills the budget is stored whole', baseBytes: 70, eventBytes: [10, 10, 10], budget: 100, expected: { keep: 3, trim: false } },
    { name: 'events past the budget are dropped and the log is trimmed — spec §4.4 "422 once the per-job budget is exhausted"', baseBytes: 80, eventBytes: [10, 10, 10], budget: 100, expected: { keep: 2, trim: true } },
    { name: 'a log already at its budget keeps nothing more', baseBytes: 100, eventBytes: [1], budget: 100, expected: { keep: 0, trim: true } },
    { name: 'an empty batch changes nothing', baseBytes: 100, eventBytes: [], budget: 100, expected: { keep: 0, trim: false } },
    { name: 'one event larger than the whole budget is dropped', baseBytes: 0, eventBytes: [101], budget: 100, expected: { keep: 0, trim: true } },
  ])('$name', ({ baseBytes, eventBytes, budget, expected }) => {
    expect(planLogAppend({ baseBytes, eventBytes, budgetBytes: budget })).toEqual(expected);
  });
});

describe('trimmedNotice', () => {
  it.each([
    { name: 'names a budget of whole MiB in MB, like production — spec §4.4', budget: 100 * 1024 * 1024, output: 'Content of the log is bigger than 100MB. Log is trimmed.\n' },
    { name: 'names a small budget in bytes', budget: 2000, output: 'Content of the log is bigger than 2000 bytes. Log is trimmed.\n' },
  ])('$name', ({ budget, output }) => {
    expect(JSON.parse(trimmedNotice(budget, 1_700_000_000_500))).toEqual({ event: 'cmd_output', timestamp: 1_700_000_000, output });
  });
});
