/**
 * Shutdown reasons and exit codes (spec §2.6–2.7), pure. The hub decides idle timeout, single job and the
 * interruption grace period; the only shutdown the agent starts itself is "unable to sync".
 */
export type ShutdownReason = 'IDLE' | 'JOB_FINISHED' | 'REQUESTED' | 'INTERRUPTED' | 'UNKNOWN' | 'UNABLE_TO_SYNC';

export interface Shutdown {
  /** The value of SEMAPHORE_AGENT_SHUTDOWN_REASON for the shutdown hook. */
  reason: ShutdownReason;
  exitCode: number;
}

const FROM_HUB: Record<string, ShutdownReason> = {
  idle: 'IDLE',
  'job-finished': 'JOB_FINISHED',
  requested: 'REQUESTED',
  interrupted: 'INTERRUPTED',
};

/** A `shutdown` answer: every reason exits 0; an unknown or empty one is UNKNOWN. */
export function shutdownOf(apiReason: string): Shutdown {
  return { reason: FROM_HUB[apiReason] ?? 'UNKNOWN', exitCode: 0 };
}

export const UNABLE_TO_SYNC: Shutdown = { reason: 'UNABLE_TO_SYNC', exitCode: 1 };

/** True once the last successful sync is more than `limitMs` ago (10 minutes in the official agent). */
export function unableToSync(lastSuccessfulSyncMs: number, nowMs: number, limitMs: number): boolean {
  return nowMs - lastSuccessfulSyncMs > limitMs;
}
