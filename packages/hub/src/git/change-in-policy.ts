import type { ChangeInOptions } from '@outpost/pipeline';
import { isFullSha, refNameProblem } from './ref-policy.js';

/**
 * `change_in` (conditions-dsl.md#change-in, using-semaphore/monorepo.md), pure: which commits a run compares, and
 * whether the files that changed between them match a call's patterns.
 *
 * Commit ranges, as Semaphore's defaults:
 * - a tag: always changed, unless `on_tags: false` (then the previous commit, like a push to the default branch);
 * - the default branch (`default_branch`, Semaphore's default `master`): the commit against its first parent
 *   (`default_range` replaces that);
 * - another branch: the merge base with the default branch to the commit (`branch_range` replaces that);
 * - a pull request: the merge base with the branch it targets to its head commit (`branch_range` replaces that).
 * A custom range is `A..B` (the files that differ between A and B) or `A...B` (from their merge base to B); A and B are
 * a full SHA, HEAD (the run's commit), a branch name, each optionally followed by `~N` or `^`, or one of
 * $SEMAPHORE_GIT_SHA, $SEMAPHORE_MERGE_BASE (the branch a merge base is taken with) and $SEMAPHORE_GIT_COMMIT_RANGE.
 */
export type Rev = { kind: 'commit'; sha: string; back: number } | { kind: 'branch'; name: string; back: number };
export interface ChangeRange {
  from: Rev;
  to: Rev;
  /** `A...B`: compare the merge base of A and B with B. */
  mergeBase: boolean;
}

export interface RunRefFacts {
  kind: 'branch' | 'tag' | 'pull_request';
  /** The branch; for a pull request the branch it targets. */
  branch: string;
  sha: string;
  /** `A...B` of the push or pull request when the forge said, e.g. before...after; '' when unknown. */
  commitRange: string;
}

export type RangeDecision = { kind: 'changed' } | { kind: 'range'; range: ChangeRange } | { kind: 'problem'; problem: string };

export const DEFAULT_CHANGE_IN_BRANCH = 'master';
const MAX_BACK = 1000;

export function decideChangeRange(run: RunRefFacts, options: ChangeInOptions): RangeDecision {
  const defaultBranch = options.defaultBranch ?? DEFAULT_CHANGE_IN_BRANCH;
  const head: Rev = { kind: 'commit', sha: run.sha, back: 0 };
  const previous: ChangeRange = { from: { ...head, back: 1 }, to: head, mergeBase: false };
  if (run.kind === 'tag') return options.onTags === false ? { kind: 'range', range: previous } : { kind: 'changed' };
  const base = run.kind === 'pull_request' ? run.branch : defaultBranch;
  const baseProblem = refNameProblem(base);
  if (baseProblem) return { kind: 'problem', problem: `change_in: ${baseProblem}` };
  const onDefault = run.kind === 'branch' && run.branch === defaultBranch;
  const custom = onDefault ? options.defaultRange : options.branchRange;
  if (custom !== undefined) return parseCustomRange(custom, { run, base, previous });
  if (onDefault) return { kind: 'range', range: previous };
  return { kind: 'range', range: { from: { kind: 'branch', name: base, back: 0 }, to: head, mergeBase: true } };
}

function parseCustomRange(text: string, facts: { run: RunRefFacts; base: string; previous: ChangeRange }): RangeDecision {
  const commitRange = facts.run.commitRange || `${facts.run.sha}~1..${facts.run.sha}`;
  const expanded = text
    .replaceAll('$SEMAPHORE_GIT_COMMIT_RANGE', commitRange)
    .replaceAll('$SEMAPHORE_MERGE_BASE', facts.base)
    .replaceAll('$SEMAPHORE_GIT_SHA', facts.run.sha);
  const match = /^(.+?)(\.\.\.?)(.+)$/.exec(expanded);
  if (!match) return { kind: 'problem', problem: `change_in: '${text}' is not a commit range; write A..B or A...B` };
  const from = parseRev(match[1] ?? '', facts.run.sha);
  const to = parseRev(match[3] ?? '', facts.run.sha);
  if (typeof from === 'string') return { kind: 'problem', problem: `change_in: ${from}` };
  if (typeof to === 'string') return { kind: 'problem', problem: `change_in: ${to}` };
  return { kind: 'range', range: { from, to, mergeBase: match[2] === '...' } };
}

/** HEAD, a full SHA or a branch, with an optional `~N`, `^` or `^N` (first parents only). */
export function parseRev(text: string, headSha: string): Rev | string {
  const match = /^(.+?)((?:~\d*|\^\d*)*)$/.exec(text);
  const name = match?.[1] ?? '';
  const suffix = match?.[2] ?? '';
  let back = 0;
  for (const step of suffix.match(/~\d*|\^\d*/g) ?? []) {
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step.startsWith('^') && n > 1) return `'${text}' names a second parent; only first parents (~N, ^) are supported`;
    back += step.startsWith('^') ? Math.min(n, 1) : n;
  }
  if (back > MAX_BACK) return `'${text}' goes back more than ${MAX_BACK} commits`;
  if (name === 'HEAD') return { kind: 'commit', sha: headSha, back };
  if (isFullSha(name.toLowerCase())) return { kind: 'commit', sha: name.toLowerCase(), back };
  const problem = refNameProblem(name);
  if (problem) return `'${text}' is not a revision: ${problem}`;
  return { kind: 'branch', name, back };
}

/** A stable key for a range, so that calls sharing a range are compared once. */
export const rangeKey = (range: ChangeRange) => JSON.stringify(range);

/**
 * Whether any changed file matches: the pipeline file itself counts unless `pipeline_file: 'ignore'`; `exclude`
 * patterns drop files first. A pattern starting with `/` is from the repository root, any other from the pipeline
 * file's directory (`../lib` next to `.semaphore/`); without `*` or `?` it names a file or a whole directory.
 */
export function matchesChanges(changed: readonly string[], paths: readonly string[], options: ChangeInOptions, pipelineFile: string): boolean {
  if (options.pipelineFile !== 'ignore' && changed.includes(pipelineFile)) return true;
  const dir = pipelineFile.includes('/') ? pipelineFile.slice(0, pipelineFile.lastIndexOf('/')) : '';
  const include = paths.map((p) => resolvePattern(p, dir)).filter((p): p is string => p !== null);
  const exclude = (options.excluded ?? []).map((p) => resolvePattern(p, dir)).filter((p): p is string => p !== null);
  return changed.some((file) => !exclude.some((p) => patternMatches(p, file)) && include.some((p) => patternMatches(p, file)));
}

/** The pattern relative to the repository root ('' is the root itself); null when it leaves the repository. */
export function resolvePattern(pattern: string, pipelineDir: string): string | null {
  const joined = pattern.startsWith('/') ? pattern : `${pipelineDir}/${pattern}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export function patternMatches(pattern: string, file: string): boolean {
  if (pattern === '') return true;
  if (!/[*?[]/.test(pattern)) return file === pattern || file.startsWith(`${pattern}/`);
  const tokens = globTokens(pattern);
  // A glob naming directories (/services/*) matches the files under them, as a plain directory pattern does.
  const parts = file.split('/');
  return parts.some((_, i) => globMatchesPath(tokens, parts.slice(0, i + 1).join('/')));
}

type GlobToken = { kind: 'char'; char: string } | { kind: 'one' | 'star' | 'any' | 'dirs' };

function globTokens(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      tokens.push({ kind: slash ? 'dirs' : 'any' });
      i += slash ? 2 : 1;
    } else if (c === '*') tokens.push({ kind: 'star' });
    else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

/**
 * `*` (within a segment), `**` (anything), `**\/` (no or several whole directories), `?` (one character but `/`),
 * by stepping the set of pattern positions along the text once: text × pattern steps at most, where a backtracking
 * regex can take exponential time on a pattern such as `*a*a*a*a*a*b`.
 */
function globMatchesPath(tokens: GlobToken[], text: string): boolean {
  // at[i]: token i is next; inside[i]: within the repeating token i, having consumed part of it.
  let at = closure(tokens, new Set([0]));
  let inside = new Set<number>();
  for (const c of text) {
    const nextAt = new Set<number>();
    const nextInside = new Set<number>();
    for (const i of new Set([...at, ...inside])) {
      const token = tokens[i];
      if (!token) continue;
      const entered = at.has(i);
      if (token.kind === 'char' ? entered && token.char === c : token.kind === 'one' ? entered && c !== '/' : false) nextAt.add(i + 1);
      if (token.kind === 'star' && c !== '/') nextInside.add(i);
      if (token.kind === 'any') nextInside.add(i);
      if (token.kind === 'dirs') {
        if (c === '/') nextAt.add(i + 1);
        nextInside.add(i);
      }
    }
    // A star, any-run or directory run that has consumed characters may end here and let the next token follow.
    for (const i of nextInside) if (tokens[i]?.kind !== 'dirs') nextAt.add(i + 1);
    at = closure(tokens, nextAt);
    inside = nextInside;
  }
  return at.has(tokens.length);
}

/** Tokens that may match nothing are passed over at once. */
function closure(tokens: GlobToken[], from: Set<number>): Set<number> {
  const out = new Set(from);
  for (let i = 0; i < tokens.length; i++) if (out.has(i) && tokens[i]?.kind !== 'char' && tokens[i]?.kind !== 'one') out.add(i + 1);
  return out;
}
