import { Type, type Static } from '@sinclair/typebox';

/**
 * Outpost extensions for reporting a pipeline's state to the commit on its forge (GitHub, GitLab, Gitea/Forgejo).
 *
 * - `commit_status` on a pipeline's describe answer: the latest report and how its delivery went.
 * - `GET|PUT /api/v1alpha/projects/:id_or_name/commit_status`: a project's forge settings. A project reports once it
 *   has a token: the status `token` set here, or else its HTTPS repository token. Every other field may be left out:
 *   the forge kind follows from the webhook that started the run or the repository host, the API base and repository
 *   path from the repository URL.
 */
export const FORGE_KIND_NAMES = ['github', 'gitlab', 'gitea'] as const;
export const COMMIT_STATUS_DELIVERIES = ['pending', 'sent', 'failed'] as const;

export const CommitStatus = Type.Object({
  /** The forge's word: pending, running, success, failure, failed, error, canceled. */
  state: Type.String(),
  description: Type.String(),
  /** pending: not delivered yet (retries included); sent; failed: given up. */
  delivery: Type.Union(COMMIT_STATUS_DELIVERIES.map((d) => Type.Literal(d))),
  attempts: Type.Integer(),
  /** What went wrong on the last send (the forge's answer or why none came); never the token. */
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_http_status: Type.Union([Type.Integer(), Type.Null()]),
  /** Unix seconds of the next send while pending and retrying; null otherwise. */
  next_attempt_at: Type.Union([Type.Integer(), Type.Null()]),
});
export type CommitStatus = Static<typeof CommitStatus>;

export const FORGE_API_URL_MAX_CHARS = 2048;
export const FORGE_REPOSITORY_MAX_CHARS = 500;
export const FORGE_TOKEN_MAX_CHARS = 4096;

/** PUT body: null (or an absent field) means derive it; `token: null` removes the status token, absent keeps it. */
export const ProjectForgeInput = Type.Object({
  kind: Type.Optional(Type.Union([...FORGE_KIND_NAMES.map((k) => Type.Literal(k)), Type.Null()])),
  api_url: Type.Optional(Type.Union([Type.String({ maxLength: FORGE_API_URL_MAX_CHARS }), Type.Null()])),
  repository: Type.Optional(Type.Union([Type.String({ maxLength: FORGE_REPOSITORY_MAX_CHARS }), Type.Null()])),
  token: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: FORGE_TOKEN_MAX_CHARS }), Type.Null()])),
});
export type ProjectForgeInput = Static<typeof ProjectForgeInput>;

export const ProjectForge = Type.Object({
  kind: Type.Union([...FORGE_KIND_NAMES.map((k) => Type.Literal(k)), Type.Null()]),
  api_url: Type.Union([Type.String(), Type.Null()]),
  repository: Type.Union([Type.String(), Type.Null()]),
  /** Which token reports: the status token set here, the project's HTTPS token, or none (nothing is reported). */
  token: Type.Union([Type.Literal('status_token'), Type.Literal('repository_token'), Type.Literal('none')]),
  /** Where reports go with these settings, or why they cannot go anywhere. */
  resolved: Type.Union([
    Type.Object({ kind: Type.String(), api_base: Type.String(), repository: Type.String() }),
    Type.Object({ problem: Type.String() }),
  ]),
});
export type ProjectForge = Static<typeof ProjectForge>;
