import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { createAgentType, eventsOf, getJob, jobLog, kill, startAgentProcess, startHubProcess, submitJob, tempDir, waitForJob } from './support/processes.js';

/**
 * The hub goes away in the middle of a job (kill -9) for longer than its lost-agent threshold and comes back on
 * the same port and data directory. The agent keeps the events in its local file meanwhile; the restarted hub
 * counts the agent's silence from its own start, so the job is not declared lost, and every line arrives in
 * order, once. The threshold is configured short (4 s instead of 30 s) so the outage outlasts it quickly; the
 * sweep runs every 100 ms, so the restarted hub sweeps before the agent is back (it retries every 0.3–0.6 s).
 */
const LOST_AGENT_AFTER_MS = 4_000;
const HUB_ENV = { OUTPOST_LOST_AGENT_AFTER_MS: String(LOST_AGENT_AFTER_MS), OUTPOST_SWEEP_INTERVAL_MS: '100' };

describe('the hub down in the middle of a job', () => {
  it('loses no log event and the job still finishes', { timeout: 120_000 }, async () => {
    const hub = await startHubProcess({ env: HUB_ENV });
    const token = await createAgentType(hub, 's1-e2e-hub-down');
    const agent = startAgentProcess(hub, token, { env: { OUTPOST_AGENT_SYNC_INTERVAL_MIN_MS: '300', OUTPOST_AGENT_SYNC_INTERVAL_MAX_MS: '600' } });
    const flag = join(tempDir(), 'go');
    const id = await submitJob(hub, 's1-e2e-hub-down', {
      commands: [`i=0; while [ ! -f ${flag} ]; do i=$((i+1)); echo "line $i"; sleep 0.01; done; echo last`],
    });
    await waitFor(async () => (await jobLog(hub, id)).some((e) => e.event === 'cmd_output' && e.output.includes('line 3\n')), { timeoutMs: 20_000 });

    await kill(hub.proc);
    const killedAt = Date.now();
    const seen = agent.events.length;
    // The outage is the scenario: it must outlast the threshold (so a hub that counted it would declare the agent
    // lost), and the agent must have found the hub gone for both its log pushes and its syncs.
    await waitFor(
      () => Date.now() - killedAt > LOST_AGENT_AFTER_MS && eventsOf(agent, 'log-push-failed', seen).length >= 5 && eventsOf(agent, 'sync-failed', seen).length >= 1,
      { timeoutMs: LOST_AGENT_AFTER_MS + 30_000, intervalMs: 100, message: 'an outage longer than the lost-agent threshold, noticed by the agent' },
    );
    expect(eventsOf(agent, 'log-push-failed', seen).every((failure) => failure.jobId === id && failure.status === null)).toBe(true);
    const again = await startHubProcess({ port: hub.port, dataDir: hub.dataDir, env: HUB_ENV });
    const back = agent.events.length;
    await waitFor(() => eventsOf(agent, 'synced', back).length > 0, { timeoutMs: 20_000, message: 'the agent to sync with the restarted hub' });

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
    // Never declared lost: the agent went on syncing with the restarted hub and was never told to stop.
    expect(eventsOf(agent, 'synced', back).some((e) => e.answer.action === 'shutdown' || e.answer.action === 'stop-job')).toBe(false);
  });
});
