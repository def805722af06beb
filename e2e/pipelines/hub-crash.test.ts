import { describe, expect, it } from 'vitest';
import type { Job, JobList, PipelineDescribe, PipelineYamlRunResponse } from '@outpost/protocol';
import { waitFor } from '../../packages/agent/test/support/wait-for.js';
import { api, createAgentType, kill, startAgentProcess, startHubProcess } from '../agent/support/processes.js';

const TYPE = 's1-e2e-crash';
const YAML = `version: v1.0
name: Crash test
agent:
  machine:
    type: ${TYPE}
blocks:
  - name: First
    task:
      jobs:
        - name: first
          commands:
            - echo first
  - name: Second
    task:
      jobs:
        - name: second
          commands:
            - echo second
`;

/**
 * A real hub process dies (kill -9) at the worst moment: the first block's job result is committed, the next block is
 * not queued yet. The restarted hub (same port, same data) finds the pipeline unsettled and finishes it; each job ran
 * once, and no block was queued twice.
 */
describe('the hub killed between a job’s result and the next block', () => {
  it('finishes the pipeline after a restart, each job once', { timeout: 90_000 }, async () => {
    const crashing = await startHubProcess({ env: { OUTPOST_ALLOW_TEST_OVERRIDES: '1', OUTPOST_TEST_CRASH_AFTER_JOB_RESULT: '1' } });
    const token = await createAgentType(crashing, TYPE);
    const agent = startAgentProcess(crashing, token);
    const run = await api<PipelineYamlRunResponse>(crashing, 'POST', '/api/v1alpha/pipelines/yaml', { yaml_definition: YAML });
    // The first job's result kills the hub the moment it is committed.
    const code = await crashing.proc.exited;
    expect(code).toBeNull();
    expect(crashing.proc.child.signalCode).toBe('SIGKILL');

    const hub = await startHubProcess({ port: crashing.port, dataDir: crashing.dataDir });
    const done = await waitFor(
      async () => {
        const p = await api<PipelineDescribe>(hub, 'GET', `/api/v1alpha/pipelines/${run.pipeline_id}?detailed=true`);
        return p.pipeline.state === 'done' ? p : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: `the restarted hub to finish the pipeline (agent: ${agent.output().slice(-2000)})` },
    );
    expect(done.pipeline.result).toBe('passed');
    expect(done.blocks.map((b) => [b.name, b.state, b.result])).toEqual([['First', 'done', 'passed'], ['Second', 'done', 'passed']]);
    const jobs = (await api<JobList>(hub, 'GET', '/api/v1alpha/jobs')).jobs;
    expect(jobs.map((j: Job) => [j.metadata.name, j.status.result]).sort()).toEqual([['first', 'PASSED'], ['second', 'PASSED']]);
    // The agent ran each job once.
    const finishedLines = (id: string) => agent.output().split('\n').filter((l) => l.includes('"msg":"job finished"') && l.includes(id));
    for (const job of jobs) expect(finishedLines(job.metadata.id)).toHaveLength(1);
    await kill(hub.proc);
  });
});
