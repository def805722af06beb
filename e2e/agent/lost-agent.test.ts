import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { agentsOf, createAgentType, eventsOf, startAgentProcess, startHubProcess, submitJob, waitForJob, waitForSyncedAgent } from './support/processes.js';

/**
 * Issue 16 §2: an agent the hub declared lost (here: the agent process stopped with SIGSTOP for longer than the
 * lost-agent threshold) is no longer known to the hub; once it runs again its next sync is answered 401 and it
 * registers again by itself, with its own name since the type holds no name after a disconnect (release_after 0),
 * so the fleet's capacity comes back without a restart.
 */
const LOST_AGENT_AFTER_MS = 2_000;
const HUB_ENV = { OUTPOST_LOST_AGENT_AFTER_MS: String(LOST_AGENT_AFTER_MS), OUTPOST_SWEEP_INTERVAL_MS: '100' };
const TYPE = 's1-e2e-lost-agent';
const NAME = 'e2e-lost-agent-01';

describe('a lost agent comes back', () => {
  it('registers again with its name after the hub declared it lost, and runs the next job', { timeout: 60_000 }, async () => {
    const hub = await startHubProcess({ env: HUB_ENV });
    const agent = startAgentProcess(hub, await createAgentType(hub, TYPE), { args: ['--name', NAME] });
    await waitForSyncedAgent(hub, TYPE, agent);

    // Its first sync tells it the hub holds syncs; from the second on it long-polls, and is lost after the threshold.
    await waitFor(() => eventsOf(agent, 'synced').length >= 2, { message: 'a long-poll sync' });
    agent.child.kill('SIGSTOP');
    await waitFor(async () => (await agentsOf(hub, TYPE)).length === 0, { timeoutMs: 20_000, message: 'the stopped agent to be declared lost' });
    const before = agent.events.length;
    agent.child.kill('SIGCONT');

    const [again] = await waitFor(() => eventsOf(agent, 'registered', before).at(0) && eventsOf(agent, 'registered', before), {
      timeoutMs: 10_000,
      message: `the agent to register again (${agent.output().slice(-2000)})`,
    });
    expect(again?.name).toBe(NAME);
    expect(eventsOf(agent, 'sync-failed', before).every((failure) => failure.message.includes('401'))).toBe(true);
    await waitFor(async () => (await agentsOf(hub, TYPE)).map((a) => a.metadata.name).join() === NAME, { timeoutMs: 10_000, message: 'the agent listed again' });
    const id = await submitJob(hub, TYPE, { commands: ['echo back'] });
    expect((await waitForJob(hub, id, agent)).status).toMatchObject({ result: 'PASSED', agent: { name: NAME } });
  });
});
