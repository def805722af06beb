import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { JOB_MARKER_VARIABLE, killProcessTree } from './process-tree.js';

/**
 * A process in a pseudo-terminal (node-pty), with raw bytes out, text in, and an end that takes its whole process
 * tree with it. The job shell runs here, like the official agent's `bash --login` in a PTY.
 */
export interface PtyProcess {
  readonly pid: number;
  write(text: string): void;
  onData(listener: (bytes: Buffer) => void): void;
  /** Resolves when the process has exited and its output was read to the end. */
  readonly exited: Promise<{ exitCode: number; signal: number }>;
  isAlive(): boolean;
  /** SIGTERM to the tree, SIGKILL after `graceMs`, then the terminal is closed. */
  kill(graceMs: number): Promise<void>;
}

export interface PtyOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

export function startPtyProcess(options: PtyOptions): PtyProcess {
  const pty: IPty = spawnPty(options.file, options.args, {
    name: options.env.TERM || 'xterm',
    cols: options.cols ?? 200,
    rows: options.rows ?? 50,
    cwd: options.cwd,
    env: options.env,
    // Raw bytes: output is cut and decoded by the job's chunker, never by node-pty.
    encoding: null,
  });
  let alive = true;
  const listeners: ((bytes: Buffer) => void)[] = [];
  pty.onData((data: string | Buffer) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (const listener of listeners) listener(bytes);
  });
  const exited = new Promise<{ exitCode: number; signal: number }>((resolve) => {
    pty.onExit(({ exitCode, signal }) => {
      alive = false;
      resolve({ exitCode, signal: signal ?? 0 });
    });
  });
  return {
    pid: pty.pid,
    write(text) {
      if (alive) pty.write(text);
    },
    onData(listener) {
      listeners.push(listener);
    },
    exited,
    isAlive: () => alive,
    async kill(graceMs) {
      await killProcessTree(pty.pid, { graceMs, marker: options.env[JOB_MARKER_VARIABLE] });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      if (alive) pty.kill('SIGKILL');
      // Not in node-pty's typings, but closing the master releases its file descriptor at once.
      (pty as IPty & { destroy?: () => void }).destroy?.();
    },
  };
}
