import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { gitSaid, runGit, type GitRunOptions, type GitRunResult } from './git-process.js';
import { basicAuthorization, gitEnvironment, sshCommand, type GitCredential } from './git-env-policy.js';
import type { RepoUrl } from './repo-url-policy.js';

/**
 * The hub's copy of each project's repository: a bare repository per project under `<dataDir>/git/`, filled by
 * shallow fetches of exactly the commits a run needs. One session per project at a time (fetches share the
 * repository's shallow file and lock files); sessions of different projects run side by side.
 */
export interface RepoAccess {
  projectId: string;
  url: RepoUrl;
  credential: GitCredential;
}

export interface GitLimits {
  /** Each git command. */
  timeoutMs: number;
  /** What one fetch may add to the repository. */
  fetchMaxBytes: number;
  /** The largest pipeline file read. */
  fileMaxBytes: number;
}

export type FetchOutcome = { ok: true } | { ok: false; kind: 'not-found' | 'refused-sha' | 'unreachable' | 'too-large' | 'timeout'; message: string };
export type FileOutcome = { ok: true; text: string } | { ok: false; problem: string };

/** What a session can do with one project's repository. Revisions are full SHAs or refs the session fetched. */
export interface RepoSession {
  fetch(refspecs: readonly string[], depth: number): Promise<FetchOutcome>;
  hasCommit(sha: string): Promise<boolean>;
  /** The commit a fetched ref (or SHA) names, or null. */
  resolve(rev: string): Promise<string | null>;
  /** The commit's parents as its object records them (a shallow boundary keeps them). */
  parents(sha: string): Promise<string[]>;
  mergeBase(a: string, b: string): Promise<string | null>;
  /** Paths changed from `from` to `to`, or null when git could not compare them (history missing). */
  changedPaths(from: string, to: string): Promise<string[] | null>;
  allPaths(sha: string): Promise<string[] | null>;
  readFile(sha: string, path: string): Promise<FileOutcome>;
  /** The author's name and the subject of a commit. */
  commitInfo(sha: string): Promise<{ author: string; subject: string } | null>;
}

export interface RepositoryCache {
  session<T>(access: RepoAccess, work: (repo: RepoSession) => Promise<T>): Promise<T>;
  /** The host keys the hub learned for a project (pinned for its jobs' checkout); '' before its first ssh fetch. */
  knownHosts(projectId: string): Promise<string>;
  remove(projectId: string): Promise<void>;
}

export interface RepositoryCacheDeps {
  dataDir: string;
  limits: GitLimits;
  log: Logger;
  /** The ssh program (a test stand-in when OUTPOST_ALLOW_TEST_OVERRIDES allows); `ssh` otherwise. */
  sshProgram?: string;
}

const SMALL_OUTPUT_BYTES = 1024 * 1024;
// A fetch's pack growth is looked at four times a second: a 50 MB/s link overshoots the cap by ~12 MB at most.
const SIZE_WATCH_MS = 250;

export function createRepositoryCache(deps: RepositoryCacheDeps): RepositoryCache {
  const root = join(deps.dataDir, 'git');
  const locks = new Map<string, Promise<unknown>>();
  const paths = (projectId: string) => ({ repo: join(root, `${projectId}.git`), knownHosts: join(root, `${projectId}.known_hosts`) });

  async function session<T>(access: RepoAccess, work: (repo: RepoSession) => Promise<T>): Promise<T> {
    const previous = locks.get(access.projectId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const dir = paths(access.projectId).repo;
      await ensureBareRepository(dir, deps.limits);
      return work(createSession(deps, access, dir, paths(access.projectId).knownHosts, root));
    });
    locks.set(access.projectId, run);
    try {
      return await run;
    } finally {
      if (locks.get(access.projectId) === run) locks.delete(access.projectId);
    }
  }

  return {
    session,
    async knownHosts(projectId) {
      return readText(paths(projectId).knownHosts);
    },
    async remove(projectId) {
      const { repo, knownHosts } = paths(projectId);
      await rm(repo, { recursive: true, force: true });
      await rm(knownHosts, { force: true });
    },
  };
}

async function ensureBareRepository(dir: string, limits: GitLimits): Promise<void> {
  if (await exists(join(dir, 'HEAD'))) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const result = await runGit(['init', '--bare', '--quiet', '--', dir], { env: baseEnv(), timeoutMs: limits.timeoutMs, maxOutputBytes: SMALL_OUTPUT_BYTES });
  if (!result.ok) throw new Error(`create the repository cache ${dir}: ${gitSaid(result.stderr) || result.detail}`);
}

function createSession(deps: RepositoryCacheDeps, access: RepoAccess, dir: string, knownHostsPath: string, root: string): RepoSession {
  const { limits } = deps;
  const local = (args: string[], maxOutputBytes = SMALL_OUTPUT_BYTES): Promise<GitRunResult> =>
    runGit(args, { cwd: dir, env: baseEnv(), timeoutMs: limits.timeoutMs, maxOutputBytes });
  const lines = async (args: string[]): Promise<string[] | null> => {
    const result = await local(args, 64 * 1024 * 1024);
    return result.ok ? result.stdout.toString('utf8').split('\0').filter(Boolean) : null;
  };

  return {
    async fetch(refspecs, depth) {
      const args = ['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--no-auto-gc', `--depth=${depth}`, '--', access.url.url, ...refspecs];
      const watch = await packGrowthWatch(dir, limits.fetchMaxBytes);
      const result = await withCredentials(deps, access, knownHostsPath, root, (env) =>
        runGit(args, { cwd: dir, env, timeoutMs: limits.timeoutMs, maxOutputBytes: SMALL_OUTPUT_BYTES, watch }),
      );
      // A fetch faster than the watch's tick is measured once more at the end.
      const oversize = result.ok ? await watch.check() : result.reason === 'watch' ? result.detail : null;
      if (oversize) {
        // The copy is only a cache: dropping it is the one way to be sure nothing of the oversized fetch stays.
        await rm(dir, { recursive: true, force: true });
        await ensureBareRepository(dir, limits);
        return { ok: false, kind: 'too-large', message: oversize };
      }
      if (result.ok) return { ok: true };
      if (result.reason !== 'exit') await removeLeftovers(dir);
      return classifyFetchFailure(result, access.url.url, limits);
    },
    async hasCommit(sha) {
      return (await local(['cat-file', '-e', `${sha}^{commit}`])).ok;
    },
    async resolve(rev) {
      const result = await local(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
      return result.ok ? result.stdout.toString('utf8').trim() : null;
    },
    async parents(sha) {
      const result = await local(['cat-file', 'commit', sha]);
      if (!result.ok) return [];
      const header = result.stdout.toString('utf8').split('\n\n')[0] ?? '';
      return header.split('\n').filter((l) => l.startsWith('parent ')).map((l) => l.slice('parent '.length).trim());
    },
    async mergeBase(a, b) {
      const result = await local(['merge-base', '--end-of-options', a, b]);
      return result.ok ? result.stdout.toString('utf8').trim() || null : null;
    },
    changedPaths: (from, to) => lines(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', from, to, '--']),
    allPaths: (sha) => lines(['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha]),
    readFile: (sha, path) => readBlob(local, limits.fileMaxBytes, sha, path),
    async commitInfo(sha) {
      const result = await local(['log', '-n', '1', '--format=%an%x00%s', sha, '--']);
      if (!result.ok) return null;
      const [author = '', subject = ''] = result.stdout.toString('utf8').trim().split('\0');
      return { author, subject };
    },
  };
}

/** The file at `path` in commit `sha`: a regular file of UTF-8 text no larger than the cap. */
async function readBlob(local: (args: string[], max?: number) => Promise<GitRunResult>, maxBytes: number, sha: string, path: string): Promise<FileOutcome> {
  const listed = await local(['ls-tree', '-z', '-l', '--full-tree', sha, '--', path]);
  if (!listed.ok) return { ok: false, problem: `git could not list the commit: ${gitSaid(listed.stderr) || listed.detail}` };
  const entry = listed.stdout.toString('utf8').split('\0').find((e) => e.endsWith(`\t${path}`));
  if (!entry) return { ok: false, problem: 'the file does not exist' };
  const [mode = '', type = '', oid = '', size = ''] = entry.slice(0, entry.indexOf('\t')).split(/\s+/);
  if (type !== 'blob') return { ok: false, problem: 'it is a directory, not a file' };
  if (mode === '120000') return { ok: false, problem: 'it is a symbolic link; point the project at the file itself' };
  if (Number(size) > maxBytes) return { ok: false, problem: `the file has ${size} bytes; a pipeline file may have at most ${maxBytes}` };
  const blob = await local(['cat-file', 'blob', oid], maxBytes);
  if (!blob.ok) return { ok: false, problem: `git could not read the file: ${gitSaid(blob.stderr) || blob.detail}` };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(blob.stdout);
    if (text.includes('\u0000')) return { ok: false, problem: 'the file contains a NUL byte; a pipeline file is UTF-8 text' };
    return { ok: true, text };
  } catch {
    // Not UTF-8: the caller reports the file as unreadable text.
    return { ok: false, problem: 'the file is not UTF-8 text' };
  }
}

/** Runs a networked git with the project's credentials: an ssh key in a 0600 file removed afterwards, or a token header. */
async function withCredentials(
  deps: RepositoryCacheDeps,
  access: RepoAccess,
  knownHostsPath: string,
  root: string,
  run: (env: Record<string, string>) => Promise<GitRunResult>,
): Promise<GitRunResult> {
  const { credential, url } = access;
  const common = { urlKind: url.kind, path: process.env.PATH ?? '/usr/bin:/bin', home: process.env.HOME ?? root };
  if (url.kind !== 'ssh') {
    const authorization = credential.kind === 'token' ? basicAuthorization(credential.token, credential.username) : null;
    return run(gitEnvironment({ ...common, authorization, sshCommand: null }));
  }
  const tmp = join(root, 'tmp');
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  const keyDir = await mkdtemp(join(tmp, 'key-'));
  try {
    const keyPath = join(keyDir, 'id');
    if (credential.kind === 'ssh_key') await writeFile(keyPath, withFinalNewline(credential.sshKey), { mode: 0o600 });
    await chmod(keyDir, 0o700);
    const program = deps.sshProgram ?? 'ssh';
    const command = credential.kind === 'ssh_key' ? sshCommand({ program, keyPath, knownHostsPath, strict: false }) : sshCommand({ program, keyPath: '/dev/null', knownHostsPath, strict: false });
    return await run(gitEnvironment({ ...common, authorization: null, sshCommand: command }));
  } finally {
    await rm(keyDir, { recursive: true, force: true });
  }
}

// OpenSSH refuses a private key whose last line lacks its newline ("invalid format").
const withFinalNewline = (key: string) => (key.endsWith('\n') ? key : `${key}\n`);

function classifyFetchFailure(result: Extract<GitRunResult, { ok: false }>, url: string, limits: GitLimits): FetchOutcome {
  const said = gitSaid(result.stderr);
  if (result.reason === 'timeout') return { ok: false, kind: 'timeout', message: `fetching from ${url} took longer than ${Math.round(limits.timeoutMs / 1000)} s` };
  if (result.reason === 'watch') return { ok: false, kind: 'too-large', message: result.detail };
  if (/couldn't find remote ref|no such remote ref/i.test(said)) return { ok: false, kind: 'not-found', message: said };
  if (/not our ref|unadvertised object|want .* not valid|upload-pack: not our ref/i.test(said)) return { ok: false, kind: 'refused-sha', message: said };
  return { ok: false, kind: 'unreachable', message: `git could not fetch from ${url}: ${said || result.detail}` };
}

/** Polls the growth of objects/pack (every received object lands in a pack, see git-env-policy.ts). */
async function packGrowthWatch(dir: string, maxBytes: number): Promise<NonNullable<GitRunOptions['watch']>> {
  const packDir = join(dir, 'objects', 'pack');
  const before = await directoryBytes(packDir);
  return {
    intervalMs: SIZE_WATCH_MS,
    async check() {
      const grown = (await directoryBytes(packDir)) - before;
      return grown > maxBytes ? `the fetch is larger than the limit of ${formatMiB(maxBytes)} (OUTPOST_GIT_FETCH_MAX_BYTES); nothing was run` : null;
    },
  };
}

const formatMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;

async function directoryBytes(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let total = 0;
  for (const name of names) total += await stat(join(dir, name)).then((s) => s.size, () => 0);
  return total;
}

/** A killed fetch leaves temporary packs and lock files; the next fetch would trip over the locks. */
async function removeLeftovers(dir: string): Promise<void> {
  const packDir = join(dir, 'objects', 'pack');
  for (const name of await readdir(packDir).catch(() => [] as string[])) {
    if (name.startsWith('tmp_')) await rm(join(packDir, name), { force: true });
  }
  for (const lock of ['shallow.lock', 'FETCH_HEAD.lock', 'packed-refs.lock']) await rm(join(dir, lock), { force: true });
  await removeLockFiles(join(dir, 'refs'));
}

async function removeLockFiles(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await removeLockFiles(path);
    else if (entry.name.endsWith('.lock')) await rm(path, { force: true });
  }
}

function baseEnv(): Record<string, string> {
  return gitEnvironment({ urlKind: 'file', authorization: null, sshCommand: null, path: process.env.PATH ?? '/usr/bin:/bin', home: process.env.HOME ?? '/' });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readText(path: string): Promise<string> {
  // No file yet: the project has not been fetched over ssh, so no host key is known.
  return readFile(path, 'utf8').catch(() => '');
}
