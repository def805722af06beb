import type { Logger } from 'pino';
import { isHearing, nextHearing, startHearing, type HearingEvent, type HearingSettings, type HearingState } from './hearing-policy.js';

/**
 * This process's record of when it could not hear agents (hearing-policy.ts): a clock that ticks every `tickMs`
 * notices an event-loop stall, the store reports its failures, and the lost-agent sweep asks `observe()` before it
 * judges anyone — a sweep that fires late after a stall sees the stall itself, before any queued sync is read.
 */
export interface Hearing {
  /** Takes the clock now (noticing a stall) and answers since when agents have been heard without a gap. */
  observe(): { hearingSince: number; hearing: boolean };
  storeFailed(): void;
  close(): void;
}

export interface HearingDeps {
  now: () => number;
  /** The monotonic clock stalls are measured on (performance.now). */
  monotonic: () => number;
  log: Logger;
  tickMs: number;
  settings: HearingSettings;
}

export function createHearing(deps: HearingDeps): Hearing {
  const log = deps.log.child({ component: 'hearing' });
  let state: HearingState = startHearing(deps.now(), deps.monotonic());
  const apply = (event: HearingEvent) => {
    const wasHearing = isHearing(state);
    const next = nextHearing(state, event, deps.settings);
    state = next.state;
    if (wasHearing && !isHearing(state)) log.warn('the store is failing; no agent is declared lost until it answers again');
    for (const gap of next.gaps) {
      const what = gap.cause === 'stall' ? 'the hub was stalled' : 'the store was failing';
      log.warn({ cause: gap.cause, gapMs: Math.round(gap.ms), from: new Date(gap.startedAt).toISOString() }, `${what}; every agent gets a full lost-agent threshold from now`);
    }
  };
  const tick = () => apply({ kind: 'tick', at: deps.now(), monotonicAt: deps.monotonic() });
  const timer = setInterval(tick, deps.tickMs);
  timer.unref();
  return {
    observe() {
      tick();
      return { hearingSince: state.hearingSince, hearing: isHearing(state) };
    },
    storeFailed: () => apply({ kind: 'store-error', at: deps.now() }),
    close: () => clearInterval(timer),
  };
}
