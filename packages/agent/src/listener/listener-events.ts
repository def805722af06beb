import type { SyncAnswer } from '../hub-client/hub-client.js';
import type { Shutdown } from './shutdown-policy.js';

/**
 * What the listener did, as typed events (STYLE §10.6): tests await these instead of reading the agent log, and
 * `agent start` sends them to a parent process over IPC when it has one. Plain data, so they survive serialisation.
 */
export type ListenerEvent =
  | { kind: 'registered'; name: string }
  | { kind: 'synced'; answer: SyncAnswer }
  | { kind: 'sync-failed'; message: string }
  /** An answer the agent does not obey in its state (spec §2.3; the official agent would misbehave). */
  | { kind: 'ignored'; action: string; jobId: string; why: string }
  /** SIGTERM/SIGINT: `repeated` ones are only logged; before registration the agent just leaves. */
  | { kind: 'interrupted'; repeated: boolean; registered: boolean }
  /** A log batch the hub did not take (`status` null: it was unreachable); the batch is sent again. */
  | { kind: 'log-push-failed'; jobId: string; startFrom: number; status: number | null }
  | { kind: 'shutdown'; shutdown: Shutdown };
