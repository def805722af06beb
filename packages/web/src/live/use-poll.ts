import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Fetch again now (after an action), without waiting for the next tick. */
  refresh(): void;
}

/**
 * Calls `load` now and then `intervalMs` after each answer (never two at once), keeps the last good data through a
 * failed round, and stops on unmount. `keep` lets a caller reuse unchanged objects so memoised rows skip rendering.
 * `settled` ends the polling once an answer says nothing more will change (a finished pipeline); `refresh` still
 * fetches on demand.
 */
export function usePoll<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  deps: readonly unknown[],
  keep?: (previous: T | undefined, next: T) => T,
  settled?: (data: T) => boolean,
): Polled<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined }>({ data: undefined, error: undefined });
  const kick = useRef<() => void>(() => {});

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let again = false;
    const round = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(timer);
      let done = false;
      try {
        const next = await load(controller.signal);
        if (controller.signal.aborted) return;
        done = settled?.(next) ?? false;
        setState((previous) => ({ data: keep ? keep(previous.data, next) : next, error: undefined }));
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((previous) => ({ data: previous.data, error: error as Error }));
      } finally {
        running = false;
      }
      if (controller.signal.aborted) return;
      if (again) {
        again = false;
        void round();
      } else if (!done) {
        timer = setTimeout(() => void round(), intervalMs);
      }
    };
    kick.current = () => void round();
    void round();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // The caller's deps decide when to start over (load and keep close over the same values).
  }, deps);

  const refresh = useCallback(() => kick.current(), []);
  return { data: state.data, error: state.error, refresh };
}
