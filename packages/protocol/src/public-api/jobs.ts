import { Type, type Static } from '@sinclair/typebox';

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
        Type.Object({ path: Type.String({ minLength: 1 }), content: Type.String(), mode: Type.Optional(Type.String()) }),
        { maxItems: 1000 },
      ),
    ),
    epilogue_always_commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    epilogue_on_pass_commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    epilogue_on_fail_commands: Type.Optional(Type.Array(Command, { maxItems: 10000 })),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    /** Seconds. */
    execution_time_limit: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
});
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
});
export type Job = Static<typeof Job>;

export const JobList = Type.Object({ jobs: Type.Array(Job), next_page_token: Type.String() });
export type JobList = Static<typeof JobList>;

/** GET /api/v1alpha/logs/:jobId → `{events}` (each a LogEvent); `?follow=true` streams NDJSON. */
export const JobLog = Type.Object({ events: Type.Array(Type.Unknown()) });
export type JobLog = Static<typeof JobLog>;
