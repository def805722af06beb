import type { Generated, Selectable } from 'kysely';
import type { ProjectHooksTable, ProjectsTable } from './project-schema.js';
import type { CommitStatusesTable, ProjectForgesTable } from './forge-schema.js';

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
  workflows: WorkflowsTable;
  pipelines: PipelinesTable;
  pipeline_blocks: PipelineBlocksTable;
  pipeline_jobs: PipelineJobsTable;
  secrets: SecretsTable;
  projects: ProjectsTable;
  project_hooks: ProjectHooksTable;
  job_secrets: JobSecretsTable;
  project_forges: ProjectForgesTable;
  commit_statuses: CommitStatusesTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
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

/** A person's role in one organization; the source of their permissions there. */
export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: Role;
  created_at: number;
}

/** A one-time invitation link; the token is stored as its SHA-256 hex only. */
export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  /** The email of who invited (shown in the pending list and the audit log). */
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
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
  /** Rows written before migration 0013: `event_count` consecutive events, one JSON object per line; '' after. */
  event: string;
  /** `event_count` consecutive events as the agent sent them, UTF-8, one JSON object per line (migration 0013). */
  lines: Buffer | null;
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

// Pipelines (migration 0006). States, results and reasons are Semaphore's, in lower case.

export interface WorkflowsTable {
  id: string;
  org_id: string;
  initial_ppl_id: string;
  /** The workflow this one reruns (POST …/plumber-workflows/:id/reschedule). */
  rerun_of: string | null;
  request_token: string | null;
  created_by: string | null;
  created_at: number;
  /** The project whose repository the workflow runs (migration 0008); null for pipelines run from YAML text. */
  project_id: string | null;
  /** The project_hooks row that started it. */
  hook_id: string | null;
  /** HOOK or API (Semaphore's triggered_by); null for pipelines run from YAML text. */
  triggered_by: string | null;
}

export type PipelineRowState = 'queuing' | 'running' | 'stopping' | 'done';
export type PipelineRowResult = 'passed' | 'failed' | 'stopped' | 'canceled';
export type TerminateReason = 'user' | 'strategy' | 'timeout';

export interface PipelinesTable {
  id: string;
  org_id: string;
  wf_id: string;
  name: string;
  /** As given, e.g. `.semaphore/semaphore.yml`. */
  yaml_file_path: string;
  /** JSON of the compiled PipelinePlan. */
  plan: string;
  branch_name: string;
  tag_name: string;
  pr_number: string;
  commit_sha: string;
  /** Pipelines of one queue (same file, same branch/tag/PR) run one at a time, oldest first, as in Semaphore. */
  queue_key: string;
  /** What this pipeline does to older ones in its queue: `stop` (running), `cancel` (queued) or `none`. */
  auto_cancel: 'stop' | 'cancel' | 'none';
  state: PipelineRowState;
  result: PipelineRowResult | null;
  result_reason: string | null;
  error_description: string;
  /** `stop` once asked for; a queuing pipeline asked to stop ends CANCELED. */
  terminate_request: 'stop' | null;
  terminate_reason: TerminateReason | null;
  terminated_by: string | null;
  execution_time_limit_s: number;
  /** running_at + the pipeline's execution_time_limit. */
  deadline_at: number | null;
  partial_rerun_of: string | null;
  /** SEMAPHORE_PIPELINE_ARTEFACT_ID: the first pipeline of a chain of partial reruns. */
  artefact_id: string;
  /** SEMAPHORE_PIPELINE_RERUN: a partial rerun, or the pipeline of a rerun workflow. */
  is_rerun: number;
  /** SEMAPHORE_WORKFLOW_RERUN. */
  workflow_rerun: number;
  request_token: string | null;
  /** 1 until the pipeline and its after_pipeline task are done; the advance sweep reads these. */
  active: number;
  created_by: string | null;
  created_at: number;
  running_at: number | null;
  stopping_at: number | null;
  done_at: number | null;
  updated_at: number;
}

export type BlockRowState = 'waiting' | 'running' | 'stopping' | 'done';

export interface PipelineBlocksTable {
  id: string;
  pipeline_id: string;
  /** Position in the file; the after_pipeline task comes last. */
  idx: number;
  kind: 'block' | 'after_pipeline';
  name: string;
  /** JSON array of block names. */
  dependencies: string;
  skipped: number;
  state: BlockRowState;
  result: PipelineRowResult | null;
  result_reason: string | null;
  error_description: string;
  /** A partial rerun carries a passed block over: the block (of the earlier pipeline) whose jobs it shows. */
  copied_from: string | null;
  started_at: number | null;
  done_at: number | null;
  updated_at: number;
}

export interface PipelineJobsTable {
  block_id: string;
  /** Position in the block. */
  idx: number;
  pipeline_id: string;
  name: string;
  /** The ordinary job (for a block a partial rerun carried over, the earlier pipeline's job). */
  job_id: string;
}

/** An organization secret (migration 0007): each value and file content is an envelope (secrets/cipher.ts). */
export interface SecretsTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  /** JSON [{name, value: envelope}]. */
  env_vars: string;
  /** JSON [{path, content: envelope of the file's bytes}]. */
  files: string;
  /** keyIdOf(the key that wrote the envelopes). */
  key_id: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A pipeline job's copy of the secrets it imports: one AES-256-GCM envelope bound to the job id (migration 0007). */
export interface JobSecretsTable {
  job_id: string;
  material: string;
  created_at: number;
}
