/**
 * The one pause every loop of the hub and the agent uses: the listener between syncs, the log shipper between
 * pushes, a held long-poll sync and a followed job log. It lives in the contract package because the hub and the
 * agent may not import each other; it needs no imports (timers and AbortSignal are globals).
 */

/** How a wait ended. */
export type WaitEnd = 'elapsed' | 'woken' | 'aborted';

/** Ends waits early. Only waits in progress hear a wake: one with nobody waiting is not kept (callers that need
 * a wake-up remembered keep a flag and skip the wait). */
export interface Wake {
  /** Ends every wait in progress on this wake with 'woken'; false when nobody was waiting. */
  wake(): boolean;
  /** True while a wait listens on this wake. */
  isWaiting(): boolean;
}

// setTimeout fires at once (with a warning) beyond this; a longer wait ends only on a wake or an abort.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const listeners = new WeakMap<Wake, Set<() => void>>();

export function createWake(): Wake {
  const waiting = new Set<() => void>();
  const wake: Wake = {
    wake() {
      if (waiting.size === 0) return false;
      for (const end of [...waiting]) end();
      return true;
    },
    isWaiting: () => waiting.size > 0,
  };
  listeners.set(wake, waiting);
  return wake;
}

/**
 * Resolves after `ms` ('elapsed'; never on its own when `ms` is Infinity), or earlier when `signal` aborts
 * ('aborted') or `wake` is woken ('woken'). An aborted signal wins over `ms <= 0`. However it ends, it leaves no
 * timer, no abort listener and no wake listener behind.
 */
export function waitOrWake(ms: number, signal?: AbortSignal, wake?: Wake): Promise<WaitEnd> {
  if (signal?.aborted) return Promise.resolve('aborted');
  if (ms <= 0) return Promise.resolve('elapsed');
  const waiting = wake ? listeners.get(wake) : undefined;
  if (wake && !waiting) throw new TypeError('waitOrWake: the wake was not made by createWake()');
  return new Promise((resolve) => {
    const end = (how: WaitEnd) => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      waiting?.delete(onWake);
      resolve(how);
    };
    const onAbort = () => end('aborted');
    const onWake = () => end('woken');
    const timer = ms <= LONGEST_TIMER_MS ? setTimeout(() => end('elapsed'), ms) : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    waiting?.add(onWake);
  });
}
