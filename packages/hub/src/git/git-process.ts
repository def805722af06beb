import { spawn } from 'node:child_process';

/**
 * Runs the system `git` with an argument array (never a shell) in its own process group, so a timeout or a cap ends
 * git and everything it started (ssh, git-remote-https, index-pack) at once. stdout is capped; stderr keeps its last
 * few kilobytes for the message a person reads.
 */
export interface GitRunOptions {
  cwd?: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** stdout beyond this ends the run (reason `output-cap`). */
  maxOutputBytes: number;
  /** Polled while git runs: a returned sentence ends the run (reason `watch`); the fetch size cap uses it. */
  watch?: { intervalMs: number; check: () => Promise<string | null> };
}

export type GitRunResult =
  | { ok: true; stdout: Buffer; stderr: string }
  | { ok: false; reason: 'exit' | 'timeout' | 'output-cap' | 'watch' | 'spawn'; exitCode: number | null; stderr: string; detail: string };

const STDERR_KEEP_BYTES = 8 * 1024;

export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitRunResult> {
  return new Promise((resolve) => {
    const child = spawn('git', [...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let stopped: { reason: 'timeout' | 'output-cap' | 'watch'; detail: string } | null = null;
    const stop = (reason: 'timeout' | 'output-cap' | 'watch', detail: string) => {
      if (stopped) return;
      stopped = { reason, detail };
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timeout', `git ${args[0] ?? ''} took longer than ${Math.round(options.timeoutMs / 1000)} s`), options.timeoutMs);
    const watcher = options.watch ? startWatch(options.watch, (detail) => stop('watch', detail)) : null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxOutputBytes) return stop('output-cap', `git ${args[0] ?? ''} wrote more than ${options.maxOutputBytes} bytes`);
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP_BYTES);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      watcher?.stop();
      resolve({ ok: false, reason: 'spawn', exitCode: null, stderr, detail: `cannot run git: ${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      watcher?.stop();
      if (stopped) return resolve({ ok: false, reason: stopped.reason, exitCode: code, stderr, detail: stopped.detail });
      if (code !== 0) return resolve({ ok: false, reason: 'exit', exitCode: code, stderr, detail: `git ${args[0] ?? ''} exited with ${code}` });
      resolve({ ok: true, stdout: Buffer.concat(stdout), stderr });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: the group is gone already, which is what killing it wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function startWatch(watch: NonNullable<GitRunOptions['watch']>, onProblem: (detail: string) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    watch
      .check()
      .then((problem) => {
        if (problem) onProblem(problem);
      })
      // A failed look (a pack renamed under us) is not a reason to stop git; the next tick looks again.
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, watch.intervalMs);
  return { stop: () => clearInterval(timer) };
}

/** The last lines of git's stderr for a message: progress lines dropped, at most 500 characters. */
export function gitSaid(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(remote: )?(Counting|Compressing|Receiving|Resolving|Enumerating|Total|Unpacking)/.test(l));
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  return lines.slice(-4).join(' ').replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 500);
}
