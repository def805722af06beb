// Commit status tables (migration 0009).

/** A project's forge settings for commit statuses; every field null means "derive it" (forge/forge-api-policy.ts). */
export interface ProjectForgesTable {
  project_id: string;
  org_id: string;
  kind: 'github' | 'gitlab' | 'gitea' | null;
  api_url: string | null;
  /** owner/repo (GitHub, Gitea) or the project path (GitLab). */
  repository: string | null;
  /** Envelope of the status token (purpose 'forge-token', bound to the project id); null: the project's HTTPS token. */
  token: string | null;
  key_id: string | null;
  updated_at: number;
}

/** pending: to send; sent: delivered; superseded: a newer state came first; failed: given up (last_error says why). */
export type CommitStatusRowStatus = 'pending' | 'sent' | 'superseded' | 'failed';

export interface CommitStatusesTable {
  id: string;
  org_id: string;
  project_id: string;
  pipeline_id: string;
  /** The forge's word (success, failure, running…). */
  forge_state: string;
  description: string;
  status: CommitStatusRowStatus;
  /** Sends so far. */
  attempts: number;
  /** When the sweep may send it; a sender holds a claim by pushing it into the future. */
  next_attempt_at: number;
  /** What went wrong on the last send, for the pipeline page (never the token). */
  last_error: string | null;
  last_http_status: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}
