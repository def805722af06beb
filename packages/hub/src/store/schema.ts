import type { Generated, Selectable } from 'kysely';

/**
 * Table types. Times are integer milliseconds since the epoch; flags are 0/1 integers so that one set of
 * migrations serves SQLite and PostgreSQL alike.
 */
export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  agent_types: AgentTypesTable;
  agents: AgentsTable;
  jobs: JobsTable;
  job_log_events: JobLogEventsTable;
  audit_events: AuditEventsTable;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: number;
}

export type Role = 'owner' | 'admin' | 'member';

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  /** scrypt: `scrypt$N$r$p$salt$hash`, base64 parts. */
  password_hash: string;
  role: Role;
  created_at: number;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  /** SHA-256 hex of the token; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}

export interface SessionsTable {
  /** SHA-256 hex of the session cookie value. */
  id_hash: string;
  user_id: string;
  org_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export type AssignmentOriginColumn = 'assignment_origin_agent' | 'assignment_origin_aws_sts';

export interface AgentTypesTable {
  id: string;
  org_id: string;
  name: string;
  assignment_origin: AssignmentOriginColumn;
  aws_account_id: string | null;
  aws_role_name_patterns: string | null;
  release_after_s: number;
  registration_token_hash: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  token_reset_at: number | null;
}

/** `registered` while connected; `disconnected` while its name is held for release_after. */
export type AgentRowStatus = 'registered' | 'disconnected';

export interface AgentsTable {
  id: string;
  org_id: string;
  agent_type_id: string;
  name: string;
  status: AgentRowStatus;
  access_token_hash: string;
  version: string;
  os: string;
  arch: string;
  hostname: string;
  ip_address: string;
  pid: number;
  user_agent: string;
  single_job: number;
  idle_timeout_s: number;
  interruption_grace_period_s: number;
  /** Job asked for at registration (`job_id` with `single_job`), '' when none. */
  requested_job_id: string;
  /** Last protocol state reported by sync ('' before the first sync). */
  state: string;
  /** The job currently assigned to the agent (offered or running), null when none. */
  job_id: string | null;
  interrupted_at: number | null;
  connected_at: number;
  last_sync_at: number | null;
  last_state_change_at: number;
  disabled_at: number | null;
  disconnected_at: number | null;
  /** When a disconnected agent's name becomes free again. */
  release_at: number | null;
  /** 1 when the agent's last sync carried X-Outpost-Wait (migration 0002). */
  long_poll: Generated<number>;
  /** The next_sync_after last handed to the agent, in ms (migration 0002). */
  sync_interval_ms: Generated<number>;
}

/** An agent as read from the store (the one row type every module uses). */
export type AgentRow = Selectable<AgentsTable>;

/** `offered` is internal: a run-job answer was sent but the agent has not fetched the job yet. */
export type JobRowState = 'queued' | 'offered' | 'running' | 'finished';
export type JobRowResult = 'passed' | 'failed' | 'stopped';

/**
 * What a conditional write on a job must find: one of `states`, and the stop flag set (true) or clear (false) when
 * given. Derived from the job state machine (lifecycle/job-policy.ts); the store only turns it into a WHERE clause.
 */
export interface JobStateGuard {
  states: readonly JobRowState[];
  stopRequested?: boolean;
}

export interface JobsTable {
  id: string;
  org_id: string;
  agent_type_id: string;
  name: string;
  /** JSON of the public JobInput spec. */
  spec: string;
  priority: number;
  state: JobRowState;
  result: JobRowResult | null;
  failure_reason: string | null;
  agent_id: string | null;
  agent_name: string | null;
  /** The agent's IP address when it took the job (migration 0006; null before, or while queued). */
  agent_ip: string | null;
  execution_time_limit_s: number | null;
  created_at: number;
  updated_at: number;
  offered_at: number | null;
  offer_expires_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  stop_requested_at: number | null;
  log_token_hash: string | null;
  log_token_expires_at: number | null;
  log_event_count: number;
  log_bytes: number;
  log_trimmed: number;
  created_by: string | null;
}

export interface JobLogEventsTable {
  job_id: string;
  /** Index of the first event in the row. */
  idx: number;
  /** `event_count` consecutive events as the agent sent them, one JSON object per line. */
  event: string;
  bytes: number;
  /** How many events the row holds (migration 0003; rows written before hold one). */
  event_count: Generated<number>;
}

export interface AuditEventsTable {
  id: string;
  org_id: string;
  /** `user:<email>`, `agent:<name>`, `system`. */
  actor: string;
  action: string;
  target_type: string;
  target_name: string;
  details: string;
  created_at: number;
}
