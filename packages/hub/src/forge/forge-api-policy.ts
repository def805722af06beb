import type { ForgeKind } from './status-policy.js';

/**
 * Where a project's commit statuses go (pure). A project's forge settings may name the forge kind, the API base URL
 * and the repository path; whatever they leave out is derived from the repository URL:
 * - the kind from the webhook that started the workflow, else from well-known hosts (github.com, gitlab.com,
 *   codeberg.org); a self-hosted forge reached only through the API needs its kind set;
 * - the API base: api.github.com for github.com, `https://host/api/v3` for GitHub Enterprise, `/api/v4` for GitLab,
 *   `/api/v1` for Gitea/Forgejo (an http:// repository keeps http and its port; an ssh one uses https on the host);
 * - the repository: the URL's path without `.git` (`owner/repo`, or `group/sub/repo` on GitLab).
 * A file:// repository has no forge: it reports only with an API base and repository set.
 */
export interface ForgeSettings {
  kind: ForgeKind | null;
  apiUrl: string | null;
  repository: string | null;
}

export interface ForgeTarget {
  kind: ForgeKind;
  apiBase: string;
  repository: string;
}

export type ForgeTargetCheck = { ok: true; target: ForgeTarget } | { ok: false; problem: string };

const WELL_KNOWN: Record<string, ForgeKind> = { 'github.com': 'github', 'gitlab.com': 'gitlab', 'codeberg.org': 'gitea', 'gitea.com': 'gitea' };
const API_PATHS: Record<ForgeKind, string> = { github: '/api/v3', gitlab: '/api/v4', gitea: '/api/v1' };

interface RepoLocation {
  /** `https://host[:port]` for http(s) URLs, `https://host` for ssh ones; null for file://. */
  origin: string | null;
  host: string | null;
  path: string | null;
}

export function locateRepository(repoUrl: string): RepoLocation {
  const scp = /^(?:[^@/:]+@)?([^@/:]+):(.+)$/.exec(repoUrl);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(repoUrl) && scp) return { origin: `https://${scp[1]}`, host: scp[1] ?? null, path: cleanPath(scp[2] ?? '') };
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    return { origin: null, host: null, path: null };
  }
  if (url.protocol === 'file:') return { origin: null, host: null, path: null };
  const origin = url.protocol === 'ssh:' ? `https://${url.hostname}` : url.origin;
  return { origin, host: url.hostname.toLowerCase(), path: cleanPath(decodeURIComponent(url.pathname)) };
}

function cleanPath(path: string): string | null {
  const trimmed = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return trimmed.includes('/') ? trimmed : null;
}

export function resolveForgeTarget(repoUrl: string, settings: ForgeSettings, hookProvider: string | null): ForgeTargetCheck {
  const where = locateRepository(repoUrl);
  const fromHook = hookProvider === 'github' || hookProvider === 'gitlab' || hookProvider === 'gitea' ? hookProvider : null;
  const kind = settings.kind ?? fromHook ?? (where.host ? WELL_KNOWN[where.host] : undefined) ?? null;
  if (!kind) return { ok: false, problem: 'the forge is not known: set the project\'s commit status forge (github, gitlab or gitea)' };
  const repository = settings.repository ?? where.path;
  if (!repository) return { ok: false, problem: 'the repository path on the forge is not known: set the commit status repository (owner/repo)' };
  const apiBase = settings.apiUrl ?? defaultApiBase(kind, where);
  if (!apiBase) return { ok: false, problem: 'the forge API is not known for this repository URL: set the commit status API URL' };
  return { ok: true, target: { kind, apiBase: apiBase.replace(/\/+$/, ''), repository } };
}

function defaultApiBase(kind: ForgeKind, where: RepoLocation): string | null {
  if (!where.origin) return null;
  if (kind === 'github' && where.host === 'github.com') return 'https://api.github.com';
  return `${where.origin}${API_PATHS[kind]}`;
}

export interface StatusPayload {
  sha: string;
  state: string;
  description: string;
  context: string;
  targetUrl: string;
}

export interface ForgeRequest {
  url: string;
  /** Without the token: the sender adds the auth header, so a logged request never carries it. */
  headers: Record<string, string>;
  body: Record<string, string>;
}

/** The one call each forge takes; `tokenHeader` names where the token goes and how it is written. */
export function buildStatusRequest(target: ForgeTarget, payload: StatusPayload): ForgeRequest & { tokenHeader: { name: string; prefix: string } } {
  const sha = encodeURIComponent(payload.sha);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'outpost-hub' };
  if (target.kind === 'gitlab') {
    return {
      url: `${target.apiBase}/projects/${encodeURIComponent(target.repository)}/statuses/${sha}`,
      headers,
      body: { state: payload.state, name: payload.context, target_url: payload.targetUrl, description: payload.description },
      tokenHeader: { name: 'private-token', prefix: '' },
    };
  }
  const repo = target.repository.split('/').map(encodeURIComponent).join('/');
  const body = { state: payload.state, target_url: payload.targetUrl, description: payload.description, context: payload.context };
  if (target.kind === 'github') {
    return {
      url: `${target.apiBase}/repos/${repo}/statuses/${sha}`,
      headers: { ...headers, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      body,
      tokenHeader: { name: 'authorization', prefix: 'Bearer ' },
    };
  }
  return { url: `${target.apiBase}/repos/${repo}/statuses/${sha}`, headers: { ...headers, accept: 'application/json' }, body, tokenHeader: { name: 'authorization', prefix: 'token ' } };
}

/** Checks a forge API URL given in the settings: http(s), a host, no credentials, query or fragment. */
export function checkApiUrl(text: string): { ok: true; url: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `'${text.slice(0, 200)}' is not a URL; give the forge API base, e.g. https://gitea.example.com/api/v1` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'the forge API URL must start with https:// (or http:// on a trusted network)' };
  if (url.username || url.password) return { ok: false, problem: 'put the forge token in the token field, not in the API URL' };
  if (url.search || url.hash) return { ok: false, problem: 'the forge API URL has no query (?) or fragment (#)' };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}
