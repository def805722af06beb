import { describe, expect, it } from 'vitest';
import { isHearing, nextHearing, startHearing, type HearingEvent, type HearingState } from './hearing-policy.js';

const settings = { stallToleranceMs: 1_000, storeQuietMs: 2_000 };
const T = 1_000_000;
// The monotonic clock runs apart from the wall clock.
const M = 5_000;
const state = (overrides: Partial<HearingState>): HearingState => ({ ...startHearing(T, M), ...overrides });

describe('nextHearing', () => {
  it.each<{ name: string; before: HearingState; event: HearingEvent; since: number; gaps: { cause: string; ms: number }[]; hearing: boolean }>([
    { name: 'a tick on time changes nothing', before: state({}), event: { kind: 'tick', at: T + 250, monotonicAt: M + 250 }, since: T, gaps: [], hearing: true },
    { name: 'a tick just inside the tolerance is no stall', before: state({}), event: { kind: 'tick', at: T + 1_000, monotonicAt: M + 1_000 }, since: T, gaps: [], hearing: true },
    {
      name: 'a tick 90 s late (SIGSTOP) is a stall: every agent counts from now, the gap is reported',
      before: state({}), event: { kind: 'tick', at: T + 90_000, monotonicAt: M + 90_000 }, since: T + 90_000, gaps: [{ cause: 'stall', ms: 90_000 }], hearing: true,
    },
    {
      name: 'a 20 s stall likewise',
      before: state({ hearingSince: T - 50_000 }), event: { kind: 'tick', at: T + 20_000, monotonicAt: M + 20_000 }, since: T + 20_000, gaps: [{ cause: 'stall', ms: 20_000 }], hearing: true,
    },
    {
      name: 'a store error moves the start of hearing to it and opens a failure run',
      before: state({}), event: { kind: 'store-error', at: T + 5_000 }, since: T + 5_000, gaps: [], hearing: false,
    },
    {
      name: 'a later store error moves it again; the run stays open',
      before: state({ storeFailingSince: T, lastStoreErrorAt: T, hearingSince: T }), event: { kind: 'store-error', at: T + 30_000 }, since: T + 30_000, gaps: [], hearing: false,
    },
    {
      name: 'a tick soon after the last store error keeps the run open',
      before: state({ storeFailingSince: T - 30_000, lastStoreErrorAt: T - 500, lastTickMonotonic: M - 250 }), event: { kind: 'tick', at: T, monotonicAt: M }, since: T, gaps: [], hearing: false,
    },
    {
      name: 'a tick after the store stayed quiet closes the run and reports its length',
      before: state({ storeFailingSince: T - 30_000, lastStoreErrorAt: T - 2_001, lastTickMonotonic: M - 250 }), event: { kind: 'tick', at: T, monotonicAt: M }, since: T, gaps: [{ cause: 'store', ms: 27_999 }], hearing: true,
    },
    {
      name: 'a stall during a store failure reports both',
      before: state({ storeFailingSince: T - 10_000, lastStoreErrorAt: T - 9_000, lastTickMonotonic: M - 8_000 }), event: { kind: 'tick', at: T, monotonicAt: M }, since: T, gaps: [{ cause: 'stall', ms: 8_000 }, { cause: 'store', ms: 1_000 }], hearing: true,
    },
    {
      name: 'a tick earlier than the last one (two observers, one clock) is no stall and moves nothing back',
      before: state({ lastTickMonotonic: M + 100 }), event: { kind: 'tick', at: T, monotonicAt: M }, since: T, gaps: [], hearing: true,
    },
    {
      name: 'a wall clock moved forward (a test, an NTP step) without a monotonic gap is no stall',
      before: state({}), event: { kind: 'tick', at: T + 40_000, monotonicAt: M + 250 }, since: T, gaps: [], hearing: true,
    },
  ])('$name', ({ before, event, since, gaps, hearing }) => {
    const after = nextHearing(before, event, settings);
    expect(after.state.hearingSince).toBe(since);
    expect(after.gaps.map((gap) => ({ cause: gap.cause, ms: gap.ms }))).toEqual(gaps);
    expect(isHearing(after.state)).toBe(hearing);
    expect(after.state.lastTickMonotonic).toBeGreaterThanOrEqual(before.lastTickMonotonic);
  });
});
