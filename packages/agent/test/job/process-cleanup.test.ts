import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { LogEvent } from '@outpost/protocol';
import { describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/job/job-runner.js';
import { testHome } from '../support/agent.js';
import { simplifyLog } from '../support/scenarios.js';
import { waitFor } from '../../../../test-support/wait-for.js';

/** Running (a zombie has exited; it only waits to be reaped). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
};

function runner(home: string, commands: string[], events: LogEvent[]) {
  return createJobRunner({
    request: {
      job_id: 'local',
      commands: commands.map((directive) => ({ directive })),
      epilogue_always_commands: null,
      epilogue_on_pass_commands: null,
      epilogue_on_fail_commands: null,
      env_vars: null,
      files: null,
      logger: { method: 'push', url: '', token: '' },
    },
    hooks: { preJobHookPath: '', postJobHookPath: '', sourcePreJobHook: false, failOnPreJobHookError: false },
    hostEnvVars: [],
    emit: (event) => events.push(event),
    stopGraceMs: 300,
    log: pino({ level: 'silent' }),
    home,
    baseEnv: { ...(process.env as Record<string, string>), HOME: home },
  });
}

const pids = (home: string, names: string[]) => names.map((n) => Number(readFileSync(join(home, n), 'utf8')));

describe('the processes a job leaves behind', () => {
  it('are killed when the job ends: background jobs, setsid children, double-forked daemons and children that ignore SIGTERM', async () => {
    const home = testHome();
    const events: LogEvent[] = [];
    const result = await runner(
      home,
      [
        `sleep 600 & echo $! > ${home}/bg`,
        `setsid bash -c 'echo $$ > ${home}/setsid; exec sleep 600' &`,
        `(setsid bash -c 'echo $$ > ${home}/daemon; exec sleep 600' &) ; while [ ! -s ${home}/daemon ]; do sleep 0.01; done`,
        `bash -c 'trap "" TERM; echo $$ > ${home}/stubborn; exec sleep 600' &`,
        `while [ ! -s ${home}/stubborn ]; do sleep 0.01; done`,
      ],
      events,
    ).run();
    expect(result).toBe('passed');
    expect(pids(home, ['bg', 'setsid', 'daemon', 'stubborn']).map(alive)).toEqual([false, false, false, false]);
  });

  it('are killed, the whole tree, when the job is stopped mid-command', async () => {
    const home = testHome();
    const events: LogEvent[] = [];
    const job = runner(home, [`(sleep 600 & echo $! > ${home}/grandchild; wait) & echo $! > ${home}/child; wait`], events);
    const done = job.run();
    await waitFor(() => existsSync(join(home, 'grandchild')) && readFileSync(join(home, 'grandchild'), 'utf8') !== '');
    job.stop();
    expect(await done).toBe('stopped');
    expect(pids(home, ['child', 'grandchild']).map(alive)).toEqual([false, false]);
    expect(simplifyLog(events).slice(-2)).toEqual([expect.stringMatching(/^cmd_finished: .* → 1$/), 'job_finished: stopped']);
  });
});
