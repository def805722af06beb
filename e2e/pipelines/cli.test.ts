import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn as spawnPty } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import type { JobList, PipelineDescribe } from '@outpost/protocol';
import { waitFor } from '../../test-support/wait-for.js';
import { ADMIN_TOKEN, HUB_BIN, api, createAgentType, run, startAgentProcess, startHubProcess, tempDir, type HubProcess } from '../agent/support/processes.js';

const TYPE = 's1-e2e-pipelines';

/** The newcomer's file: three blocks, the middle one a matrix, on two real Outpost agents. */
const THREE_BLOCKS = `version: v1.0
name: Newcomer pipeline
agent:
  machine:
    type: ${TYPE}
blocks:
  - name: Build
    task:
      jobs:
        - name: Build
          commands:
            - echo "building on $SEMAPHORE_GIT_BRANCH"
  - name: Test
    task:
      prologue:
        commands:
          - echo "prologue of $SEMAPHORE_BLOCK_NAME"
      jobs:
        - name: Unit
          matrix:
            - env_var: LANG_VERSION
              values: ["1", "2"]
          commands:
            - echo "unit tests on $LANG_VERSION"
  - name: Package
    task:
      jobs:
        - name: Package
          commands:
            - echo "packaging $SEMAPHORE_PIPELINE_ID"
`;

const FAILING = THREE_BLOCKS.replace('echo "unit tests on $LANG_VERSION"', 'test "$LANG_VERSION" = 1');
const BROKEN = 'version: v1.0\nname: x\nagent:\n  machine:\n    type: e1-standard-2\nblocks:\n  - name: A\n    task:\n      jobs:\n        - name: a\n          commands: [echo]\n';

async function outpost(hub: HubProcess, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = run([HUB_BIN, ...args], { OUTPOST_URL: hub.url, OUTPOST_TOKEN: ADMIN_TOKEN });
  const code = await proc.exited;
  return { code, stdout: proc.stdout.join(''), stderr: proc.stderr.join('') };
}

async function hubWithTwoAgents() {
  const hub = await startHubProcess();
  const token = await createAgentType(hub, TYPE);
  const agents = [startAgentProcess(hub, token, { args: ['--name', 'pipeline-agent-1'] }), startAgentProcess(hub, token, { args: ['--name', 'pipeline-agent-2'] })];
  await waitFor(async () => (await api<{ agents: unknown[] }>(hub, 'GET', `/api/v1alpha/agents?agent_type=${TYPE}`)).agents.length === 2, { timeoutMs: 20_000, message: 'two agents' });
  const dir = tempDir();
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return { hub, agents, file };
}

describe('outpost pipelines with real agents', () => {
  it('runs three blocks (one a matrix) in order with --follow, each job once, and exits 0', { timeout: 90_000 }, async () => {
    const { hub, agents, file } = await hubWithTwoAgents();
    const result = await outpost(hub, ['pipelines', 'run', '-f', file('semaphore.yml', THREE_BLOCKS), '--branch', 'main', '--follow']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('pipeline running');
    expect(lines.at(-1)).toBe('pipeline done: passed (test)');
    const index = (line: string) => lines.findIndex((l) => l.startsWith(line));
    // In the output, every job of a block finished before any job of the next block showed up.
    expect(index('job Build / Build: PASSED')).toBeLessThan(index('job Test / Unit - LANG_VERSION=1:'));
    expect(index('job Test / Unit - LANG_VERSION=1: PASSED')).toBeLessThan(index('job Package / Package:'));
    expect(index('job Test / Unit - LANG_VERSION=2: PASSED')).toBeLessThan(index('job Package / Package:'));
    expect(lines).toContain('pipeline done: passed (test)');
    expect(result.stderr).toMatch(/^pipeline \S+ \(workflow \S+\)\npipeline \S+ passed in \d/);
    const jobs = (await api<JobList>(hub, 'GET', '/api/v1alpha/jobs')).jobs;
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(['Build', 'Package', 'Unit - LANG_VERSION=1', 'Unit - LANG_VERSION=2']);
    // And on the hub's clock: each block's jobs started after the jobs it depends on finished.
    const times = (name: string) => jobs.find((j) => j.metadata.name === name)?.metadata ?? { start_time: Number.NaN, finish_time: Number.NaN };
    for (const unit of ['Unit - LANG_VERSION=1', 'Unit - LANG_VERSION=2']) {
      expect(times(unit).start_time).toBeGreaterThanOrEqual(times('Build').finish_time ?? Number.NaN);
      expect(times('Package').start_time).toBeGreaterThanOrEqual(times(unit).finish_time ?? Number.NaN);
    }
    expect(new Set(jobs.map((j) => j.status.agent?.name))).toEqual(new Set(['pipeline-agent-1', 'pipeline-agent-2']));
    for (const job of jobs) {
      const finished = agents.flatMap((a) => a.output().split('\n')).filter((l) => l.includes('"msg":"job finished"') && l.includes(job.metadata.id));
      expect(finished, job.metadata.name).toHaveLength(1);
    }
  });

  it('shows a live tree redrawn in place on a terminal, and exits 1 when the pipeline fails', { timeout: 90_000 }, async () => {
    const { hub, file } = await hubWithTwoAgents();
    const path = file('failing.yml', FAILING);
    const term = spawnPty(process.execPath, [HUB_BIN, 'pipelines', 'run', '-f', path, '--follow'], {
      cols: 120,
      rows: 40,
      env: { PATH: process.env.PATH ?? '', OUTPOST_URL: hub.url, OUTPOST_TOKEN: ADMIN_TOKEN, TERM: 'xterm' },
    });
    let screen = '';
    term.onData((data) => (screen += data));
    const code = await new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    expect(code).toBe(1);
    // Redrawn in place: the cursor goes back up to the first line of the tree, and lines are cleared before rewriting.
    expect(screen).toMatch(new RegExp(String.raw`\x1b\[\d+F`));
    expect(screen).toContain('\x1b[2K');
    expect(screen).toContain('Unit - LANG_VERSION=2');
    expect(screen).toMatch(/pipeline \S+ failed \(test\) in /);
  });

  it('validates a file (file:line:column: message, exit 1), refuses to run it, and lists, gets, stops and reruns pipelines', { timeout: 90_000 }, async () => {
    const { hub, file } = await hubWithTwoAgents();
    const broken = file('broken.yml', BROKEN);
    const validate = await outpost(hub, ['validate', '-f', broken]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5:11: .*self-hosted`, 'm'));
    expect((await outpost(hub, ['validate', '-f', file('ok.yml', THREE_BLOCKS)])).code).toBe(0);
    const refused = await outpost(hub, ['pipelines', 'run', '-f', broken]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${broken}:5:11: `);
    expect((await outpost(hub, ['pipelines', 'run'])).code).toBe(2);

    const failing = await outpost(hub, ['pipelines', 'run', '-f', file('failing.yml', FAILING), '--branch', 'dev', '--follow']);
    expect(failing.code).toBe(1);
    const id = failing.stderr.split(' ')[1] ?? '';
    const listed = await outpost(hub, ['pipelines', 'list', '--branch', 'dev']);
    expect(listed.stdout).toMatch(new RegExp(`^ID\\s+NAME\\s+BRANCH\\s+STATE\\s+RESULT\\s+DURATION\\s+AGE\\n${id}\\s+Newcomer pipeline\\s+dev\\s+DONE\\s+FAILED`));
    const got = await outpost(hub, ['pipelines', 'get', id]);
    expect(got.stdout).toContain('✘ Test  failed');
    const rerun = await outpost(hub, ['pipelines', 'rerun', id, '--failed']);
    expect(rerun.code).toBe(0);
    const rerunId = rerun.stdout.trim();
    const described = await waitFor(async () => {
      const p = await api<PipelineDescribe>(hub, 'GET', `/api/v1alpha/pipelines/${rerunId}?detailed=true`);
      return p.pipeline.state === 'done' ? p : undefined;
    }, { timeoutMs: 30_000, message: 'the rerun to finish' });
    expect(described.pipeline.partial_rerun_of).toBe(id);
    expect(described.blocks[0]).toMatchObject({ name: 'Build', result: 'passed' });

    const long = await outpost(hub, ['pipelines', 'run', '-f', file('long.yml', THREE_BLOCKS.replace('echo "building on $SEMAPHORE_GIT_BRANCH"', 'sleep 60')), '--branch', 'long']);
    const longId = long.stdout.trim();
    await waitFor(async () => (await api<PipelineDescribe>(hub, 'GET', `/api/v1alpha/pipelines/${longId}?detailed=true`)).blocks[0]?.jobs[0]?.status === 'RUNNING', { timeoutMs: 20_000 });
    expect((await outpost(hub, ['pipelines', 'stop', longId])).stdout).toBe('Pipeline termination started.\n');
    const stopped = await waitFor(async () => {
      const p = await api<PipelineDescribe>(hub, 'GET', `/api/v1alpha/pipelines/${longId}`);
      return p.pipeline.state === 'done' ? p : undefined;
    }, { timeoutMs: 30_000, message: 'the stop' });
    expect(stopped.pipeline).toMatchObject({ result: 'stopped', result_reason: 'user' });
    const whole = await outpost(hub, ['pipelines', 'rerun', longId]);
    expect(whole.code).toBe(0);
    expect(whole.stdout.trim()).not.toBe(longId);
  });
});
