import { Type, type Static } from '@sinclair/typebox';
import { JOBS_PAGE_SIZE, PageCursor, PageSize } from './paging.js';
import { INT32_MAX } from '../limits.js';

export const JOB_STATES = ['QUEUED', 'RUNNING', 'FINISHED'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JOB_RESULTS_PUBLIC = ['PASSED', 'FAILED', 'STOPPED'] as const;
export type JobResultPublic = (typeof JOB_RESULTS_PUBLIC)[number];

const Command = Type.String({ maxLength: 65536 });

/** POST /api/v1alpha/jobs — Semaphore's job shape (issue "Jobs on the hub" §1). */
export const JobInput = Type.Object({
  metadata: Type.Object({ name: Type.String({ minLength: 1, maxLength: 500 }) }),
  spec: Type.Object({
    agent: Type.Object({ machine: Type.Object({ type: Type.String(), os_image: Type.Optional(Type.String()) }) }),
    commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    env_vars: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 1000 }), value: Type.String() }), { maxItems: 10000 }),
    ),
    files: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ minLength: 1, description: 'where the agent writes the file, relative to its working directory or absolute' }),
          content: Type.String({ description: 'the file content as standard base64 with padding (RFC 4648 §4), as the agent decodes it (agent protocol §3.2)' }),
          mode: Type.Optional(Type.String({ description: 'octal, like 0644 (the default)' })),
        }),
        { maxItems: 1000 },
      ),
    ),
    epilogue_always_commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    epilogue_on_pass_commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    epilogue_on_fail_commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    /** Seconds. */
    execution_time_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX })),
  }),
}, { $id: 'JobInput' });
export type JobInput = Static<typeof JobInput>;

export const Job = Type.Object({
  metadata: Type.Object({
    id: Type.String(),
    name: Type.String(),
    create_time: Type.Integer(),
    update_time: Type.Integer(),
    start_time: Type.Optional(Type.Integer()),
    finish_time: Type.Optional(Type.Integer()),
  }),
  spec: JobInput.properties.spec,
  status: Type.Object({
    state: Type.Union(JOB_STATES.map((s) => Type.Literal(s))),
    result: Type.Optional(Type.Union(JOB_RESULTS_PUBLIC.map((r) => Type.Literal(r)))),
    agent: Type.Optional(Type.Object({ name: Type.String(), ip: Type.String(), ports: Type.Array(Type.Unknown()) })),
    /** Set where the hub decided the result: "agent lost", "execution time limit exceeded", "stopped by user" … */
    failure_reason: Type.Optional(Type.String()),
    log: Type.Optional(Type.Object({ events: Type.Integer(), bytes: Type.Integer(), trimmed: Type.Boolean() })),
  }),
}, { $id: 'Job' });
export type Job = Static<typeof Job>;

/** Newest first; a non-empty `next_page_token` means there are older jobs. */
export const JobList = Type.Object({ jobs: Type.Array(Job), next_page_token: Type.String() }, { $id: 'JobList' });
export type JobList = Static<typeof JobList>;

const StateFilter = Type.String({ description: 'QUEUED, RUNNING or FINISHED; repeatable or comma-separated' });

export const JobListQuery = Type.Object({
  state: Type.Optional(Type.Union([StateFilter, Type.Array(StateFilter)])),
  states: Type.Optional(Type.Union([StateFilter, Type.Array(StateFilter)], { description: 'an alias of state' })),
  agent_type: Type.Optional(Type.String({ description: 'only jobs for this agent type' })),
  type: Type.Optional(Type.String({ description: 'an alias of agent_type' })),
  page_size: Type.Optional(PageSize(JOBS_PAGE_SIZE)),
  page_token: Type.Optional(PageCursor('the `next_page_token` of the previous page')),
});
export type JobListQuery = Static<typeof JobListQuery>;

export const JobParams = Type.Object({ id: Type.String({ description: 'the id of the job' }) });
export type JobParams = Static<typeof JobParams>;

/** GET /api/v1alpha/logs/:jobId → `{events}` (each a LogEvent); `?follow=true` streams NDJSON. */
export const JobLog = Type.Object({ events: Type.Array(Type.Unknown()) }, { $id: 'JobLog' });
export type JobLog = Static<typeof JobLog>;

/** The highest event index a query may name: a whole number of at most nine digits. */
export const LOG_INDEX_MAX = 999_999_999;

export const JobLogQuery = Type.Object({
  follow: Type.Optional(Type.Boolean({ description: 'stream NDJSON, one event per line, until the job finishes', errorMessage: 'follow must be true or false' })),
  start_from: Type.Optional(
    Type.Integer({ minimum: 0, maximum: LOG_INDEX_MAX, description: 'the index of the first event to return', errorMessage: 'start_from must be a whole number from 0' }),
  ),
});
export type JobLogQuery = Static<typeof JobLogQuery>;
