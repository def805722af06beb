import { compilePipeline, type ChangeInOptions, type ConditionContext, type PipelineError, type PipelinePlan } from '@outpost/pipeline';
import type { RepoAccess, RepoSession, RepositoryCache } from '../git/repository-cache.js';
import type { GitRef } from '../git/ref-policy.js';
import { decideChangeRange, matchesChanges, rangeKey, type RunRefFacts } from '../git/change-in-policy.js';
import { findChangedFiles, remoteBranchRef } from '../git/change-detection.js';

/**
 * Reads a project's pipeline file at one commit and compiles it: fetch the commit (shallow), read the file, compile.
 * `change_in` is compiled in two passes: the first records which commit ranges the conditions ask about (both sides
 * of and/or are always evaluated, so every call is seen), git compares each range once, the second pass answers.
 */
export interface CommitTarget {
  ref: GitRef;
  /** The commit to run; the head of `ref` when null. */
  sha: string | null;
  pipelineFile: string;
  /** e.g. before...after of a push; '' when unknown. */
  commitRange: string;
  /** For a pull request, the branch it targets (what `branch` reads in conditions). */
  targetBranch?: string;
}

export type PipelineAtCommit =
  | { ok: true; sha: string; plan: PipelinePlan; commit: { author: string; subject: string } }
  /** The commit could not be had (ref missing, repository unreachable, too large): nothing runs. */
  | { ok: false; kind: 'not-found' | 'unreachable'; message: string }
  /** The commit is there but its pipeline cannot run: a workflow is made, FAILED with reason MALFORMED. */
  | { ok: false; kind: 'malformed'; sha: string; problem: string; commit: { author: string; subject: string } };

export async function readPipelineAtCommit(cache: RepositoryCache, access: RepoAccess, target: CommitTarget): Promise<PipelineAtCommit> {
  return cache.session(access, async (repo) => {
    const found = await fetchTarget(repo, target);
    if (!found.ok) return found;
    const { sha } = found;
    const commit = (await repo.commitInfo(sha)) ?? { author: '', subject: '' };
    const where = `${target.pipelineFile} at commit ${sha.slice(0, 12)} (${target.ref.ref})`;
    const file = await repo.readFile(sha, target.pipelineFile);
    if (!file.ok) return { ok: false, kind: 'malformed', sha, commit, problem: `cannot read the pipeline file ${where}: ${file.problem}` };
    const compiled = await compileWithChanges(repo, file.text, target, sha);
    if (!compiled.ok) return { ok: false, kind: 'malformed', sha, commit, problem: compiled.problem.replace('{where}', where) };
    return { ok: true, sha, plan: compiled.plan, commit };
  });
}

type Found = { ok: true; sha: string } | { ok: false; kind: 'not-found' | 'unreachable'; message: string };

/** The commit by SHA (protocol v2 servers serve any reachable one), else through its ref; the ref's head without one. */
async function fetchTarget(repo: RepoSession, target: CommitTarget): Promise<Found> {
  const refspecs = remoteRefspecs(target.ref);
  const { sha } = target;
  if (sha) {
    // An annotated tag's push names the tag object: the run is for the commit it points at.
    const present = async () => ((await repo.hasCommit(sha)) ? repo.resolve(sha) : null);
    const had = await present();
    if (had) return { ok: true, sha: had };
    const bySha = await repo.fetch([sha], 1);
    const fetched = bySha.ok ? await present() : null;
    if (fetched) return { ok: true, sha: fetched };
    if (!bySha.ok && bySha.kind !== 'refused-sha' && bySha.kind !== 'not-found') return failure(bySha.kind, bySha.message);
    for (const depth of [50, 1000]) {
      const viaRef = await fetchFirst(repo, refspecs, depth);
      if (!viaRef.ok) return viaRef;
      const found = await present();
      if (found) return { ok: true, sha: found };
    }
    return { ok: false, kind: 'not-found', message: `commit ${sha} is not in ${target.ref.ref} of the repository` };
  }
  const head = await fetchFirst(repo, refspecs, 1);
  if (!head.ok) return head;
  const headSha = await repo.resolve(head.local);
  return headSha ? { ok: true, sha: headSha } : { ok: false, kind: 'not-found', message: `${target.ref.ref} does not name a commit` };
}

/** The ref's names on the forge side (a pull request is refs/pull/N/head on GitHub and Gitea, refs/merge-requests/N/head on GitLab). */
function remoteRefspecs(ref: GitRef): Array<{ remote: string; local: string }> {
  if (ref.kind === 'pull_request') {
    const local = `refs/remotes/origin/pull/${ref.number}`;
    return [`refs/pull/${ref.number}/head`, `refs/merge-requests/${ref.number}/head`].map((remote) => ({ remote, local }));
  }
  if (ref.kind === 'branch') return [{ remote: ref.ref, local: remoteBranchRef(ref.name) }];
  return [{ remote: ref.ref, local: `refs/remotes/origin/tags/${ref.name}` }];
}

async function fetchFirst(repo: RepoSession, refspecs: Array<{ remote: string; local: string }>, depth: number): Promise<{ ok: true; local: string } | Extract<Found, { ok: false }>> {
  let last = '';
  for (const spec of refspecs) {
    const fetched = await repo.fetch([`+${spec.remote}:${spec.local}`], depth);
    if (fetched.ok) return { ok: true, local: spec.local };
    if (fetched.kind !== 'not-found') return failure(fetched.kind, fetched.message);
    last = `${spec.remote} does not exist in the repository`;
  }
  return { ok: false, kind: 'not-found', message: last };
}

function failure(kind: string, message: string): Extract<Found, { ok: false }> {
  return { ok: false, kind: kind === 'not-found' ? 'not-found' : 'unreachable', message };
}

type Compiled = { ok: true; plan: PipelinePlan } | { ok: false; problem: string };

async function compileWithChanges(repo: RepoSession, source: string, target: CommitTarget, sha: string): Promise<Compiled> {
  const base: ConditionContext = conditionContext(target);
  const run: RunRefFacts = { kind: target.ref.kind, branch: target.ref.kind === 'pull_request' ? (target.targetBranch ?? '') : target.ref.kind === 'branch' ? target.ref.name : '', sha, commitRange: target.commitRange };
  const asked: ChangeInOptions[] = [];
  const record = (_paths: string[], options: ChangeInOptions) => {
    asked.push(options);
    return false;
  };
  const first = compilePipeline(source, { fileName: target.pipelineFile, context: { ...base, changeIn: record } });
  if (!first.ok) return { ok: false, problem: describeErrors(first.errors) };
  if (asked.length === 0) return first;
  const changes = new Map<string, string[]>();
  for (const options of asked) {
    const decision = decideChangeRange(run, options);
    if (decision.kind === 'problem') return { ok: false, problem: `{where}: ${decision.problem}` };
    if (decision.kind === 'range' && !changes.has(rangeKey(decision.range))) {
      const found = await findChangedFiles(repo, decision.range);
      if (!found.ok) return { ok: false, problem: `{where}: ${found.problem}` };
      changes.set(rangeKey(decision.range), found.files);
    }
  }
  const changeIn = (paths: string[], options: ChangeInOptions) => answerChangeIn(changes, run, options, paths, target.pipelineFile);
  const second = compilePipeline(source, { fileName: target.pipelineFile, context: { ...base, changeIn } });
  return second.ok ? second : { ok: false, problem: describeErrors(second.errors) };
}

function answerChangeIn(changes: Map<string, string[]>, run: RunRefFacts, options: ChangeInOptions, paths: string[], pipelineFile: string): boolean {
  const decision = decideChangeRange(run, options);
  if (decision.kind !== 'range') return true;
  const files = changes.get(rangeKey(decision.range));
  // A range the first pass did not see cannot occur (evaluation does not depend on values); run rather than skip.
  if (files === undefined) return true;
  return matchesChanges(files, paths, options, pipelineFile);
}

function conditionContext(target: CommitTarget): ConditionContext {
  const { ref } = target;
  if (ref.kind === 'tag') return { tag: ref.name };
  if (ref.kind === 'pull_request') return { pullRequest: ref.number, branch: target.targetBranch || undefined };
  return { branch: ref.name };
}

/** Every problem with its position, one per line, after a line saying which file at which commit. */
function describeErrors(errors: readonly PipelineError[]): string {
  const lines = errors.slice(0, 20).map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
  const more = errors.length > 20 ? [`… and ${errors.length - 20} more`] : [];
  return [`the pipeline file {where} is not valid (${errors.length} problem${errors.length === 1 ? '' : 's'}):`, ...lines, ...more].join('\n');
}
