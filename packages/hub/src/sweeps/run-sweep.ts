import type { Logger } from 'pino';

export interface Sweep {
  close(): Promise<void>;
  /** Runs the sweep once now (tests and wake-ups); resolves when that run ends. */
  runNow(): Promise<void>;
}

/**
 * Runs `fn` every `intervalMs` with ±20% jitter so replicas sharing PostgreSQL do not sweep in lockstep. Runs never
 * overlap; a failing run is logged and the next one goes on (sweeps are conditional UPDATEs, safe to repeat).
 */
export function runEvery(name: string, intervalMs: number, fn: () => Promise<void>, log: Logger): Sweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const runOnce = (): Promise<void> => {
    if (running) return running;
    running = fn()
      .catch((err: unknown) => log.error({ err, sweep: name }, 'sweep failed; retrying on the next interval'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = () => {
    if (closed) return;
    const jitter = intervalMs * (0.8 + Math.random() * 0.4);
    timer = setTimeout(() => void runOnce().then(schedule), jitter);
    timer.unref();
  };
  schedule();

  return {
    runNow: runOnce,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
