import { Type, type Static } from '@sinclair/typebox';
import { JOB_RESULTS } from './sync.js';

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

/** The directives of the agent's built-in steps (spec §4.1). */
export const BUILTIN_DIRECTIVES = {
  exportEnv: 'Exporting environment variables',
  injectFiles: 'Injecting Files',
  preJobHook: 'Running the pre-job hook configured in the agent',
  postJobHook: 'Running the post-job hook configured in the agent',
  checkJobResult: 'Checking job result',
} as const;
