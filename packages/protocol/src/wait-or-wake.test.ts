import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWake, waitOrWake, type Wake, type WaitEnd } from './wait-or-wake.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Settles on the next turn: the end of a wait, or 'pending' when it has not ended. */
async function state(wait: Promise<WaitEnd>): Promise<WaitEnd | 'pending'> {
  return Promise.race([wait, Promise.resolve().then(() => 'pending' as const)]);
}

interface Row {
  name: string;
  ms: number;
  /** What happens while the wait is in progress, in order. */
  steps: Array<{ advanceMs: number } | 'abort' | 'wake'>;
  abortFirst?: boolean;
  expected: WaitEnd | 'pending';
}

const rows: Row[] = [
  { name: 'ends once ms have passed', ms: 100, steps: [{ advanceMs: 100 }], expected: 'elapsed' },
  { name: 'is still waiting a moment before', ms: 100, steps: [{ advanceMs: 99 }], expected: 'pending' },
  { name: 'ends early when woken', ms: 100, steps: [{ advanceMs: 50 }, 'wake'], expected: 'woken' },
  { name: 'ends early when the signal aborts', ms: 100, steps: [{ advanceMs: 50 }, 'abort'], expected: 'aborted' },
  { name: 'an already aborted signal ends it at once', ms: 100, steps: [], abortFirst: true, expected: 'aborted' },
  { name: 'an already aborted signal wins over ms <= 0', ms: 0, steps: [], abortFirst: true, expected: 'aborted' },
  { name: 'ms <= 0 ends at once', ms: 0, steps: [], expected: 'elapsed' },
  { name: 'a negative ms ends at once', ms: -5, steps: [], expected: 'elapsed' },
  { name: 'Infinity never elapses on its own', ms: Infinity, steps: [{ advanceMs: 10 * 365 * 86_400_000 }], expected: 'pending' },
  { name: 'Infinity ends when woken', ms: Infinity, steps: [{ advanceMs: 60_000 }, 'wake'], expected: 'woken' },
  { name: 'beyond the timer limit it waits for a wake only', ms: 2 ** 40, steps: [{ advanceMs: 1 }], expected: 'pending' },
  { name: 'the first of wake and abort decides', ms: 100, steps: ['wake', 'abort'], expected: 'woken' },
];

describe('waitOrWake', () => {
  it.each(rows)('$name', async ({ ms, steps, abortFirst, expected }) => {
    const controller = new AbortController();
    const wake = createWake();
    if (abortFirst) controller.abort();
    const wait = waitOrWake(ms, controller.signal, wake);
    for (const step of steps) {
      if (step === 'abort') controller.abort();
      else if (step === 'wake') wake.wake();
      else await vi.advanceTimersByTimeAsync(step.advanceMs);
    }
    expect(await state(wait)).toBe(expected);
    if (expected === 'pending') controller.abort();
    await wait;
    expectNothingLeft(controller.signal, wake);
  });

  it.each(['elapsed', 'woken'] as const)('leaves nothing on a long-lived signal after 100 waits that end %s', async (how) => {
    const closed = new AbortController();
    const wake = createWake();
    for (let i = 0; i < 100; i++) {
      const wait = waitOrWake(1_000, closed.signal, wake);
      if (how === 'elapsed') await vi.advanceTimersByTimeAsync(1_000);
      else wake.wake();
      expect(await wait).toBe(how);
    }
    expectNothingLeft(closed.signal, wake);
  });

  it('does without a signal or a wake', async () => {
    const wait = waitOrWake(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(await wait).toBe('elapsed');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createWake', () => {
  it('wakes every wait in progress and says whether there was one', async () => {
    const wake = createWake();
    expect(wake.isWaiting()).toBe(false);
    const first = waitOrWake(1_000, undefined, wake);
    const second = waitOrWake(Infinity, undefined, wake);
    expect(wake.isWaiting()).toBe(true);
    expect(wake.wake()).toBe(true);
    expect(await Promise.all([first, second])).toEqual(['woken', 'woken']);
    expect(wake.isWaiting()).toBe(false);
    expect(wake.wake()).toBe(false);
  });

  it('does not keep a wake with nobody waiting: the next wait runs its full time', async () => {
    const wake = createWake();
    expect(wake.wake()).toBe(false);
    const wait = waitOrWake(100, undefined, wake);
    expect(await state(wait)).toBe('pending');
    await vi.advanceTimersByTimeAsync(100);
    expect(await wait).toBe('elapsed');
  });

  it('refuses a wake it did not make', () => {
    const counterfeit: Wake = { wake: () => false, isWaiting: () => false };
    expect(() => waitOrWake(10, undefined, counterfeit)).toThrow(/createWake/);
  });
});

function expectNothingLeft(signal: AbortSignal, wake: Wake): void {
  expect(vi.getTimerCount()).toBe(0);
  expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  expect(wake.isWaiting()).toBe(false);
}
