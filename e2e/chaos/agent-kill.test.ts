import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { kill, submitJob } from '../agent/support/processes.js';
import { SETTINGS } from './support/chaos-settings.js';
import { hubLogLines, jobCommand, jobsOf, report, settle, startChaosAgent, startFleet, stopFleet, submitJobs, tally, ZERO, type Fleet } from './support/chaos-fleet.js';

/** An agent killed with SIGKILL: its running job fails as lost within the threshold; an offer it never fetched goes on at once. */
let fleet: Fleet | undefined;
afterEach(async () => {
  if (fleet) await stopFleet(fleet);
  fleet = undefined;
});

const heldSyncs = async (fleet: Fleet) => {
  const text = await (await fetch(`${fleet.hub().url}/metrics`)).text();
  return Number(/^outpost_long_poll_held (\d+)/m.exec(text)?.[1] ?? 0);
};

describe('chaos: agent SIGKILL', () => {
  it('fails the running job of a killed agent as lost within the threshold; the others run once', { timeout: 240_000 }, async () => {
    fleet = await startFleet({ name: 'agent-kill' });
    // A long job first, so the agent killed is surely in the middle of it.
    const longJob = await submitJob(fleet.hub(), fleet.type, { commands: [jobCommand(fleet.runsFile, SETTINGS.linesPerJob * 20)] }, 'long');
    fleet.jobIds.push(longJob);
    await submitJobs(fleet, SETTINGS.jobsPerScenario - 1);
    const running = await waitFor(async () => {
      const job = (await jobsOf(fleet as Fleet)).find((j) => j.metadata.id === longJob);
      return job?.status.state === 'RUNNING' ? job : undefined;
    }, { timeoutMs: 30_000, intervalMs: 100, message: 'the long job to run' });
    const victimName = running.status.agent?.name ?? '';
    const victim = fleet.agents.find((_, i) => `chaos-agent-kill-${i}` === victimName);
    if (!victim) throw new Error(`no agent process named ${victimName}`);
    const killedAt = Date.now();
    await kill(victim);
    await waitFor(async () => (await jobsOf(fleet as Fleet)).find((j) => j.metadata.id === longJob)?.status.state === 'FINISHED', { timeoutMs: SETTINGS.lostAgentAfterMs * 3, intervalMs: 100 });
    const failedAfterMs = Date.now() - killedAt;
    await settle(fleet);
    const counts = await tally(fleet, new Set([victimName]));
    report(`agent SIGKILL mid-job (threshold ${SETTINGS.lostAgentAfterMs / 1000} s), SQLite`, 'kill -9 of one agent while its job runs', counts, { failedAsLostAfterMs: failedAfterMs });
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: SETTINGS.jobsPerScenario - 1, failedAsLost: 1 });
    expect(failedAfterMs).toBeLessThan(SETTINGS.lostAgentAfterMs + 3_000);
  });

  it('returns an offer the killed agent never fetched to the queue and a held agent takes it at once', { timeout: 120_000 }, async () => {
    fleet = await startFleet({ name: 'offer-kill', agentCount: 1 });
    const [first] = fleet.agents;
    if (!first) throw new Error('no agent');
    await waitFor(async () => (await heldSyncs(fleet as Fleet)) === 1, { timeoutMs: 20_000, intervalMs: 50, message: 'the agent to be held in long-poll' });
    // Stopped while held: the hub answers the held sync with the offer, which the agent never reads.
    first.child.kill('SIGSTOP');
    const id = await submitJob(fleet.hub(), fleet.type, { commands: [jobCommand(fleet.runsFile)] }, 'offered to a dying agent');
    fleet.jobIds.push(id);
    await waitFor(() => hubLogLines((fleet as Fleet).hub()).some((l) => l.msg === 'job offered' && l.jobId === id), { timeoutMs: 10_000, message: 'the offer to the stopped agent' });
    fleet.agents.push(startChaosAgent(fleet.proxy, fleet.registrationToken, 'chaos-offer-kill-taker'));
    await waitFor(async () => (await heldSyncs(fleet as Fleet)) === 1, { timeoutMs: 20_000, intervalMs: 50, message: 'the second agent to be held' });
    await kill(first);
    await settle(fleet);
    const lines = hubLogLines(fleet.hub());
    const returned = lines.find((l) => l.msg === 'offer returned to the queue' && l.jobId === id);
    const started = lines.find((l) => l.msg === 'job offered' && l.jobId === id && l.agentName === 'chaos-offer-kill-taker');
    const pickupAfterRequeueMs = returned && started ? started.time - returned.time : -1;
    const counts = await tally(fleet);
    report('agent SIGKILL holding an unaccepted offer, SQLite', 'kill -STOP while held, offer made, kill -9', counts, { pickupAfterRequeueMs });
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: 1 });
    expect(pickupAfterRequeueMs).toBeGreaterThanOrEqual(0);
    expect(pickupAfterRequeueMs).toBeLessThan(1_000);
  });
});
