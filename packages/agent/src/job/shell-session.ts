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

/** The session's shell, the command running in it, and whether it was stopped. */
interface Session {
  options: ShellSessionOptions;
  commandFile: string;
  pty: PtyProcess | undefined;
  current: Current | undefined;
  stopped: boolean;
  stopping: Promise<void> | undefined;
}

export function createShellSession(options: ShellSessionOptions): ShellSession {
  const session: Session = { options, commandFile: join(options.workDir, 'command'), pty: undefined, current: undefined, stopped: false, stopping: undefined };
  return {
    start: () => startShell(session),
    run: (command, onOutput) => runCommand(session, command, onOutput),
    isAlive: () => Boolean(session.pty?.isAlive()) && !session.stopped,
    stop() {
      session.stopped = true;
      session.stopping ??= (async () => {
        if (session.pty) await session.pty.kill(options.stopGraceMs);
        onExit(session);
      })();
      return session.stopping;
    },
  };
}

async function startShell(session: Session): Promise<void> {
  const { options } = session;
  const [a, b] = [half(), half()];
  const pty = startPtyProcess({ file: options.shell ?? 'bash', args: ['--login'], cwd: options.home, env: options.env });
  session.pty = pty;
  const ready = waitForLine(pty, `${a}-${b}`, options.startTimeoutMs ?? 60_000);
  pty.onData((bytes) => onData(session, bytes));
  void pty.exited.then(() => onExit(session));
  pty.write(`export PS1=''; unset HISTFILE; stty -echo; __outpost_tty=$(stty -g); cd ~; printf '%s-%s\\n' ${a} ${b}\n`);
  await ready;
}

async function runCommand(session: Session, command: string, onOutput: (bytes: Uint8Array) => void): Promise<number> {
  const { pty } = session;
  if (!pty || !pty.isAlive() || session.stopped) return 1;
  await writeFile(session.commandFile, command, { mode: 0o600 });
  const [a, b, c, d] = [half(), half(), half(), half()];
  const exitCode = new Promise<number>((resolve) => {
    session.current = { scanner: createMarkerScanner(`${a}-${b}`, `${c}-${d}`), onOutput, resolve };
  });
  if (!pty.isAlive()) onExit(session);
  pty.write(
    `printf '\\001 %s-%s\\n' ${a} ${b}; source ${shellQuote(session.commandFile)}; __outpost_rc=$?; ` +
      `stty "$__outpost_tty" 2>/dev/null || :; printf '\\001 %s-%s %d\\n' ${c} ${d} "$__outpost_rc"\n`,
  );
  return exitCode;
}

function onData(session: Session, bytes: Buffer): void {
  const current = session.current;
  if (!current) return;
  const scan = current.scanner.feed(bytes);
  if (!session.stopped) for (const chunk of scan.output) current.onOutput(chunk);
  // A stopped command reports 1, as in the official agent where the killed shell never prints its status.
  if (scan.exitCode !== undefined) finish(session, session.stopped ? 1 : scan.exitCode);
}

function finish(session: Session, code: number): void {
  const done = session.current;
  session.current = undefined;
  done?.resolve(code);
}

function onExit(session: Session): void {
  const current = session.current;
  if (!current) return;
  if (!session.stopped) for (const chunk of current.scanner.rest()) current.onOutput(chunk);
  finish(session, 1);
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
