import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../packages/agent/test/support/wait-for.js';
import { createAgentType, getJob, jobLog, kill, startAgentProcess, startHubProcess, submitJob, tempDir, waitForJob } from './support/processes.js';

/**
 * The hub goes away in the middle of a job (kill -9) and comes back on the same port and data directory. The
 * agent keeps the events in its local file meanwhile; when the hub is back every line is there, in order, once.
 */
describe('the hub down in the middle of a job', () => {
  it('loses no log event and the job still finishes', async () => {
    const hub = await startHubProcess({ env: { OUTPOST_LOST_AGENT_AFTER_MS: '120000' } });
    const token = await createAgentType(hub, 's1-e2e-hub-down');
    const agent = startAgentProcess(hub, token);
    const flag = join(tempDir(), 'go');
    const id = await submitJob(hub, 's1-e2e-hub-down', {
      commands: [`i=0; while [ ! -f ${flag} ]; do i=$((i+1)); echo "line $i"; sleep 0.01; done; echo last`],
    });
    await waitFor(async () => (await jobLog(hub, id)).some((e) => e.event === 'cmd_output' && e.output.includes('line 3\n')), { timeoutMs: 20_000 });

    await kill(hub.proc);
    const failuresBefore = agent.output().split('log push failed').length;
    // The hub stays down until the agent has failed to push several times and its job has printed on.
    await waitFor(() => agent.output().split('log push failed').length - failuresBefore >= 5 && agent.output().includes('sync failed'), {
      timeoutMs: 30_000,
      message: 'the agent to notice the hub is gone',
    });
    const again = await startHubProcess({ port: hub.port, dataDir: hub.dataDir, env: { OUTPOST_LOST_AGENT_AFTER_MS: '120000' } });

    writeFileSync(flag, '');
    const job = await waitForJob(again, id, agent);
    expect(job.status.result).toBe('PASSED');
    const events = await jobLog(again, id);
    const text = events.map((e) => (e.event === 'cmd_output' ? e.output : '')).join('');
    const lines = text.split('\n').filter((l) => l.startsWith('line '));
    expect(lines.length).toBeGreaterThan(10);
    lines.forEach((line, i) => expect(line).toBe(`line ${i + 1}`));
    expect(text).toContain('last\n');
    expect(events.at(-1)).toMatchObject({ event: 'job_finished', result: 'passed' });
    expect((await getJob(again, id)).status.log?.trimmed).toBe(false);
  });
});
