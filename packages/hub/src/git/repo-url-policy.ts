/**
 * Which repository URLs a project may name, and what they are made of (pure). Accepted:
 * - `https://host[:port]/path` and `http://host[:port]/path` (no user or password: credentials go in the project's
 *   `credentials`, never in a URL that logs, `ps` and job variables would show);
 * - `ssh://[user@]host[:port]/path` and scp-style `[user@]host:path` (e.g. `git@github.com:org/repo.git`);
 * - `file:///absolute/path`: a repository on the hub's own filesystem. Only people who may manage projects set a URL,
 *   and the hub reads it with its own permissions; use it for local repositories, not for untrusted users.
 * Anything else (git://, ext::, a host or path starting with `-`, spaces, control characters) is refused, so no URL can
 * turn into a git or ssh option.
 */
export type RepoUrlKind = 'https' | 'http' | 'ssh' | 'file';

export interface RepoUrl {
  kind: RepoUrlKind;
  /** The URL as the project stores it (and git receives it). */
  url: string;
  /** '' for file:// URLs. */
  host: string;
  /** `owner/repo` from the last two path segments, without `.git` (SEMAPHORE_GIT_REPO_SLUG). */
  slug: string;
  /** The last path segment without `.git` (SEMAPHORE_GIT_REPO_NAME, the default SEMAPHORE_GIT_DIR). */
  name: string;
}

export type RepoUrlCheck = { ok: true; repo: RepoUrl } | { ok: false; problem: string };

export const REPO_URL_MAX_CHARS = 2048;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const USER = /^[A-Za-z0-9._-]+$/;
const SCP = /^(?:([^@/:]+)@)?([^@/:]+):(.+)$/;
// A path may hold the characters URLs and repository names use; no spaces, quotes or shell metacharacters.
const PATH = /^[A-Za-z0-9._~/%+@=,-]+$/;

export function parseRepoUrl(text: string): RepoUrlCheck {
  if (text.length === 0) return fail('a project needs spec.repository.url, e.g. https://github.com/org/repo.git or git@github.com:org/repo.git');
  if (text.length > REPO_URL_MAX_CHARS) return fail(`a repository URL has at most ${REPO_URL_MAX_CHARS} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\s\u0000-\u001f\u007f'"`$\\;|&<>(){}]/.test(text)) return fail(`'${printable(text)}' is not a repository URL: it holds spaces, quotes or shell characters`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return parseScpStyle(text);
  if (scheme === 'https' || scheme === 'http') return parseHttp(text, scheme);
  if (scheme === 'ssh') return parseSsh(text);
  if (scheme === 'file') return parseFile(text);
  return fail(`'${scheme}://' URLs are not supported; use https://, ssh://, git@host:path or file://`);
}

function parseHttp(text: string, kind: 'https' | 'http'): RepoUrlCheck {
  const url = toUrl(text);
  if (!url) return fail(`'${printable(text)}' is not a valid URL`);
  if (url.username || url.password) return fail('put credentials in spec.repository.credentials, not in the URL (it is shown in logs and to jobs)');
  if (url.search || url.hash) return fail('a repository URL has no query (?) or fragment (#)');
  return withPath({ kind, url: text, host: url.hostname }, decodeURIComponent(url.pathname));
}

function parseSsh(text: string): RepoUrlCheck {
  const url = toUrl(text);
  if (!url) return fail(`'${printable(text)}' is not a valid URL`);
  if (url.password) return fail('an ssh URL carries no password; give the project an ssh_key');
  if (url.username && !USER.test(url.username)) return fail(`'${printable(url.username)}' is not a valid ssh user name`);
  if (url.search || url.hash) return fail('a repository URL has no query (?) or fragment (#)');
  return withPath({ kind: 'ssh', url: text, host: url.hostname }, decodeURIComponent(url.pathname));
}

function parseScpStyle(text: string): RepoUrlCheck {
  const match = SCP.exec(text);
  if (!match) return fail(`'${printable(text)}' is not a repository URL; use https://host/org/repo.git, git@host:org/repo.git or file:///path`);
  const [, user, host = '', path = ''] = match;
  if (user !== undefined && !USER.test(user)) return fail(`'${printable(user)}' is not a valid ssh user name`);
  if (!HOST.test(host)) return fail(`'${printable(host)}' is not a valid host name`);
  if (path.startsWith('-')) return fail('a repository path must not start with "-"');
  return withPath({ kind: 'ssh', url: text, host }, path);
}

function parseFile(text: string): RepoUrlCheck {
  if (!text.startsWith('file:///')) return fail('a file URL names an absolute path on the hub: file:///srv/git/repo.git');
  const path = text.slice('file://'.length);
  if (path.split('/').some((part) => part === '..' || part === '.')) return fail('a file URL path must not contain "." or ".." segments');
  return withPath({ kind: 'file', url: text, host: '' }, path);
}

function withPath(base: Omit<RepoUrl, 'slug' | 'name'>, path: string): RepoUrlCheck {
  if (base.kind !== 'file' && !HOST.test(base.host)) return fail(`'${printable(base.host)}' is not a valid host name`);
  if (!PATH.test(path)) return fail(`'${printable(path)}' is not a valid repository path`);
  const parts = path.split('/').filter(Boolean);
  const last = parts[parts.length - 1]?.replace(/\.git$/, '') ?? '';
  if (!last || last.startsWith('-')) return fail(`'${printable(base.url)}' does not name a repository (it needs a path such as /org/repo.git)`);
  const owner = parts[parts.length - 2];
  return { ok: true, repo: { ...base, slug: owner ? `${owner}/${last}` : last, name: last } };
}

function toUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    // Not a URL: the caller answers with a sentence naming the field.
    return null;
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a credential kind fits the URL: keys for ssh, tokens for https (http only on this machine). */
export function credentialProblem(repo: RepoUrl, kind: 'none' | 'ssh_key' | 'token'): string | null {
  if (kind === 'none') return null;
  if (repo.kind === 'file') return 'a file:// repository is read from the hub\'s disk and takes no credentials';
  if (kind === 'ssh_key' && repo.kind !== 'ssh') return `an ssh_key is for ssh URLs (git@host:org/repo.git); this URL is ${repo.kind}`;
  if (kind === 'token' && repo.kind === 'ssh') return 'a token is for https URLs; an ssh URL needs an ssh_key';
  if (kind === 'token' && repo.kind === 'http' && !LOOPBACK.test(repo.host)) {
    return 'a token would cross the network in clear over http://; use an https:// URL';
  }
  return null;
}

function fail(problem: string): RepoUrlCheck {
  return { ok: false, problem };
}

/** Untrusted text in a message: at most 80 characters, control characters replaced. */
export function printable(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  return cut.replace(/[\u0000-\u001f\u007f]/g, '?');
}
