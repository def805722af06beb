import type { RepoSession } from './repository-cache.js';
import type { ChangeRange, Rev } from './change-in-policy.js';

/**
 * The files a commit range changed, fetching only as much history as the comparison needs: each round fetches the
 * commits (and branches) of the range at a depth, and goes deeper when a parent or a merge base is not there yet.
 * Three rounds (50, 250, 1000 commits) bound the work; a merge base further back than that is reported, not guessed.
 */
export type ChangedFiles = { ok: true; files: string[] } | { ok: false; problem: string };

const DEPTHS = [50, 250, 1000];

export async function findChangedFiles(repo: RepoSession, range: ChangeRange): Promise<ChangedFiles> {
  for (const depth of DEPTHS) {
    const fetched = await fetchRange(repo, range, depth);
    if (!fetched.ok) return fetched;
    const from = await walkBack(repo, range.from);
    const to = await walkBack(repo, range.to);
    if (from === 'root') return listAll(repo, to);
    if (from === null || to === null || to === 'root') continue;
    const base = range.mergeBase ? await repo.mergeBase(from, to) : from;
    if (base === null) continue;
    const files = await repo.changedPaths(base, to);
    if (files !== null) return { ok: true, files };
  }
  return { ok: false, problem: `change_in: the commits of ${describeRange(range)} share no history within the last ${DEPTHS[DEPTHS.length - 1]} commits` };
}

async function fetchRange(repo: RepoSession, range: ChangeRange, depth: number): Promise<ChangedFiles> {
  const revs = [range.from, range.to];
  const shas = [...new Set(revs.filter((r) => r.kind === 'commit').map((r) => r.sha))];
  const branches = [...new Set(revs.filter((r) => r.kind === 'branch').map((r) => r.name))];
  const refspecs = [...shas, ...branches.map((b) => `+refs/heads/${b}:${remoteBranchRef(b)}`)];
  const fetched = await repo.fetch(refspecs, depth);
  if (fetched.ok) return { ok: true, files: [] };
  if (fetched.kind === 'not-found' && branches.length > 0) {
    return {
      ok: false,
      problem: `change_in: the branch ${branches.map((b) => `'${b}'`).join(' or ')} does not exist in the repository; name the default branch, e.g. change_in('/lib', {default_branch: 'main'})`,
    };
  }
  return { ok: false, problem: `change_in: ${fetched.message}` };
}

/** Where the hub keeps a fetched branch in its cache. */
export const remoteBranchRef = (name: string) => `refs/remotes/origin/heads/${name}`;

/** The commit `back` first parents behind the revision; 'root' past the first commit; null when not fetched yet. */
async function walkBack(repo: RepoSession, rev: Rev): Promise<string | 'root' | null> {
  let sha = rev.kind === 'commit' ? rev.sha : await repo.resolve(remoteBranchRef(rev.name));
  for (let i = 0; i < rev.back && sha !== null; i++) {
    const [parent] = await repo.parents(sha);
    if (parent === undefined) return 'root';
    sha = (await repo.hasCommit(parent)) ? parent : null;
  }
  if (sha === null || !(await repo.hasCommit(sha))) return null;
  return sha;
}

async function listAll(repo: RepoSession, to: string | 'root' | null): Promise<ChangedFiles> {
  if (to === null || to === 'root') return { ok: false, problem: 'change_in: the commit to compare is not in the repository' };
  const files = await repo.allPaths(to);
  return files === null ? { ok: false, problem: 'change_in: git could not list the files of the first commit' } : { ok: true, files };
}

function describeRange(range: ChangeRange): string {
  const rev = (r: Rev) => `${r.kind === 'commit' ? r.sha.slice(0, 12) : r.name}${r.back > 0 ? `~${r.back}` : ''}`;
  return `${rev(range.from)}${range.mergeBase ? '...' : '..'}${rev(range.to)}`;
}
