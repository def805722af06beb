import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach } from 'vitest';

const exec = promisify(execFile);

/**
 * A real git repository made by a test: a bare repository (the "forge" side, served as file:// or over HTTP) and a
 * work tree that commits and pushes to it. Everything is removed after each test.
 */
export interface TestRepo {
  /** The bare repository's directory. */
  bare: string;
  /** file:///…/origin.git */
  fileUrl: string;
  /** Commits `files` (null deletes a file) on `branch` and pushes it; answers the new commit's SHA. */
  commit(branch: string, files: Record<string, string | null>, message?: string): Promise<string>;
  /** Starts `branch` at `fromSha` (not pushed until its first commit). */
  branchFrom(branch: string, fromSha: string): Promise<void>;
  tag(name: string, sha: string): Promise<void>;
  deleteBranch(branch: string): Promise<void>;
  /** `git rev-parse` in the work tree. */
  revParse(rev: string): Promise<string>;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const GIT_TEST_ENV = {
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await exec('git', args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...GIT_TEST_ENV } });
  return stdout.trim();
}

export async function createTestRepo(): Promise<TestRepo> {
  const root = mkdtempSync(join(tmpdir(), 'outpost-git-'));
  dirs.push(root);
  const bare = join(root, 'origin.git');
  const work = join(root, 'work');
  await git(root, ['init', '--bare', '--quiet', '--initial-branch=main', bare]);
  await git(root, ['init', '--quiet', '--initial-branch=main', work]);
  await git(work, ['remote', 'add', 'origin', bare]);
  let current = 'main';
  return {
    bare,
    fileUrl: `file://${bare}`,
    async commit(branch, files, message = `change ${Object.keys(files).join(', ')}`) {
      if (branch !== current) {
        const exists = await git(work, ['branch', '--list', branch]);
        await git(work, exists ? ['checkout', '--quiet', branch] : ['checkout', '--quiet', '-b', branch]);
        current = branch;
      }
      for (const [path, content] of Object.entries(files)) {
        const full = join(work, path);
        if (content === null) rmSync(full, { force: true });
        else {
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, content);
        }
      }
      await git(work, ['add', '-A']);
      await git(work, ['commit', '--quiet', '--allow-empty', '-m', message]);
      await git(work, ['push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`]);
      return git(work, ['rev-parse', 'HEAD']);
    },
    async branchFrom(branch, fromSha) {
      await git(work, ['checkout', '--quiet', '-B', branch, fromSha]);
      current = branch;
    },
    async tag(name, sha) {
      await git(work, ['tag', '-f', name, sha]);
      await git(work, ['push', '--quiet', '--force', 'origin', `refs/tags/${name}`]);
    },
    async deleteBranch(branch) {
      await git(work, ['push', '--quiet', 'origin', `:refs/heads/${branch}`]);
    },
    revParse: (rev) => git(work, ['rev-parse', rev]),
  };
}
