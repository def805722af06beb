import { Type, type Static } from '@sinclair/typebox';

/**
 * Projects in Semaphore's `v1alpha/projects` shape (the `sem` CLI's ProjectV1Alpha and project-yaml.md): a project is a
 * git repository, the pipeline file that a push runs, and what runs it (`run_on`, `whitelist`).
 *
 * Outpost extensions, invisible to `sem`:
 * - `spec.repository.credentials` (write-only input): an SSH deploy key or an HTTPS token the hub fetches with and
 *   each job's `checkout` clones with. Answers never carry it; `status.credentials` says which kind is set.
 * - `status.webhook_secret`: the secret that signs push webhooks, present only in the create and
 *   reset_webhook_secret answers (like an agent type's registration token).
 * - `status.webhook_url`: where a forge sends its push webhooks (one URL; the forge is told by its headers).
 */

export const PROJECT_RUN_ON = ['branches', 'tags', 'pull_requests', 'draft_pull_requests', 'forked_pull_requests'] as const;
export type ProjectRunOn = (typeof PROJECT_RUN_ON)[number];
export const PROJECT_CREDENTIAL_KINDS = ['none', 'ssh_key', 'token'] as const;
export type ProjectCredentialKind = (typeof PROJECT_CREDENTIAL_KINDS)[number];
export const DEFAULT_PIPELINE_FILE = '.semaphore/semaphore.yml';

export const PROJECT_NAME_MAX_CHARS = 100;
export const PROJECT_URL_MAX_CHARS = 2048;
export const PROJECT_DESCRIPTION_MAX_CHARS = 1000;
export const PROJECT_WHITELIST_MAX_ENTRIES = 100;
/** An OpenSSH private key is a few kilobytes; 16 KiB leaves room for RSA-8192. */
export const PROJECT_SSH_KEY_MAX_BYTES = 16 * 1024;
export const PROJECT_TOKEN_MAX_CHARS = 4096;

const RunOn = Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 });
const Patterns = Type.Array(Type.String({ maxLength: 1000 }), { maxItems: PROJECT_WHITELIST_MAX_ENTRIES });
const StatusFiles = Type.Array(Type.Object({ path: Type.String({ maxLength: 1000 }), level: Type.String({ maxLength: 20 }) }), { maxItems: 20 });

/** Input only: how the hub and the jobs authenticate to the repository. `{kind: 'none'}` removes what is set. */
export const ProjectCredentialsInput = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  Type.Object({ kind: Type.Literal('ssh_key'), ssh_key: Type.String({ minLength: 1, maxLength: PROJECT_SSH_KEY_MAX_BYTES }) }),
  Type.Object({
    kind: Type.Literal('token'),
    token: Type.String({ minLength: 1, maxLength: PROJECT_TOKEN_MAX_CHARS }),
    /** The user name of HTTP Basic auth; `x-access-token` (GitHub's) by default, any name works for GitLab and Gitea. */
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  }),
]);
export type ProjectCredentialsInput = Static<typeof ProjectCredentialsInput>;

/**
 * Body of POST /api/v1alpha/projects and PATCH/PUT /api/v1alpha/projects/:id_or_name: a Project as `sem` sends it.
 * Shapes are checked here; rules that need a sentence (names, URLs, patterns) are checked by the hub so each refusal
 * names its field.
 */
export const ProjectInput = Type.Object({
  apiVersion: Type.Optional(Type.String({ maxLength: 20 })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  metadata: Type.Object({
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    id: Type.Optional(Type.String({ maxLength: 100 })),
    owner_id: Type.Optional(Type.String({ maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
  }),
  spec: Type.Object({
    repository: Type.Object({
      url: Type.Optional(Type.String({ maxLength: 10_000 })),
      run_on: Type.Optional(RunOn),
      pipeline_file: Type.Optional(Type.String({ maxLength: 10_000 })),
      whitelist: Type.Optional(Type.Object({ branches: Type.Optional(Patterns), tags: Type.Optional(Patterns) })),
      status: Type.Optional(Type.Union([Type.Object({ pipeline_files: Type.Optional(StatusFiles) }), Type.Null()])),
      forked_pull_requests: Type.Optional(Type.Object({ allowed_secrets: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 })) })),
      integration_type: Type.Optional(Type.String({ maxLength: 100 })),
      credentials: Type.Optional(ProjectCredentialsInput),
    }),
  }),
});
export type ProjectInput = Static<typeof ProjectInput>;

export const Project = Type.Object({
  apiVersion: Type.Literal('v1alpha'),
  kind: Type.Literal('Project'),
  metadata: Type.Object({
    name: Type.String(),
    id: Type.String(),
    /** The user who created the project. */
    owner_id: Type.String(),
    description: Type.String(),
    /** Outpost extension: Unix seconds. */
    create_time: Type.Integer(),
    update_time: Type.Integer(),
  }),
  spec: Type.Object({
    repository: Type.Object({
      url: Type.String(),
      run_on: Type.Array(Type.String()),
      pipeline_file: Type.String(),
      whitelist: Type.Object({ branches: Type.Array(Type.String()), tags: Type.Array(Type.String()) }),
      /** Which pipeline files report their status to the forge, and at what level (kept for status reporting). */
      status: Type.Object({ pipeline_files: Type.Array(Type.Object({ path: Type.String(), level: Type.String() })) }),
      forked_pull_requests: Type.Object({ allowed_secrets: Type.Array(Type.String()) }),
      integration_type: Type.String(),
    }),
  }),
  status: Type.Object({
    /** Which repository credentials are set (never the credentials themselves). */
    credentials: Type.Union(PROJECT_CREDENTIAL_KINDS.map((k) => Type.Literal(k))),
    /** Where forges send push webhooks: GitHub, GitLab and Gitea/Forgejo are told apart by their headers. */
    webhook_url: Type.String(),
    /** Present only in the create and reset_webhook_secret answers. */
    webhook_secret: Type.Optional(Type.String()),
  }),
});
export type Project = Static<typeof Project>;

/** GET /api/v1alpha/projects: a bare array, as `sem` reads it. */
export const ProjectList = Type.Array(Project);
export type ProjectList = Static<typeof ProjectList>;

/** DELETE answers an empty object. */
export const ProjectDeleted = Type.Object({});
