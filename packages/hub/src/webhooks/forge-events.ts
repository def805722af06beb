import type { Forge } from './signature-policy.js';

/**
 * A forge's delivery read into the few facts a run needs (pure). Payload fields are read defensively — a field of the
 * wrong type is as good as absent — and texts that reach jobs are cut and cleaned here; refs and SHAs are checked by
 * hook-policy.ts. The payloads: GitHub's push / pull_request / ping, GitLab's Push Hook / Tag Push Hook / Merge
 * Request Hook, Gitea's and Forgejo's push / pull_request (GitHub-like, with `synchronized`).
 */
export type ForgeEvent =
  | { kind: 'ping' }
  | { kind: 'push'; ref: string; before: string; after: string; deleted: boolean; pusher: string; repoSlug: string }
  | {
      kind: 'pull_request';
      /** opened, synchronize, reopened count; anything else is ignored. */
      action: 'opened' | 'synchronize' | 'reopened' | 'other';
      actionName: string;
      number: string;
      title: string;
      draft: boolean;
      headBranch: string;
      headSha: string;
      headSlug: string;
      baseBranch: string;
      baseSha: string;
      forked: boolean;
      author: string;
      repoSlug: string;
    }
  | { kind: 'other'; name: string };

export function parseForgeEvent(forge: Forge, eventName: string, payload: unknown): ForgeEvent {
  if (forge === 'gitlab') return parseGitLab(eventName, payload);
  if (eventName === 'ping') return { kind: 'ping' };
  if (eventName === 'push') return parsePush(payload, text(payload, 'pusher', 'name') || text(payload, 'pusher', 'login') || text(payload, 'pusher', 'username') || text(payload, 'sender', 'login'));
  if (eventName === 'pull_request') return parsePullRequest(payload, forge);
  return { kind: 'other', name: clean(eventName, 100) };
}

function parsePush(payload: unknown, pusher: string): ForgeEvent {
  const after = text(payload, 'after');
  return {
    kind: 'push',
    ref: text(payload, 'ref'),
    before: text(payload, 'before'),
    after,
    deleted: field(payload, 'deleted') === true || /^0+$/.test(after),
    pusher: clean(pusher, 255),
    repoSlug: clean(text(payload, 'repository', 'full_name') || text(payload, 'project', 'path_with_namespace'), 255),
  };
}

function parsePullRequest(payload: unknown, forge: Forge): ForgeEvent {
  const actionName = text(payload, 'action');
  // Gitea says synchronized where GitHub says synchronize.
  const action = actionName === 'opened' || actionName === 'reopened' ? actionName : actionName === 'synchronize' || actionName === 'synchronized' ? 'synchronize' : 'other';
  const headSlug = text(payload, 'pull_request', 'head', 'repo', 'full_name');
  const repoSlug = text(payload, 'repository', 'full_name') || text(payload, 'pull_request', 'base', 'repo', 'full_name');
  return {
    kind: 'pull_request',
    action,
    actionName: clean(actionName, 50),
    number: String(field(payload, 'number') ?? field(payload, 'pull_request', 'number') ?? ''),
    title: clean(text(payload, 'pull_request', 'title'), 1000),
    draft: field(payload, 'pull_request', 'draft') === true,
    headBranch: text(payload, 'pull_request', 'head', 'ref'),
    headSha: text(payload, 'pull_request', 'head', 'sha'),
    headSlug: clean(headSlug, 255),
    baseBranch: text(payload, 'pull_request', 'base', 'ref'),
    baseSha: text(payload, 'pull_request', 'base', 'sha'),
    forked: headSlug !== '' && repoSlug !== '' && headSlug !== repoSlug,
    author: clean(text(payload, 'pull_request', 'user', 'login') || text(payload, 'sender', 'login') || (forge === 'gitea' ? text(payload, 'sender', 'username') : ''), 255),
    repoSlug: clean(repoSlug, 255),
  };
}

function parseGitLab(eventName: string, payload: unknown): ForgeEvent {
  const kind = text(payload, 'object_kind');
  if (kind === 'push' || kind === 'tag_push') return parsePush(payload, text(payload, 'user_username') || text(payload, 'user_name'));
  if (kind !== 'merge_request') return { kind: 'other', name: clean(eventName || kind, 100) };
  const a = (...path: string[]) => text(payload, 'object_attributes', ...path);
  const actionName = a('action');
  // An update without `oldrev` changed the title or labels, not the commits.
  const action = actionName === 'open' ? 'opened' : actionName === 'reopen' ? 'reopened' : actionName === 'update' && a('oldrev') ? 'synchronize' : 'other';
  const sourceId = field(payload, 'object_attributes', 'source_project_id');
  const targetId = field(payload, 'object_attributes', 'target_project_id');
  return {
    kind: 'pull_request',
    action,
    actionName: clean(actionName, 50),
    number: String(field(payload, 'object_attributes', 'iid') ?? ''),
    title: clean(a('title'), 1000),
    draft: field(payload, 'object_attributes', 'draft') === true || field(payload, 'object_attributes', 'work_in_progress') === true,
    headBranch: a('source_branch'),
    headSha: a('last_commit', 'id'),
    headSlug: clean(a('source', 'path_with_namespace'), 255),
    baseBranch: a('target_branch'),
    baseSha: '',
    forked: sourceId !== undefined && targetId !== undefined && sourceId !== targetId,
    author: clean(text(payload, 'user', 'username'), 255),
    repoSlug: clean(text(payload, 'project', 'path_with_namespace'), 255),
  };
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown, ...path: string[]): string {
  const found = field(value, ...path);
  return typeof found === 'string' ? found : '';
}

/** Free text that reaches jobs as a variable: at most `max` characters, no control characters (NUL included). */
function clean(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, max);
}
