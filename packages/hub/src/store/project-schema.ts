// Project tables (migration 0008). JSON columns hold arrays of strings unless noted.

export type CredentialKind = 'none' | 'ssh_key' | 'token';

export interface ProjectsTable {
  id: string;
  org_id: string;
  /** Unique in the organization. */
  name: string;
  description: string;
  /** https://, http://, ssh://, scp-style git@host:path, or file:// (the hub's own filesystem). */
  repo_url: string;
  /** JSON: branches, tags, pull_requests, draft_pull_requests. */
  run_on: string;
  pipeline_file: string;
  /** JSON: names, or /regular expressions/; empty means every branch (tag). */
  whitelist_branches: string;
  whitelist_tags: string;
  /** JSON [{path, level}]: which pipelines report their status to the forge (Semaphore's status.pipeline_files). */
  status_pipeline_files: string;
  /** JSON: kept as given for `sem` (forked pull requests are not run). */
  forked_allowed_secrets: string;
  integration_type: string;
  credential_kind: CredentialKind;
  /** Envelope of the credential JSON bound to the project id; null when none. */
  credential: string | null;
  /** Envelope of the webhook secret bound to the project id. */
  webhook_secret: string;
  /** keyIdOf(the key that wrote the envelopes). */
  key_id: string;
  owner_id: string | null;
  created_at: number;
  updated_at: number;
}

export type HookProvider = 'api' | 'github' | 'gitlab' | 'gitea';
export type HookEvent = 'push' | 'tag' | 'pull_request';
export type HookOutcome = 'processing' | 'started';

/** One run request of a project: an API call or a forge delivery (the `hook_id` of Semaphore's answers). */
export interface ProjectHooksTable {
  id: string;
  org_id: string;
  project_id: string;
  provider: HookProvider;
  /** The forge's delivery id (unique per project and forge); null for API runs. */
  delivery_id: string | null;
  event: HookEvent;
  /** refs/heads/…, refs/tags/…, refs/pull/<n>. */
  reference: string;
  commit_sha: string;
  /** JSON of HookDetails (lifecycle/hook-details.ts): branch, tag, pull request, commit range, author, parameters. */
  details: string;
  outcome: HookOutcome;
  message: string;
  workflow_id: string | null;
  pipeline_id: string | null;
  created_by: string | null;
  created_at: number;
}
