/**
 * Whether a sync must write the agent's row now, or only its time of sync, later (write-behind): an idle or running
 * agent syncs every few seconds with nothing new to say, and a write per sync cost a WAL commit each. The row's facts
 * (state, interruption, how the agent syncs) are written at once, because decisions and other hubs read them; the
 * time of a sync that changed nothing may lag by the flush interval (liveness allows for it, liveness-policy.ts).
 */

/** What the agent's row says now. */
export interface StoredSyncFacts {
  state: string;
  /** null until the first sync: a registration may be renewed until then (name-policy.ts), so that one is written. */
  lastSyncAt: number | null;
  interruptedAt: number | null;
  longPoll: boolean;
  syncIntervalMs: number;
}

/** What this sync would record. */
export interface IncomingSyncFacts {
  state: string;
  interrupted: boolean;
  longPoll: boolean;
  syncIntervalMs: number;
}

export type SyncWrite = 'write-now' | 'write-behind';

/**
 * `flushing`: the buffer's last flush succeeded. While the store refuses writes, syncs write at once and are refused
 * (503) as before, instead of being answered while their times pile up in memory where no other hub sees them.
 */
export function decideSyncWrite(stored: StoredSyncFacts, incoming: IncomingSyncFacts, flushing: boolean): SyncWrite {
  const changes =
    !flushing ||
    stored.lastSyncAt === null ||
    stored.state !== incoming.state ||
    (incoming.interrupted && stored.interruptedAt === null) ||
    stored.longPoll !== incoming.longPoll ||
    stored.syncIntervalMs !== incoming.syncIntervalMs;
  return changes ? 'write-now' : 'write-behind';
}
