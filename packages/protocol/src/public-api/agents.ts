import { Type, type Static } from '@sinclair/typebox';

export const USER_AGENT_STATES = ['waiting_for_job', 'running_job'] as const;
export type UserAgentState = (typeof USER_AGENT_STATES)[number];

/** Semaphore v1alpha agent (control-plane §2.1), plus Outpost's extra fields under `metadata`. */
export const Agent = Type.Object({
  metadata: Type.Object({
    name: Type.String(),
    type: Type.String(),
    version: Type.String(),
    os: Type.String(),
    arch: Type.String(),
    hostname: Type.String(),
    ip_address: Type.String(),
    pid: Type.Integer(),
    connected_at: Type.Integer(),
    disabled_at: Type.Optional(Type.Integer()),
    /** Outpost extensions. */
    user_agent: Type.Optional(Type.String()),
    last_sync_at: Type.Optional(Type.Integer()),
    single_job: Type.Optional(Type.Boolean()),
    idle_timeout: Type.Optional(Type.Integer()),
    interruption_grace_period: Type.Optional(Type.Integer()),
  }),
  status: Type.Object({
    state: Type.Union(USER_AGENT_STATES.map((s) => Type.Literal(s))),
    /** Outpost extension: the job the agent is running, if any. */
    job_id: Type.Optional(Type.String()),
  }),
});
export type Agent = Static<typeof Agent>;

export const AgentList = Type.Object({ agents: Type.Array(Agent), cursor: Type.String() });
export type AgentList = Static<typeof AgentList>;
