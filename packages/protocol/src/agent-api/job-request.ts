import { Type, type Static } from '@sinclair/typebox';

/** One command of a job; `alias` replaces the displayed directive (spec §3.3). */
export const JobCommand = Type.Object({
  directive: Type.String(),
  alias: Type.Optional(Type.String()),
});
export type JobCommand = Static<typeof JobCommand>;

/** `value` is standard base64 with padding (spec §3.2). */
export const JobEnvVar = Type.Object({ name: Type.String(), value: Type.String() });
export type JobEnvVar = Static<typeof JobEnvVar>;

/** `content` is standard base64; `mode` an octal string such as "0644". */
export const JobFile = Type.Object({
  path: Type.String(),
  content: Type.String({ description: 'standard base64 with padding (spec §3.2)' }),
  mode: Type.String({ description: 'octal, like 0644' }),
});
export type JobFile = Static<typeof JobFile>;

export const JobLogger = Type.Object({
  method: Type.String(),
  url: Type.String(),
  token: Type.String(),
  max_size_in_bytes: Type.Optional(Type.Integer()),
});

/** GET /api/v1/self_hosted_agents/jobs/:id — the payload the agent runs (spec §3.1, §3.5). Arrays may be null. */
export const JobRequest = Type.Object({
  job_id: Type.String(),
  job_name: Type.Optional(Type.String()),
  executor: Type.Optional(Type.String()),
  commands: Type.Union([Type.Array(JobCommand), Type.Null()]),
  epilogue_always_commands: Type.Union([Type.Array(JobCommand), Type.Null()]),
  epilogue_on_pass_commands: Type.Union([Type.Array(JobCommand), Type.Null()]),
  epilogue_on_fail_commands: Type.Union([Type.Array(JobCommand), Type.Null()]),
  env_vars: Type.Union([Type.Array(JobEnvVar), Type.Null()]),
  files: Type.Union([Type.Array(JobFile), Type.Null()]),
  ssh_public_keys: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
  callbacks: Type.Optional(Type.Object({ finished: Type.String(), teardown_finished: Type.String(), token: Type.String() })),
  logger: JobLogger,
}, { $id: 'JobRequest' });

export const AgentJobParams = Type.Object({ id: Type.String({ description: 'the job_id of the run-job answer' }) });
export type AgentJobParams = Static<typeof AgentJobParams>;
export type JobRequest = Static<typeof JobRequest>;
