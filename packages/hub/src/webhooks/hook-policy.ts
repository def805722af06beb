import type { HookDetails } from '../lifecycle/hook-details.js';
import type { HookEvent } from '../store/project-schema.js';
import { isFullSha, isZeroSha, parseReference, refNameProblem, type GitRef } from '../git/ref-policy.js';
import type { ForgeEvent } from './forge-events.js';

/**
 * Whether a forge's event runs the project's pipeline, and at which ref and commit (pure). As Semaphore
 * (using-semaphore/projects.md, project-yaml.md `run_on` and `whitelist`):
 * - a branch push runs when run_on has `branches` and the branch passes the branch whitelist (empty: every branch);
 *   a tag push likewise with `tags`; a push that deletes a ref runs nothing;
 * - a pull request runs when opened, pushed to (synchronize) or reopened, with `pull_requests` in run_on; a draft only
 *   with `draft_pull_requests`; one from a fork never (it would get the project's secrets and credentials);
 * - a name Outpost does not accept (ref-policy.ts) is refused with the reason, never run.
 */
export interface RunOnSettings {
  runOn: readonly string[];
  whitelistBranches: readonly string[];
  whitelistTags: readonly string[];
}

export type HookDecision =
  | { kind: 'run'; ref: GitRef; sha: string; event: HookEvent; details: Partial<HookDetails> }
  | { kind: 'ignore'; reason: string }
  | { kind: 'invalid'; problem: string };

export function decideHookRun(event: ForgeEvent, settings: RunOnSettings): HookDecision {
  if (event.kind === 'ping') return { kind: 'ignore', reason: 'a ping runs nothing' };
  if (event.kind === 'other') return { kind: 'ignore', reason: `'${event.name}' events run nothing; send push and pull request events` };
  if (event.kind === 'push') return decidePush(event, settings);
  return decidePullRequest(event, settings);
}

function decidePush(event: Extract<ForgeEvent, { kind: 'push' }>, settings: RunOnSettings): HookDecision {
  const ref = parseReference(event.ref);
  if (!ref.ok) return { kind: 'invalid', problem: ref.problem };
  if (ref.ref.kind === 'pull_request') return { kind: 'invalid', problem: `a push to ${event.ref} is not a branch or tag push` };
  if (event.deleted || isZeroSha(event.after)) return { kind: 'ignore', reason: `the push deleted ${ref.ref.ref}; nothing runs` };
  if (!isFullSha(event.after)) return { kind: 'invalid', problem: `the push names no commit ('after' is not a full SHA)` };
  const { kind, name } = ref.ref;
  const wanted = kind === 'branch' ? 'branches' : 'tags';
  if (!settings.runOn.includes(wanted)) return { kind: 'ignore', reason: `the project does not run on ${wanted} (run_on)` };
  const whitelist = kind === 'branch' ? settings.whitelistBranches : settings.whitelistTags;
  if (!isWhitelisted(name, whitelist)) return { kind: 'ignore', reason: `the ${kind} ${name} is not in the project's ${wanted} whitelist` };
  const commitRange = isFullSha(event.before) && !isZeroSha(event.before) ? `${event.before}...${event.after}` : '';
  const details: Partial<HookDetails> = { ...(kind === 'branch' ? { branch: name } : { tag: name }), commitRange, author: event.pusher, repoSlug: event.repoSlug };
  return { kind: 'run', ref: ref.ref, sha: event.after, event: kind === 'branch' ? 'push' : 'tag', details };
}

function decidePullRequest(event: Extract<ForgeEvent, { kind: 'pull_request' }>, settings: RunOnSettings): HookDecision {
  if (event.action === 'other') return { kind: 'ignore', reason: `pull request #${event.number} was ${event.actionName || 'changed'}; only opened, synchronize and reopened run` };
  if (!settings.runOn.includes('pull_requests')) return { kind: 'ignore', reason: 'the project does not run on pull_requests (run_on)' };
  if (event.forked) return { kind: 'ignore', reason: `pull request #${event.number} comes from a fork (${event.headSlug}); forks are not run` };
  if (event.draft && !settings.runOn.includes('draft_pull_requests')) return { kind: 'ignore', reason: `pull request #${event.number} is a draft; add draft_pull_requests to run_on to run drafts` };
  if (!/^[1-9][0-9]{0,9}$/.test(event.number)) return { kind: 'invalid', problem: 'the pull request has no valid number' };
  if (!isFullSha(event.headSha)) return { kind: 'invalid', problem: `pull request #${event.number} names no head commit` };
  for (const branch of [event.headBranch, event.baseBranch]) {
    const problem = refNameProblem(branch);
    if (problem) return { kind: 'invalid', problem };
  }
  const ref: GitRef = { kind: 'pull_request', number: event.number, ref: `refs/pull/${event.number}` };
  const details: Partial<HookDetails> = {
    branch: event.baseBranch, prNumber: event.number, prBranch: event.headBranch, prSha: event.headSha, prName: event.title, prSlug: event.headSlug,
    commitRange: isFullSha(event.baseSha) ? `${event.baseSha}...${event.headSha}` : '', author: event.author, repoSlug: event.repoSlug,
  };
  return { kind: 'run', ref, sha: event.headSha, event: 'pull_request', details };
}

/** Empty: everything. Entries are names, or /regular expressions/. */
export function isWhitelisted(name: string, whitelist: readonly string[]): boolean {
  if (whitelist.length === 0) return true;
  return whitelist.some((entry) => (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/') ? safeTest(entry.slice(1, -1), name) : entry === name));
}

function safeTest(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    // Patterns are checked when the project is saved; one that fails now matches nothing rather than everything.
    return false;
  }
}
