import type { Logger } from 'pino';
import type { Store } from '../store/database.js';
import { writeLastSyncs } from '../store/agent-sync.js';

/**
 * The write-behind of syncs that changed nothing (dispatch/sync-write-policy.ts): their time is kept here and written
 * for every agent in one transaction each `flushIntervalMs`, instead of one commit per sync. The lost-agent sweep
 * flushes before it reads, and close() flushes before the store closes.
 */
export interface LastSyncBuffer {
  /** Notes a sync at `at`; the latest one per agent is written at the next flush. */
  note(agentId: string, at: number): void;
  /** Writes what is buffered; resolves when written (or, on a store error, kept for the next flush and logged). */
  flush(): Promise<void>;
  /** Syncs waiting for the next flush (for tests and metrics). */
  pendingCount(): number;
  /** False from a failed flush until one succeeds: syncs are then written at once (sync-write-policy.ts). */
  flushing(): boolean;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
}

export function createLastSyncBuffer(deps: { store: Store; log: Logger; flushIntervalMs: number }): LastSyncBuffer {
  const log = deps.log.child({ component: 'last-sync-buffer' });
  let pending = new Map<string, number>();
  let lastFlushFailed = false;
  // Flushes run one after another, so a later one never overtakes an earlier one's rows.
  let flushing: Promise<void> = Promise.resolve();

  const writeBatch = async (): Promise<void> => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await writeLastSyncs(deps.store.db, batch);
      lastFlushFailed = false;
    } catch (err) {
      lastFlushFailed = true;
      for (const [agentId, at] of batch) keepLatest(pending, agentId, at);
      log.warn({ err, agents: batch.size }, 'writing the buffered sync times failed; they are kept for the next flush');
    }
  };
  const flush = (): Promise<void> => (flushing = flushing.then(writeBatch));
  const timer = setInterval(() => void flush(), deps.flushIntervalMs);
  timer.unref();

  return {
    note: (agentId, at) => keepLatest(pending, agentId, at),
    flush,
    pendingCount: () => pending.size,
    flushing: () => !lastFlushFailed,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

function keepLatest(times: Map<string, number>, agentId: string, at: number): void {
  const known = times.get(agentId);
  if (known === undefined || known < at) times.set(agentId, at);
}
