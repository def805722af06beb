import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPtyProcess, type PtyProcess } from '../process/pty-process.js';
import { createMarkerScanner, type MarkerScanner } from './command-markers.js';
import { shellQuote } from './job-steps.js';

/**
 * One long-lived `bash --login` in a PTY for the whole job, as the official shell executor has (spec §3.3): each
 * command is written to a file and `source`d, so cwd, variables and functions carry over between commands. The
 * terminal's settings are saved at start and restored after every command, so `stty echo` in one command cannot
 * change how the next is read.
 */
export interface ShellSession {
  start(): Promise<void>;
  /** Runs one command; resolves with its exit status, or 1 when the shell died or was stopped meanwhile. */
  run(command: string, onOutput: (bytes: Uint8Array) => void): Promise<number>;
  isAlive(): boolean;
  /** Kills the shell and every process it started; the running command resolves with 1. */
  stop(): Promise<void>;
}

export interface ShellSessionOptions {
  workDir: string;
  home: string;
  env: Record<string, string>;
  stopGraceMs: number;
  shell?: string;
  startTimeoutMs?: number;
}

interface Current {
  scanner: MarkerScanner;
  onOutput: (bytes: Uint8Array) => void;
  resolve: (code: number) => void;
}

const half = () => randomBytes(6).toString('hex');

export function createShellSession(options: ShellSessionOptions): ShellSession {
  let pty: PtyProcess | undefined;
  let current: Current | undefined;
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const commandFile = join(options.workDir, 'command');

  function onData(bytes: Buffer): void {
    if (!current) return;
    const scan = current.scanner.feed(bytes);
    if (!stopped) for (const chunk of scan.output) current.onOutput(chunk);
    // A stopped command reports 1, as in the official agent where the killed shell never prints its status.
    if (scan.exitCode !== undefined) finish(stopped ? 1 : scan.exitCode);
  }

  function finish(code: number): void {
    const done = current;
    current = undefined;
    done?.resolve(code);
  }

  function onExit(): void {
    if (!current) return;
    if (!stopped) for (const chunk of current.scanner.rest()) current.onOutput(chunk);
    finish(1);
  }

  return {
    async start() {
      const [a, b] = [half(), half()];
      pty = startPtyProcess({ file: options.shell ?? 'bash', args: ['--login'], cwd: options.home, env: options.env });
      const ready = waitForLine(pty, `${a}-${b}`, options.startTimeoutMs ?? 60_000);
      pty.onData(onData);
      void pty.exited.then(onExit);
      pty.write(`export PS1=''; unset HISTFILE; stty -echo; __outpost_tty=$(stty -g); cd ~; printf '%s-%s\\n' ${a} ${b}\n`);
      await ready;
    },

    async run(command, onOutput) {
      if (!pty || !pty.isAlive() || stopped) return 1;
      await writeFile(commandFile, command, { mode: 0o600 });
      const [a, b, c, d] = [half(), half(), half(), half()];
      const exitCode = new Promise<number>((resolve) => {
        current = { scanner: createMarkerScanner(`${a}-${b}`, `${c}-${d}`), onOutput, resolve };
      });
      if (!pty.isAlive()) onExit();
      pty.write(
        `printf '\\001 %s-%s\\n' ${a} ${b}; source ${shellQuote(commandFile)}; __outpost_rc=$?; ` +
          `stty "$__outpost_tty" 2>/dev/null || :; printf '\\001 %s-%s %d\\n' ${c} ${d} "$__outpost_rc"\n`,
      );
      return exitCode;
    },

    isAlive: () => Boolean(pty?.isAlive()) && !stopped,

    stop() {
      stopped = true;
      stopping ??= (async () => {
        if (pty) await pty.kill(options.stopGraceMs);
        onExit();
      })();
      return stopping;
    },
  };
}

/** Resolves when the shell printed `marker` on a line of its own (the echoed init line has it split in two). */
function waitForLine(pty: PtyProcess, marker: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let seen = '';
    let done = false;
    const timer = setTimeout(() => settle(new Error(`bash did not start within ${timeoutMs} ms`)), timeoutMs);
    function settle(error?: Error): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    }
    pty.onData((bytes) => {
      if (done) return;
      seen = (seen + bytes.toString('latin1')).slice(-4096);
      if (new RegExp(`${marker}\\r?\\n`).test(seen)) settle();
    });
    void pty.exited.then(({ exitCode }) => settle(new Error(`bash exited with status ${exitCode} while starting`)));
  });
}
