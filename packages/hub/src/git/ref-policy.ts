/**
 * Git references, commit SHAs and repository paths as Outpost accepts them (pure). Values reach `git` only as single
 * arguments after `--`, and jobs as SEMAPHORE_GIT_* variables that scripts interpolate; so on top of git's own rules
 * (git check-ref-format) a name may hold only letters, digits and `. _ - / + @ =` — a branch called `$(rm -rf ~)` is
 * refused before anything runs.
 */
export type GitRef =
  | { kind: 'branch'; name: string; ref: string }
  | { kind: 'tag'; name: string; ref: string }
  | { kind: 'pull_request'; number: string; ref: string };

export type RefCheck = { ok: true; ref: GitRef } | { ok: false; problem: string };

const NAME_CHARS = /^[A-Za-z0-9._/+@=-]+$/;
export const REF_NAME_MAX_CHARS = 255;
const PULL = /^refs\/(?:pull|merge-requests)\/([1-9][0-9]{0,9})(?:\/(?:head|merge))?$/;

/** `refs/heads/x`, `refs/tags/x`, `refs/pull/7` (or `/head`, `/merge`, GitLab's `refs/merge-requests/7`); a bare name is a branch. */
export function parseReference(text: string): RefCheck {
  const pull = PULL.exec(text);
  if (pull?.[1]) return { ok: true, ref: { kind: 'pull_request', number: pull[1], ref: `refs/pull/${pull[1]}` } };
  if (text.startsWith('refs/heads/')) return named('branch', text.slice('refs/heads/'.length));
  if (text.startsWith('refs/tags/')) return named('tag', text.slice('refs/tags/'.length));
  if (text.startsWith('refs/')) return { ok: false, problem: `'${shown(text)}' is not a reference Outpost runs; use refs/heads/<branch>, refs/tags/<tag> or refs/pull/<number>` };
  return named('branch', text);
}

function named(kind: 'branch' | 'tag', name: string): RefCheck {
  const problem = refNameProblem(name, kind);
  if (problem) return { ok: false, problem };
  return { ok: true, ref: { kind, name, ref: kind === 'branch' ? `refs/heads/${name}` : `refs/tags/${name}` } };
}

/** git check-ref-format's rules for one branch or tag name, and Outpost's character set; null when it is fine. */
export function refNameProblem(name: string, kind: 'branch' | 'tag' = 'branch'): string | null {
  const what = `${kind} name '${shown(name)}'`;
  if (name.length === 0) return `a ${kind} name must not be empty`;
  if (name.length > REF_NAME_MAX_CHARS) return `a ${kind} name has at most ${REF_NAME_MAX_CHARS} characters`;
  if (!NAME_CHARS.test(name)) return `the ${what} holds characters Outpost does not accept; use letters, digits and . _ - / + @ =`;
  if (name.startsWith('-')) return `the ${what} must not start with "-"`;
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return `the ${what} is not a valid git reference name`;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return `the ${what} is not a valid git reference name`;
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return `the ${what} is not a valid git reference name`;
  return null;
}

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A full commit SHA (SHA-1 or SHA-256), lower case; abbreviations are refused (they cannot be fetched). */
export function parseCommitSha(text: string): { ok: true; sha: string } | { ok: false; problem: string } {
  const sha = text.toLowerCase();
  if (FULL_SHA.test(sha)) return { ok: true, sha };
  return { ok: false, problem: `'${shown(text)}' is not a full commit SHA (40 hexadecimal characters)` };
}

export const isFullSha = (text: string) => FULL_SHA.test(text);
/** Git's all-zeros SHA: a push that deletes a ref has it as `after`, one that creates a ref as `before`. */
export const isZeroSha = (text: string) => /^0+$/.test(text);

const PATH_CHARS = /^[A-Za-z0-9._/+@=, -]+$/;
export const REPO_PATH_MAX_CHARS = 1000;

/**
 * A file in the repository, e.g. `.semaphore/semaphore.yml`: relative (a leading `/` is dropped, as Semaphore's
 * `/.semaphore/deploy.yml` means the same file), no `.` or `..` segments, nothing git could read as an option.
 */
export function parseRepoPath(text: string): { ok: true; path: string } | { ok: false; problem: string } {
  const path = text.startsWith('/') ? text.slice(1) : text;
  if (path.length === 0) return { ok: false, problem: 'the pipeline file path is empty; e.g. .semaphore/semaphore.yml' };
  if (path.length > REPO_PATH_MAX_CHARS) return { ok: false, problem: `a pipeline file path has at most ${REPO_PATH_MAX_CHARS} characters` };
  if (!PATH_CHARS.test(path)) return { ok: false, problem: `the pipeline file path '${shown(text)}' holds characters Outpost does not accept` };
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('-'))) {
    return { ok: false, problem: `the pipeline file path '${shown(text)}' must be a plain path inside the repository, e.g. .semaphore/semaphore.yml` };
  }
  return { ok: true, path };
}

function shown(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  return cut.replace(/[\u0000-\u001f\u007f]/g, '?');
}
