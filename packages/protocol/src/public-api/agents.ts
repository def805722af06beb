import { Type, type Static } from '@sinclair/typebox';
import { AGENTS_PAGE_SIZE, PageCursor, PageSize } from './paging.js';

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
}, { $id: 'Agent' });
export type Agent = Static<typeof Agent>;

/** Oldest connection first; an empty `cursor` means this is the last page. */
export const AgentList = Type.Object({ agents: Type.Array(Agent), cursor: Type.String() }, { $id: 'AgentList' });
export type AgentList = Static<typeof AgentList>;

export const AgentListQuery = Type.Object({
  agent_type: Type.Optional(Type.String({ description: 'only agents of this type' })),
  page_size: Type.Optional(PageSize(AGENTS_PAGE_SIZE)),
  cursor: Type.Optional(PageCursor('the `cursor` of the previous page; an empty cursor in an answer means the last page')),
});
export type AgentListQuery = Static<typeof AgentListQuery>;

export const AgentParams = Type.Object({ name: Type.String({ description: 'the name of the agent' }) });
export type AgentParams = Static<typeof AgentParams>;
