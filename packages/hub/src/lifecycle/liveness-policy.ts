import { LONG_POLL_MAX_SECONDS, SYNC_INTERVAL_IDLE_MAX_MS } from '@outpost/protocol';

/**
 * When an agent that stopped syncing counts as lost (issue "Jobs on the hub" §6). A long-polling agent is held at
 * most `longPollHoldCapMs`, so it is back well within `lostAfterMs`; a polling agent is lost after `missedSyncs`
 * of the intervals the hub handed it (never shorter than the idle maximum, since the agent picks 3–6 s itself after
 * a failed sync, spec §2.1).
 */
export interface LivenessSettings {
  lostAfterMs: number;
  missedSyncs: number;
  /**
   * How long a sync that changed nothing may wait in a hub's write-behind buffer before its time reaches the store
   * (dispatch/last-sync-buffer.ts): another hub sharing the database sees it that much later, so silence is allowed it.
   */
  writeBehindMs: number;
}

export interface LivenessFacts {
  lastSyncAt: number | null;
  connectedAt: number;
  longPoll: boolean;
  /** The last next_sync_after handed out; 0 before the first sync. */
  syncIntervalMs: number;
  /**
   * Since when this hub has heard agents without a gap of its own (its start, the end of an event-loop stall, its
   * last store error, hearing-policy.ts): agents could not be heard before, so silence counts from then at the earliest.
   */
  hearingSince: number;
}

export function silenceAllowedMs(agent: Pick<LivenessFacts, 'longPoll' | 'syncIntervalMs'>, settings: LivenessSettings): number {
  if (agent.longPoll) return settings.lostAfterMs + settings.writeBehindMs;
  return settings.missedSyncs * Math.max(agent.syncIntervalMs, SYNC_INTERVAL_IDLE_MAX_MS) + settings.writeBehindMs;
}

/** The least silence that can make any agent lost: agents heard from more recently need no closer look. */
export function shortestSilenceAllowedMs(settings: LivenessSettings): number {
  return Math.min(settings.lostAfterMs, settings.missedSyncs * SYNC_INTERVAL_IDLE_MAX_MS) + settings.writeBehindMs;
}

export function isAgentLost(agent: LivenessFacts, now: number, settings: LivenessSettings): boolean {
  const lastSeen = Math.max(agent.lastSyncAt ?? agent.connectedAt, agent.hearingSince);
  return now - lastSeen > silenceAllowedMs(agent, settings);
}

/** The longest a long-poll sync is held: the agent's ask, under the protocol cap and 80% of the lost threshold. */
export function longPollHoldCapMs(requestedMs: number, lostAfterMs: number): number {
  return Math.max(0, Math.min(requestedMs, LONG_POLL_MAX_SECONDS * 1000, Math.floor(lostAfterMs * 0.8)));
}
