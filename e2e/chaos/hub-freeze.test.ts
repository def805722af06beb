import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { eventsOf } from '../agent/support/processes.js';
import { SETTINGS } from './support/chaos-settings.js';
import { hubLogLines, report, settle, startFleet, stopFleet, submitJobs, tally, waitForRunning, ZERO, type Fleet } from './support/chaos-fleet.js';

/**
 * The hub alive but deaf: SIGSTOP for longer than the lost-agent threshold while jobs run. On SIGCONT its timers
 * fire before the agents' queued requests are read; the hub must see its own stall and condemn no one.
 */
let fleet: Fleet | undefined;
afterEach(async () => {
  if (fleet) await stopFleet(fleet);
  fleet = undefined;
});

describe('chaos: hub SIGSTOP longer than the lost-agent threshold', () => {
  it('fails no job and loses no agent; the stall is in the hub log', { timeout: 300_000 }, async () => {
    fleet = await startFleet({ name: 'freeze' });
    await submitJobs(fleet, SETTINGS.jobsPerScenario);
    await waitForRunning(fleet, Math.min(3, SETTINGS.agents));
    const hub = fleet.hub();
    const stoppedAt = Date.now();
    hub.proc.child.kill('SIGSTOP');
    await waitFor(() => Date.now() - stoppedAt >= SETTINGS.hubFreezeMs, { timeoutMs: SETTINGS.hubFreezeMs + 5_000, intervalMs: 500 });
    hub.proc.child.kill('SIGCONT');
    await settle(fleet);

    const counts = await tally(fleet);
    const stalls = hubLogLines(hub).filter((line) => line.msg.startsWith('the hub was stalled'));
    const measuredGapMs = Math.max(0, ...stalls.map((line) => line.gapMs ?? 0));
    const lostLines = hubLogLines(hub).filter((line) => line.msg === 'agent lost').length;
    const registrations = fleet.agents.map((agent) => eventsOf(agent, 'registered').length);
    report(`hub SIGSTOP ${SETTINGS.hubFreezeMs / 1000} s (threshold ${SETTINGS.lostAgentAfterMs / 1000} s), SQLite`, 'kill -STOP / -CONT of the hub while jobs run', counts, { measuredGapMs, agentsLost: lostLines });
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: SETTINGS.jobsPerScenario, failedAsLost: 0 });
    expect(lostLines).toBe(0);
    expect(registrations.every((n) => n === 1)).toBe(true);
    expect(measuredGapMs).toBeGreaterThanOrEqual(SETTINGS.hubFreezeMs - 1_000);
  });
});
