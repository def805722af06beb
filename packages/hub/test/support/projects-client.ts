import { createHmac } from 'node:crypto';
import type { HookAnswer, Project, WorkflowRunResponse } from '@outpost/protocol';
import { api, type Response } from './hub-clients.js';
import type { TestHub } from './start-hub.js';

export const PROJECTS = '/api/v1alpha/projects';
export const WORKFLOWS = '/api/v1alpha/plumber-workflows';

/** A project document as `sem` sends it. */
export function projectBody(name: string, url: string, repository: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return { apiVersion: 'v1alpha', kind: 'Project', metadata: { name, ...metadata }, spec: { repository: { url, ...repository } } };
}

export async function createProject(hub: TestHub, name: string, url: string, repository: Record<string, unknown> = {}): Promise<Project & { status: { webhook_secret: string } }> {
  const res = await api(hub, 'POST', PROJECTS, { body: projectBody(name, url, repository) });
  if (res.status !== 200) throw new Error(`create project ${name}: ${res.status} ${res.text}`);
  return res.body as Project & { status: { webhook_secret: string } };
}

export async function runWorkflow(hub: TestHub, body: Record<string, unknown>): Promise<WorkflowRunResponse> {
  const res = await api(hub, 'POST', WORKFLOWS, { body });
  if (res.status !== 200) throw new Error(`run workflow: ${res.status} ${res.text}`);
  return res.body as WorkflowRunResponse;
}

export type ForgeName = 'github' | 'gitlab' | 'gitea';

/** The headers a forge sends with a delivery, signed with `secret` (undefined: unsigned). */
export function forgeHeaders(forge: ForgeName, event: string, body: string, secret: string | undefined, deliveryId: string): Record<string, string> {
  const hmac = (s: string) => createHmac('sha256', s).update(body).digest('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forge === 'github') {
    Object.assign(headers, { 'x-github-event': event, 'x-github-delivery': deliveryId, 'user-agent': 'GitHub-Hookshot/1' });
    if (secret !== undefined) headers['x-hub-signature-256'] = `sha256=${hmac(secret)}`;
  } else if (forge === 'gitlab') {
    Object.assign(headers, { 'x-gitlab-event': event, 'x-gitlab-event-uuid': deliveryId });
    if (secret !== undefined) headers['x-gitlab-token'] = secret;
  } else {
    // Gitea sends GitHub's event header too, with its own.
    Object.assign(headers, { 'x-gitea-event': event, 'x-github-event': event, 'x-gitea-delivery': deliveryId });
    if (secret !== undefined) headers['x-gitea-signature'] = hmac(secret);
  }
  return headers;
}

/** A push payload in the forge's shape. */
export function pushPayload(forge: ForgeName, ref: string, before: string, after: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (forge === 'gitlab') {
    return { object_kind: ref.startsWith('refs/tags/') ? 'tag_push' : 'push', ref, before, after, user_username: 'ada', project: { path_with_namespace: 'org/app' }, ...extra };
  }
  return { ref, before, after, deleted: /^0+$/.test(after), pusher: { name: 'ada' }, repository: { full_name: 'org/app' }, ...extra };
}

export function pullRequestPayload(forge: ForgeName, pr: { number: number; action: string; head: string; headSha: string; base: string; baseSha?: string; title?: string; draft?: boolean; fork?: boolean }): Record<string, unknown> {
  if (forge === 'gitlab') {
    const action = pr.action === 'opened' ? 'open' : pr.action === 'reopened' ? 'reopen' : pr.action === 'synchronize' ? 'update' : pr.action;
    return {
      object_kind: 'merge_request', user: { username: 'ada' }, project: { path_with_namespace: 'org/app' },
      object_attributes: {
        iid: pr.number, title: pr.title ?? 'A change', action, ...(pr.action === 'synchronize' ? { oldrev: pr.baseSha ?? '1'.repeat(40) } : {}), source_branch: pr.head, target_branch: pr.base,
        last_commit: { id: pr.headSha }, draft: pr.draft ?? false, source_project_id: pr.fork ? 2 : 1, target_project_id: 1, source: { path_with_namespace: pr.fork ? 'someone/app' : 'org/app' },
      },
    };
  }
  const headRepo = { full_name: pr.fork ? 'someone/app' : 'org/app' };
  return {
    action: forge === 'gitea' && pr.action === 'synchronize' ? 'synchronized' : pr.action,
    number: pr.number,
    pull_request: { title: pr.title ?? 'A change', draft: pr.draft ?? false, user: { login: 'ada' }, head: { ref: pr.head, sha: pr.headSha, repo: headRepo }, base: { ref: pr.base, sha: pr.baseSha ?? '', repo: { full_name: 'org/app' } } },
    repository: { full_name: 'org/app' },
    sender: { login: 'ada' },
  };
}

/** POSTs a delivery to the hub's webhook URL (one URL for every forge unless `path` names one). */
export async function deliver(hub: TestHub, projectId: string, forge: ForgeName, event: string, payload: unknown, options: { secret?: string; deliveryId?: string; path?: string; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Response & { answer: HookAnswer }> {
  const body = options.rawBody ?? JSON.stringify(payload);
  const headers = { ...forgeHeaders(forge, event, body, options.secret, options.deliveryId ?? `d-${Math.random().toString(36).slice(2)}`), ...options.headers };
  const res = await fetch(`${hub.url}${options.path ?? `/hooks/${projectId}`}`, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the test reads the text.
  }
  return { status: res.status, body: parsed, text, headers: res.headers, answer: parsed as HookAnswer };
}

export const GITHUB_EVENTS = { push: 'push', pull_request: 'pull_request' };
export const GITLAB_EVENTS = { push: 'Push Hook', tag: 'Tag Push Hook', pull_request: 'Merge Request Hook' };

/** The forge's name for a push or pull request event. */
export function eventName(forge: ForgeName, kind: 'push' | 'tag' | 'pull_request'): string {
  if (forge === 'gitlab') return GITLAB_EVENTS[kind];
  return kind === 'tag' ? 'push' : kind;
}
