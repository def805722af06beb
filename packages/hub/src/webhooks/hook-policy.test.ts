import { describe, expect, it } from 'vitest';
import { decideHookRun, isWhitelisted, type RunOnSettings } from './hook-policy.js';
import { parseForgeEvent, type ForgeEvent } from './forge-events.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);
const all: RunOnSettings = { runOn: ['branches', 'tags', 'pull_requests'], whitelistBranches: [], whitelistTags: [] };
const push = (ref: string, after = B, before = A, extra: Partial<Extract<ForgeEvent, { kind: 'push' }>> = {}): ForgeEvent => ({ kind: 'push', ref, before, after, deleted: false, pusher: 'ada', repoSlug: 'org/app', ...extra });
const pr = (extra: Partial<Extract<ForgeEvent, { kind: 'pull_request' }>> = {}): ForgeEvent => ({
  kind: 'pull_request', action: 'opened', actionName: 'opened', number: '7', title: 'T', draft: false, headBranch: 'feature', headSha: B, headSlug: 'org/app',
  baseBranch: 'main', baseSha: A, forked: false, author: 'ada', repoSlug: 'org/app', ...extra,
});

describe('decideHookRun', () => {
  it.each([
    { name: 'a branch push runs at its after commit with the push range', event: push('refs/heads/main'), settings: all, expected: { kind: 'run', sha: B, event: 'push', ref: { kind: 'branch', name: 'main', ref: 'refs/heads/main' }, details: { branch: 'main', commitRange: `${A}...${B}`, author: 'ada', repoSlug: 'org/app' } } },
    { name: 'a new branch has no range', event: push('refs/heads/new', B, ZERO), settings: all, expected: { kind: 'run', details: { commitRange: '' } } },
    { name: 'a tag push runs the tag', event: push('refs/tags/v1', B, ZERO), settings: all, expected: { kind: 'run', event: 'tag', ref: { kind: 'tag', name: 'v1', ref: 'refs/tags/v1' }, details: { tag: 'v1' } } },
    { name: 'a branch deletion runs nothing (after all zeros)', event: push('refs/heads/x', ZERO), settings: all, expected: { kind: 'ignore', reason: 'the push deleted refs/heads/x; nothing runs' } },
    { name: 'a branch deletion runs nothing (deleted: true)', event: push('refs/heads/x', B, A, { deleted: true }), settings: all, expected: { kind: 'ignore' } },
    { name: 'branches off in run_on', event: push('refs/heads/main'), settings: { ...all, runOn: ['tags'] }, expected: { kind: 'ignore', reason: 'the project does not run on branches (run_on)' } },
    { name: 'tags off in run_on', event: push('refs/tags/v1'), settings: { ...all, runOn: ['branches'] }, expected: { kind: 'ignore', reason: 'the project does not run on tags (run_on)' } },
    { name: 'a branch outside the whitelist', event: push('refs/heads/dev'), settings: { ...all, whitelistBranches: ['main'] }, expected: { kind: 'ignore', reason: "the branch dev is not in the project's branches whitelist" } },
    { name: 'a tag matching a whitelist expression', event: push('refs/tags/v1.2'), settings: { ...all, whitelistTags: ['/^v\\d+\\.\\d+$/'] }, expected: { kind: 'run' } },
    { name: 'a branch with shell characters is refused', event: push('refs/heads/$(id)'), settings: all, expected: { kind: 'invalid' } },
    { name: 'a ref that is an option is refused', event: push('--upload-pack=x'), settings: all, expected: { kind: 'invalid' } },
    { name: 'a push to a pull ref is refused', event: push('refs/pull/1/head'), settings: all, expected: { kind: 'invalid' } },
    { name: 'a push without a full SHA is refused', event: push('refs/heads/main', 'abc'), settings: all, expected: { kind: 'invalid' } },
    {
      name: 'an opened pull request runs its head commit, its branch being the target',
      event: pr(),
      settings: all,
      expected: { kind: 'run', sha: B, event: 'pull_request', ref: { kind: 'pull_request', number: '7', ref: 'refs/pull/7' }, details: { branch: 'main', prBranch: 'feature', prSha: B, prNumber: '7', prName: 'T', commitRange: `${A}...${B}` } },
    },
    { name: 'a synchronized pull request runs', event: pr({ action: 'synchronize' }), settings: all, expected: { kind: 'run' } },
    { name: 'a closed pull request runs nothing', event: pr({ action: 'other', actionName: 'closed' }), settings: all, expected: { kind: 'ignore', reason: 'pull request #7 was closed; only opened, synchronize and reopened run' } },
    { name: 'pull requests off in run_on', event: pr(), settings: { ...all, runOn: ['branches'] }, expected: { kind: 'ignore' } },
    { name: 'a draft without draft_pull_requests', event: pr({ draft: true }), settings: all, expected: { kind: 'ignore' } },
    { name: 'a draft with draft_pull_requests', event: pr({ draft: true }), settings: { ...all, runOn: [...all.runOn, 'draft_pull_requests'] }, expected: { kind: 'run' } },
    { name: 'a pull request from a fork', event: pr({ forked: true, headSlug: 'them/app' }), settings: all, expected: { kind: 'ignore', reason: 'pull request #7 comes from a fork (them/app); forks are not run' } },
    { name: 'a pull request from a branch with shell characters', event: pr({ headBranch: '`id`' }), settings: all, expected: { kind: 'invalid' } },
    { name: 'a ping', event: { kind: 'ping' } as ForgeEvent, settings: all, expected: { kind: 'ignore' } },
    { name: 'another event', event: { kind: 'other', name: 'issues' } as ForgeEvent, settings: all, expected: { kind: 'ignore', reason: "'issues' events run nothing; send push and pull request events" } },
  ])('$name', ({ event, settings, expected }) => {
    expect(decideHookRun(event, settings)).toMatchObject(expected);
  });

  it.each([
    { entry: 'main', name: 'main', ok: true },
    { entry: 'main', name: 'mainline', ok: false },
    { entry: '/^feat-/', name: 'feat-1', ok: true },
    { entry: '/(/', name: 'x', ok: false },
  ])('whitelist $entry ~ $name: $ok', ({ entry, name, ok }) => {
    expect(isWhitelisted(name, [entry])).toBe(ok);
  });
});

describe('parseForgeEvent', () => {
  it.each([
    { name: 'a GitHub push', forge: 'github' as const, event: 'push', payload: { ref: 'refs/heads/main', before: A, after: B, pusher: { name: 'ada' }, repository: { full_name: 'o/r' } }, expected: { kind: 'push', ref: 'refs/heads/main', after: B, pusher: 'ada', repoSlug: 'o/r', deleted: false } },
    { name: 'a Gitea push (pusher login)', forge: 'gitea' as const, event: 'push', payload: { ref: 'refs/heads/main', before: A, after: B, pusher: { login: 'gi' } }, expected: { kind: 'push', pusher: 'gi' } },
    { name: 'a GitLab tag push', forge: 'gitlab' as const, event: 'Tag Push Hook', payload: { object_kind: 'tag_push', ref: 'refs/tags/v1', before: ZERO, after: B, user_username: 'gl', project: { path_with_namespace: 'g/p' } }, expected: { kind: 'push', ref: 'refs/tags/v1', pusher: 'gl', repoSlug: 'g/p' } },
    { name: 'a GitLab merge request update with new commits', forge: 'gitlab' as const, event: 'Merge Request Hook', payload: { object_kind: 'merge_request', object_attributes: { iid: 4, action: 'update', oldrev: A, source_branch: 'f', target_branch: 'main', last_commit: { id: B }, source_project_id: 1, target_project_id: 1 } }, expected: { kind: 'pull_request', action: 'synchronize', number: '4', headSha: B, baseBranch: 'main', forked: false } },
    { name: 'a GitLab merge request update of its title only', forge: 'gitlab' as const, event: 'Merge Request Hook', payload: { object_kind: 'merge_request', object_attributes: { iid: 4, action: 'update' } }, expected: { kind: 'pull_request', action: 'other' } },
    { name: "Gitea's synchronized", forge: 'gitea' as const, event: 'pull_request', payload: { action: 'synchronized', number: 2, pull_request: { head: { ref: 'f', sha: B, repo: { full_name: 'o/r' } }, base: { ref: 'main', sha: A } }, repository: { full_name: 'o/r' } }, expected: { kind: 'pull_request', action: 'synchronize', forked: false } },
    { name: 'a GitHub pull request from a fork', forge: 'github' as const, event: 'pull_request', payload: { action: 'opened', number: 2, pull_request: { head: { repo: { full_name: 'them/r' } } }, repository: { full_name: 'o/r' } }, expected: { kind: 'pull_request', forked: true } },
    { name: 'fields of the wrong type read as absent', forge: 'github' as const, event: 'push', payload: { ref: 7, after: ['x'], pusher: 'ada' }, expected: { kind: 'push', ref: '', after: '', pusher: '' } },
    { name: 'a title with control characters is cleaned', forge: 'github' as const, event: 'pull_request', payload: { action: 'opened', number: 1, pull_request: { title: 'a\u0000b\nc' } }, expected: { title: 'a b c' } },
    { name: 'a payload that is not an object', forge: 'github' as const, event: 'push', payload: 'text', expected: { kind: 'push', ref: '' } },
    { name: 'a GitHub ping', forge: 'github' as const, event: 'ping', payload: {}, expected: { kind: 'ping' } },
    { name: 'another event', forge: 'gitea' as const, event: 'issues', payload: {}, expected: { kind: 'other', name: 'issues' } },
  ])('$name', ({ forge, event, payload, expected }) => {
    expect(parseForgeEvent(forge, event, payload)).toMatchObject(expected);
  });
});
