import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { createAgentType, getJob, jobLog, kill, startAgentProcess, startHubProcess, submitJob, tempDir, waitForJob } from './support/processes.js';

/**
 * The hub goes away for 30 s in the middle of a job (kill -9) and comes back on the same port and data directory,
 * with the default lost-agent threshold (30 s). The agent keeps the events in its local file meanwhile; the restarted
 * hub counts the agent's silence from its own start, so the job is not declared lost, and every line arrives in order,
 * once.
 */
const OUTAGE_MS = 30_000;

describe('the hub down in the middle of a job', () => {
  it('loses no log event and the job still finishes', { timeout: 120_000 }, async () => {
    const hub = await startHubProcess();
    const token = await createAgentType(hub, 's1-e2e-hub-down');
    // After a failed sync the agent waits 3–6 s, as the official one does, so the restarted hub sweeps before it is back.
    const agent = startAgentProcess(hub, token, { env: { OUTPOST_AGENT_SYNC_INTERVAL_MIN_MS: '3000', OUTPOST_AGENT_SYNC_INTERVAL_MAX_MS: '6000' } });
    const flag = join(tempDir(), 'go');
    const id = await submitJob(hub, 's1-e2e-hub-down', {
      commands: [`i=0; while [ ! -f ${flag} ]; do i=$((i+1)); echo "line $i"; sleep 0.01; done; echo last`],
    });
    await waitFor(async () => (await jobLog(hub, id)).some((e) => e.event === 'cmd_output' && e.output.includes('line 3\n')), { timeoutMs: 20_000 });

    await kill(hub.proc);
    const killedAt = Date.now();
    const failuresBefore = agent.output().split('log push failed').length;
    // The hub stays down for the whole outage, and at least until the agent has failed to push and sync several times.
    await waitFor(
      () =>
        Date.now() - killedAt >= OUTAGE_MS &&
        agent.output().split('log push failed').length - failuresBefore >= 5 &&
        agent.output().includes('sync failed'),
      { timeoutMs: OUTAGE_MS + 30_000, intervalMs: 250, message: 'a 30 s outage the agent noticed' },
    );
    const again = await startHubProcess({ port: hub.port, dataDir: hub.dataDir });

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
