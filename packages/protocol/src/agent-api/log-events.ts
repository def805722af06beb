import { Type, type Static } from '@sinclair/typebox';
import { JOB_RESULTS } from './sync.js';
import { LOG_INDEX_MAX } from '../public-api/jobs.js';

/**
 * Job log events in the exact key order the official agent emits (spec §4.1).
 * Timestamps are integer Unix seconds.
 */
export const JobStartedEvent = Type.Object({ event: Type.Literal('job_started'), timestamp: Type.Integer() });
export const CmdStartedEvent = Type.Object({
  event: Type.Literal('cmd_started'),
  timestamp: Type.Integer(),
  directive: Type.String(),
});
export const CmdOutputEvent = Type.Object({
  event: Type.Literal('cmd_output'),
  timestamp: Type.Integer(),
  output: Type.String(),
});
export const CmdFinishedEvent = Type.Object({
  event: Type.Literal('cmd_finished'),
  timestamp: Type.Integer(),
  directive: Type.String(),
  exit_code: Type.Integer(),
  started_at: Type.Integer(),
  finished_at: Type.Integer(),
});
export const JobFinishedEvent = Type.Object({
  event: Type.Literal('job_finished'),
  timestamp: Type.Integer(),
  result: Type.Union(JOB_RESULTS.map((r) => Type.Literal(r))),
});
export const LogEvent = Type.Union([JobStartedEvent, CmdStartedEvent, CmdOutputEvent, CmdFinishedEvent, JobFinishedEvent]);

export type JobStartedEvent = Static<typeof JobStartedEvent>;
export type CmdStartedEvent = Static<typeof CmdStartedEvent>;
export type CmdOutputEvent = Static<typeof CmdOutputEvent>;
export type CmdFinishedEvent = Static<typeof CmdFinishedEvent>;
export type JobFinishedEvent = Static<typeof JobFinishedEvent>;
export type LogEvent = Static<typeof LogEvent>;

/** POST <logger.url>?start_from=N: N is the index of the batch's first event (spec §4.3). */
export const LogPushQuery = Type.Object({
  start_from: Type.Integer({
    minimum: 0,
    maximum: LOG_INDEX_MAX,
    description: 'the index of the first event of the batch',
    errorMessage: 'start_from must be the index of the first event of the batch, a whole number from 0',
  }),
});
export type LogPushQuery = Static<typeof LogPushQuery>;

export const LogPushParams = Type.Object({ jobId: Type.String() });
export type LogPushParams = Static<typeof LogPushParams>;

/** The batch: NDJSON, one event object per line, as the agent wrote them (spec §4.3). */
export const LogPushBody = Type.String({ description: 'NDJSON: at most 2000 log events, one JSON object per line' });

/** The directives of the agent's built-in steps (spec §4.1). */
export const BUILTIN_DIRECTIVES = {
  exportEnv: 'Exporting environment variables',
  injectFiles: 'Injecting Files',
  preJobHook: 'Running the pre-job hook configured in the agent',
  postJobHook: 'Running the post-job hook configured in the agent',
  checkJobResult: 'Checking job result',
} as const;
