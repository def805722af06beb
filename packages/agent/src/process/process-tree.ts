import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { platform } from 'node:os';
import { promisify } from 'node:util';

/**
 * The processes a job started: every process in the job shell's session (background jobs of an interactive bash
 * get process groups of their own, and orphans are reparented, but all stay in the session) plus every descendant
 * of the shell (in case one called setsid).
 */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  sid: number;
}

export async function listProcesses(): Promise<ProcessInfo[]> {
  return platform() === 'linux' ? listFromProc() : listFromPs();
}

async function listFromProc(): Promise<ProcessInfo[]> {
  const entries = await readdir('/proc');
  const infos = await Promise.all(
    entries.filter((e) => /^\d+$/.test(e)).map(async (e) => {
      try {
        return parseProcStat(await readFile(`/proc/${e}/stat`, 'latin1'));
      } catch {
        // The process exited between readdir and readFile; it needs no killing.
        return undefined;
      }
    }),
  );
  return infos.filter((i): i is ProcessInfo => i !== undefined);
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
export async function killProcessTree(root: number, options: { graceMs: number; sleep?: (ms: number) => Promise<void> }): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const initial = processTree(root, await listProcesses());
  signal(initial.filter((pid) => pid !== root), 'SIGTERM');
  signal(initial.filter((pid) => pid !== root), 'SIGCONT');
  const deadline = Date.now() + options.graceMs;
  while (Date.now() < deadline) {
    const left = processTree(root, await listProcesses()).filter((pid) => pid !== root);
    if (left.length === 0) break;
    await sleep(25);
  }
  for (let round = 0; round < 20; round++) {
    const left = processTree(root, await listProcesses());
    if (left.length === 0) return;
    signal(left, 'SIGKILL');
    await sleep(10);
  }
}
