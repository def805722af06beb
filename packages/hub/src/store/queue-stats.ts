import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Counts for autoscalers (GET /self_hosted_agents/metrics) and for Prometheus; reads only. */
export interface TypeOccupancy {
  queued: number;
  running: number;
  idle: number;
  occupied: number;
}

/** queued = waiting for or offered to an agent; running = accepted; idle/occupied = connected agents without/with a job. */
export async function countTypeOccupancy(db: Kysely<Database>, agentTypeId: string): Promise<TypeOccupancy> {
  const jobs = await db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('agent_type_id', '=', agentTypeId)
    .where('state', 'in', ['queued', 'offered', 'running'])
    .groupBy('state')
    .execute();
  const agents = await db
    .selectFrom('agents')
    .select([(eb) => eb.fn.count<number>('job_id').as('occupied'), (eb) => eb.fn.countAll<number>().as('total')])
    .where('agent_type_id', '=', agentTypeId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  const count = (state: string) => Number(jobs.find((row) => row.state === state)?.n ?? 0);
  const occupied = Number(agents.occupied);
  return { queued: count('queued') + count('offered'), running: count('running'), idle: Number(agents.total) - occupied, occupied };
}

export async function countQueuedJobsByType(db: Kysely<Database>): Promise<Array<{ org_id: string; name: string; queued: number }>> {
  const rows = await db
    .selectFrom('jobs')
    .innerJoin('agent_types', 'agent_types.id', 'jobs.agent_type_id')
    .select(['agent_types.org_id', 'agent_types.name', (eb) => eb.fn.countAll<number>().as('queued')])
    .where('jobs.state', 'in', ['queued', 'offered'])
    .groupBy(['agent_types.org_id', 'agent_types.name'])
    .execute();
  return rows.map((row) => ({ ...row, queued: Number(row.queued) }));
}

export async function countAgentsByState(db: Kysely<Database>): Promise<Array<{ state: string; agents: number }>> {
  const rows = await db
    .selectFrom('agents')
    .select(['state', (eb) => eb.fn.countAll<number>().as('agents')])
    .where('status', '=', 'registered')
    .groupBy('state')
    .execute();
  return rows.map((row) => ({ state: row.state, agents: Number(row.agents) }));
}
