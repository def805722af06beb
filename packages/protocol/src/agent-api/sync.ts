import { Type, type Static } from '@sinclair/typebox';

/** The five states an agent reports (spec §2.2). */
export const AGENT_STATES = ['waiting-for-jobs', 'starting-job', 'running-job', 'stopping-job', 'finished-job'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The actions a hub may answer (spec §2.3). */
export const SYNC_ACTIONS = ['continue', 'run-job', 'stop-job', 'shutdown', 'wait-for-jobs'] as const;
export type SyncAction = (typeof SYNC_ACTIONS)[number];

export const SHUTDOWN_REASONS = ['idle', 'job-finished', 'requested', 'interrupted'] as const;
export type ShutdownReason = (typeof SHUTDOWN_REASONS)[number];

export const JOB_RESULTS = ['passed', 'failed', 'stopped'] as const;
export type JobResult = (typeof JOB_RESULTS)[number];

export const SyncRequest = Type.Object({
  state: Type.Union(AGENT_STATES.map((s) => Type.Literal(s))),
  job_id: Type.String({ maxLength: 200 }),
  job_result: Type.Union([Type.Literal(''), ...JOB_RESULTS.map((r) => Type.Literal(r))]),
  // Unix seconds, stored in a BIGINT column.
  interrupted_at: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
}, { $id: 'SyncRequest' });
export type SyncRequest = Static<typeof SyncRequest>;

/** Always answered with status 200; `next_sync_after` is in milliseconds. */
export const SyncResponse = Type.Object({
  action: Type.Union(SYNC_ACTIONS.map((a) => Type.Literal(a))),
  job_id: Type.String(),
  shutdown_reason: Type.Union([Type.Literal(''), ...SHUTDOWN_REASONS.map((r) => Type.Literal(r))]),
  next_sync_after: Type.Integer({ minimum: 0 }),
}, { $id: 'SyncResponse' });
export type SyncResponse = Static<typeof SyncResponse>;
