import { describe, expect, it } from 'vitest';
import { parseProcStat, processTree } from './process-tree.js';

describe('parseProcStat', () => {
  it.each([
    { name: 'a plain process', text: '123 (bash) S 100 123 123 34816 -1', expected: { pid: 123, ppid: 100, sid: 123 } },
    { name: 'a name with spaces and parentheses', text: '77 (my (weird) cmd) R 5 77 60 0 -1', expected: { pid: 77, ppid: 5, sid: 60 } },
    { name: 'a zombie is left out', text: '78 (sleep) Z 5 78 60 0 -1', expected: undefined },
  ])('$name', ({ text, expected }) => {
    expect(parseProcStat(text)).toEqual(expected);
  });
});

describe('processTree', () => {
  const processes = [
    { pid: 1, ppid: 0, sid: 1 },
    { pid: 10, ppid: 1, sid: 10 }, // the agent
    { pid: 20, ppid: 10, sid: 20 }, // the job shell, a session leader
    { pid: 21, ppid: 20, sid: 20 }, // a command
    { pid: 22, ppid: 1, sid: 20 }, // an orphaned background job, still in the session
    { pid: 30, ppid: 21, sid: 30 }, // a child that called setsid
    { pid: 40, ppid: 10, sid: 10 }, // something else of the agent's
  ];
  it.each([
    { name: 'the session and every descendant', root: 20, expected: [20, 21, 22, 30] },
    { name: 'the session outlives its leader', root: 20, list: processes.filter((p) => p.pid !== 20), expected: [21, 22, 30] },
    { name: 'never the agent or its own session', root: 40, expected: [40] },
    { name: 'a double-forked daemon found by the job marker in its environment', root: 20, list: [...processes, { pid: 50, ppid: 1, sid: 50, marked: true }], expected: [20, 21, 22, 30, 50] },
  ])('$name', ({ root, list, expected }) => {
    expect(processTree(root, list ?? processes, 10).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});
