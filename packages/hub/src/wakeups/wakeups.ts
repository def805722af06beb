/**
 * Wake-ups tell a held long-poll sync that something concerns it. They are hints: the woken sync re-reads the
 * store and decides; a lost wake-up only costs the agent its next regular sync. In SQLite mode they stay in the
 * process; pg-wakeups.ts carries the same topics over LISTEN/NOTIFY when several hubs share PostgreSQL.
 */
export type WakeupTopic = `agent:${string}` | `agent-type:${string}` | `job:${string}`;

export interface Wakeups {
  /** Calls `listener` on the next notify of the topic; returns an unsubscribe function. */
  subscribe(topic: WakeupTopic, listener: () => void): () => void;
  notify(topic: WakeupTopic): void;
  close(): Promise<void>;
}

export function createInProcessWakeups(): Wakeups {
  const listeners = new Map<string, Set<() => void>>();
  return {
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(topic);
      };
    },
    notify(topic) {
      for (const listener of [...(listeners.get(topic) ?? [])]) listener();
    },
    async close() {
      listeners.clear();
    },
  };
}
