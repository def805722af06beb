import type { HubServices } from '../services.js';
import type { AgentRow } from '../store/schema.js';
import { findRegisteredAgent, findSilentAgents } from '../store/agent-sync.js';
import { findAssignedJob, findOrphanedJobs, type JobRow } from '../store/jobs.js';
import { isAgentLost, shortestSilenceAllowedMs, type LivenessSettings } from '../lifecycle/liveness-policy.js';
import { guardFor } from '../lifecycle/job-policy.js';
import { applyJobEvent } from '../lifecycle/jobs.js';
import { disconnectAgent } from '../lifecycle/agents.js';
import { runEvery, type Sweep } from './run-sweep.js';

const BATCH = 500;
const HELD_BY_AN_AGENT = guardFor('lose-agent');

/**
 * Agents that stopped syncing are removed (their name follows the type's release policy) and their job is failed
 * with "agent lost", or returned to the queue if it was never accepted. Jobs left behind by an agent that is gone
 * for another reason (it disconnected mid-job) get the same treatment. Safe on every replica at once: each change
 * is a conditional UPDATE.
 */
export function startDetectLostAgentsSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'detect-lost-agents' });
  return runEvery('detect-lost-agents', services.config.sweepIntervalMs, async () => {
    // Asked first: a sweep that fires late after a stall sees the stall before any queued sync is read.
    const { hearingSince, hearing } = services.hearing.observe();
    if (hearing) await detectLostAgents(services, hearingSince);
  }, log);
}

/** `hearingSince`: no agent's silence counts from before it (the hub's start, a stall, a store failure). */
export async function detectLostAgents(services: HubServices, hearingSince: number): Promise<void> {
  const { config } = services;
  const settings: LivenessSettings = { lostAfterMs: config.lostAgentAfterMs, missedSyncs: config.lostAgentMissedSyncs, writeBehindMs: config.lastSyncFlushMs };
  // This hub's buffered syncs are written first; other hubs' may lag by their flush interval, which the allowance covers.
  await services.lastSyncs.flush();
  const candidates = await findSilentAgents(services.store.db, services.now() - shortestSilenceAllowedMs(settings), BATCH);
  for (const candidate of candidates) {
    // Re-read: the agent may have synced since the list was taken.
    const agent = await findRegisteredAgent(services.store.db, candidate.id);
    if (agent && isLost(agent, services.now(), settings, hearingSince)) await removeLostAgent(services, agent);
  }
  for (const job of await findOrphanedJobs(services.store.db, HELD_BY_AN_AGENT, BATCH)) {
    if (job.agent_id) await releaseJobOfLostAgent(services, job, job.agent_id);
  }
}

function isLost(agent: AgentRow, now: number, settings: LivenessSettings, hearingSince: number): boolean {
  const facts = {
    lastSyncAt: agent.last_sync_at,
    connectedAt: agent.connected_at,
    longPoll: agent.long_poll === 1,
    syncIntervalMs: agent.sync_interval_ms,
    hearingSince,
  };
  return isAgentLost(facts, now, settings);
}

async function removeLostAgent(services: HubServices, agent: AgentRow): Promise<void> {
  services.log.warn({ agentId: agent.id, agentName: agent.name, lastSyncAt: agent.last_sync_at, jobId: agent.job_id ?? undefined }, 'agent lost');
  const job = await findAssignedJob(services.store.db, agent.id, agent.job_id);
  if (job) await releaseJobOfLostAgent(services, job, agent.id);
  await disconnectAgent(services, agent, 'lost');
}

/** Never accepted: back to the queue (or STOPPED if a stop is pending); accepted: FAILED "agent lost". */
async function releaseJobOfLostAgent(services: HubServices, job: JobRow, agentId: string): Promise<void> {
  await applyJobEvent(services, job, { event: 'lose-agent' }, { agentId, why: 'agent lost' });
}
