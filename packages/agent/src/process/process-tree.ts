import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { platform } from 'node:os';
import { promisify } from 'node:util';

/**
 * The processes a job started: every process in the job shell's session (background jobs of an interactive bash
 * get process groups of their own, and orphans are reparented, but all stay in the session), every descendant of
 * the shell (in case one called setsid), and on Linux every process whose environment carries the job's marker
 * variable (a daemon that double-forked into a session of its own: Jenkins' ProcessTreeKiller idea).
 */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  sid: number;
  /** Its environment has the job's marker. */
  marked?: boolean;
}

/** Set in every job shell's environment to a value unique to the job. */
export const JOB_MARKER_VARIABLE = 'OUTPOST_JOB_MARKER';

export async function listProcesses(marker?: string): Promise<ProcessInfo[]> {
  return platform() === 'linux' ? listFromProc(marker) : listFromPs();
}

async function listFromProc(marker: string | undefined): Promise<ProcessInfo[]> {
  const entries = await readdir('/proc');
  const needle = marker ? Buffer.from(`${JOB_MARKER_VARIABLE}=${marker}\0`) : undefined;
  const infos = await Promise.all(
    entries.filter((e) => /^\d+$/.test(e)).map(async (e) => {
      try {
        const info = parseProcStat(await readFile(`/proc/${e}/stat`, 'latin1'));
        if (info && needle) info.marked = await environHas(e, needle);
        return info;
      } catch {
        // The process exited between readdir and readFile; it needs no killing.
        return undefined;
      }
    }),
  );
  return infos.filter((i): i is ProcessInfo => i !== undefined);
}

async function environHas(pid: string, needle: Buffer): Promise<boolean> {
  try {
    const environ = await readFile(`/proc/${pid}/environ`);
    const at = environ.indexOf(needle);
    return at === 0 || (at > 0 && environ[at - 1] === 0);
  } catch {
    // Another user's process (EACCES) cannot be ours to kill.
    return false;
  }
}

/** `/proc/<pid>/stat`: "pid (comm) state ppid pgrp session …"; comm may contain spaces and parentheses. */
export function parseProcStat(text: string): ProcessInfo | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const sid = Number(fields[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(sid)) return undefined;
  // A zombie has exited already; it only waits for its parent to reap it.
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return { pid, ppid, sid };
}

async function listFromPs(): Promise<ProcessInfo[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'sess=', '-o', 'stat=']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && !(f[3] ?? '').startsWith('Z'))
    .map(([pid = '', ppid = '', sid = '']) => ({ pid: Number.parseInt(pid, 10), ppid: Number.parseInt(ppid, 10), sid: Number.parseInt(sid, 16) }))
    .filter((p) => Number.isInteger(p.pid) && Number.isInteger(p.ppid) && Number.isInteger(p.sid));
}

/** The root, its session (unless that is the agent's own) and all its descendants (pure). */
export function processTree(root: number, processes: readonly ProcessInfo[], selfPid: number = process.pid): number[] {
  const rootInfo = processes.find((p) => p.pid === root);
  const selfSid = processes.find((p) => p.pid === selfPid)?.sid;
  const members = new Set<number>([root]);
  // A session outlives its leader, so the session of a shell that already exited is still found by its pid.
  const sid = rootInfo?.sid ?? root;
  if (sid !== selfSid) for (const p of processes) if (p.sid === sid) members.add(p.pid);
  for (const p of processes) if (p.marked) members.add(p.pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of processes) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  members.delete(selfPid);
  const alive = new Set(processes.map((p) => p.pid));
  return [...members].filter((pid) => alive.has(pid));
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone (ESRCH) or not ours (EPERM): nothing left to do for that pid.
    }
  }
}

/**
 * Ends a job's processes: SIGTERM to all but the shell (an interactive bash ignores it anyway), up to `graceMs`
 * for them to go, then SIGKILL to whatever is left, the shell included. Returns once a listing shows none left.
 */
export async function killProcessTree(root: number, options: { graceMs: number; marker?: string; sleep?: (ms: number) => Promise<void> }): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const list = () => listProcesses(options.marker);
  const initial = processTree(root, await list());
  signal(initial.filter((pid) => pid !== root), 'SIGTERM');
  signal(initial.filter((pid) => pid !== root), 'SIGCONT');
  const deadline = Date.now() + options.graceMs;
  while (Date.now() < deadline) {
    const left = processTree(root, await list()).filter((pid) => pid !== root);
    if (left.length === 0) break;
    await sleep(25);
  }
  for (let round = 0; round < 20; round++) {
    const left = processTree(root, await list());
    if (left.length === 0) return;
    signal(left, 'SIGKILL');
    await sleep(10);
  }
}
