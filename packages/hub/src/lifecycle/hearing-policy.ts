/**
 * The hub's own deafness (issue 16): while its event loop is stalled (SIGSTOP, a long GC, a sweep firing late) or
 * its store fails, agents' syncs are not read or not recorded, so their silence then is the hub's, not theirs.
 * This policy keeps `hearingSince`, the moment from which every agent gets a full lost-agent threshold again, and
 * reports each gap once so the hub can log how long it was deaf.
 */
export interface HearingState {
  hearingSince: number;
  /** When the hub's clock tick (or a sweep) last ran, on the monotonic clock (a test's shifted wall clock is no stall). */
  lastTickMonotonic: number;
  /** When the current run of store errors began; null while the store answers. */
  storeFailingSince: number | null;
  lastStoreErrorAt: number;
}

export interface HearingSettings {
  /** A tick later than this after the previous one means the event loop was stalled. */
  stallToleranceMs: number;
  /** A run of store errors ends after this long without another. */
  storeQuietMs: number;
}

export type HearingEvent = { kind: 'tick'; at: number; monotonicAt: number } | { kind: 'store-error'; at: number };

export interface HearingGap {
  cause: 'stall' | 'store';
  startedAt: number;
  endedAt: number;
  ms: number;
}

export function startHearing(at: number, monotonicAt: number): HearingState {
  return { hearingSince: at, lastTickMonotonic: monotonicAt, storeFailingSince: null, lastStoreErrorAt: 0 };
}

export function nextHearing(state: HearingState, event: HearingEvent, settings: HearingSettings): { state: HearingState; gaps: HearingGap[] } {
  if (event.kind === 'store-error') {
    // Every failed write may be a sync not recorded: agents count from the last one at the earliest.
    const storeFailingSince = state.storeFailingSince ?? event.at;
    return { state: { ...state, storeFailingSince, lastStoreErrorAt: event.at, hearingSince: Math.max(state.hearingSince, event.at) }, gaps: [] };
  }
  const gaps: HearingGap[] = [];
  let next: HearingState = { ...state, lastTickMonotonic: Math.max(state.lastTickMonotonic, event.monotonicAt) };
  const late = event.monotonicAt - state.lastTickMonotonic;
  if (late > settings.stallToleranceMs) {
    // Requests that came during the stall are still unread: the threshold starts again now.
    gaps.push({ cause: 'stall', startedAt: event.at - late, endedAt: event.at, ms: late });
    next.hearingSince = Math.max(next.hearingSince, event.at);
  }
  if (state.storeFailingSince !== null && event.at - state.lastStoreErrorAt > settings.storeQuietMs) {
    gaps.push({ cause: 'store', startedAt: state.storeFailingSince, endedAt: state.lastStoreErrorAt, ms: state.lastStoreErrorAt - state.storeFailingSince });
    next = { ...next, storeFailingSince: null };
  }
  return { state: next, gaps };
}

/** Whether the hub hears agents now: no store failure run is open. A sweep judges no one while it is deaf. */
export function isHearing(state: HearingState): boolean {
  return state.storeFailingSince === null;
}
