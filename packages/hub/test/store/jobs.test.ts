import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import {
  acceptOffer,
  claimJobById,
  claimNextJob,
  enqueueJob,
  flagStop,
  findJobById,
  recordJobResult,
  requeueOffer,
  type ClaimRequest,
} from '../../src/store/jobs.js';
import { decideJobEvent, guardFor } from '../../src/lifecycle/job-policy.js';
import { newTimeOrderedId } from '../../src/ids/time-ordered-id.js';
import { openTestStore, type TestStore } from '../support/test-database.js';
import { describeEachDialect } from '../support/hub-clients.js';
import { seedAgent, seedAgentType, seedOrg, type SeededAgent, type SeededOrg, type SeededType } from '../support/seed.js';


await describeEachDialect('job claims on %s', (dialect) => {
  let testStore: TestStore | undefined;
  let store: Store;
  let org: SeededOrg;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    org = await seedOrg(store.db);
  });

  afterAll(async () => {
    await testStore?.close();
  });

  async function newType(): Promise<SeededType> {
    return seedAgentType(store.db, org.orgId, `s1-${Math.random().toString(36).slice(2, 10)}`);
  }

  async function queue(type: SeededType, options: { priority?: number; createdAt?: number } = {}): Promise<string> {
    const now = options.createdAt ?? Date.now();
    const id = newTimeOrderedId(now);
    await enqueueJob(store.db, {
      id,
      orgId: org.orgId,
      agentTypeId: type.id,
      name: 'job',
      spec: '{}',
      priority: options.priority ?? 50,
      executionTimeLimitS: null,
      createdBy: null,
      now,
    });
    return id;
  }

  const claimFor = (type: SeededType, agent: SeededAgent): ClaimRequest => ({
    agentId: agent.id,
    agentName: agent.name,
    agentIp: `10.0.0.${agent.name.length}`,
    agentTypeId: type.id,
    now: Date.now(),
    offerExpiresAt: Date.now() + 10_000,
    guard: guardFor('offer'),
  });
  const accepting = { start: guardFor('accept', 'moving'), refetch: guardFor('accept', 'staying') };
  const returning = decideJobEvent({ event: 'return-offer' }, { state: 'offered', stopRequested: false })!.guard;

  it('offers jobs by priority, then first-in first-out', async () => {
    const type = await newType();
    const low = await queue(type, { priority: 10, createdAt: 1_000 });
    const highLater = await queue(type, { priority: 90, createdAt: 3_000 });
    const highEarlier = await queue(type, { priority: 90, createdAt: 2_000 });
    const sameMs = [await queue(type, { createdAt: 5_000 }), await queue(type, { createdAt: 5_000 }), await queue(type, { createdAt: 5_000 })];
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const agent = await seedAgent(store.db, org.orgId, type);
      const job = await claimNextJob(store, claimFor(type, agent));
      order.push(job!.id);
    }
    expect(order).toEqual([highEarlier, highLater, ...sameMs, low]);
  });

  it('gives one job to exactly one of many agents claiming at once', async () => {
    const type = await newType();
    const jobId = await queue(type);
    const agents = await Promise.all(Array.from({ length: 12 }, () => seedAgent(store.db, org.orgId, type)));
    const claims = await Promise.all(agents.map((agent) => claimNextJob(store, claimFor(type, agent))));
    const winners = claims.filter((job) => job !== undefined);
    expect(winners.map((job) => job.id)).toEqual([jobId]);
    const row = await findJobById(store.db, jobId);
    const holders = await store.db.selectFrom('agents').select('id').where('job_id', '=', jobId).execute();
    expect(holders.map((h) => h.id)).toEqual([row!.agent_id]);
  });

  it('spreads many jobs over many concurrent claims, each job to one agent and one job per agent', async () => {
    const type = await newType();
    const jobIds = [];
    for (let i = 0; i < 15; i++) jobIds.push(await queue(type));
    const agents = await Promise.all(Array.from({ length: 25 }, () => seedAgent(store.db, org.orgId, type)));
    const claims = await Promise.all(agents.map((agent) => claimNextJob(store, claimFor(type, agent))));
    const claimed = claims.filter((job) => job !== undefined).map((job) => job.id);
    expect(claimed.sort()).toEqual([...jobIds].sort());
    const agentsWithJobs = claims.map((job, i) => (job ? agents[i]!.id : null)).filter(Boolean);
    expect(new Set(agentsWithJobs).size).toBe(15);
  });

  it('never gives a second job to an agent that holds one, even when it claims twice at once', async () => {
    const type = await newType();
    await queue(type);
    await queue(type);
    const agent = await seedAgent(store.db, org.orgId, type);
    const claims = await Promise.all([claimNextJob(store, claimFor(type, agent)), claimNextJob(store, claimFor(type, agent))]);
    expect(claims.filter((job) => job !== undefined)).toHaveLength(1);
  });

  it('claims a named job only while it is queued for the agent type', async () => {
    const type = await newType();
    const other = await newType();
    const jobId = await queue(type);
    const wrongType = await seedAgent(store.db, org.orgId, other);
    expect(await claimJobById(store, jobId, claimFor(other, wrongType))).toBeUndefined();
    const agent = await seedAgent(store.db, org.orgId, type);
    expect((await claimJobById(store, jobId, claimFor(type, agent)))?.id).toBe(jobId);
    const late = await seedAgent(store.db, org.orgId, type);
    expect(await claimJobById(store, jobId, claimFor(type, late))).toBeUndefined();
  });

  it('keeps a job a connected single-job agent asked for out of the general queue', async () => {
    const type = await newType();
    const wanted = await queue(type, { priority: 90 });
    const other = await queue(type);
    const requester = await seedAgent(store.db, org.orgId, type, { singleJob: true, requestedJobId: wanted });
    const bystander = await seedAgent(store.db, org.orgId, type);
    expect((await claimNextJob(store, claimFor(type, bystander)))?.id).toBe(other);
    const late = await seedAgent(store.db, org.orgId, type);
    expect(await claimNextJob(store, claimFor(type, late))).toBeUndefined();
    expect((await claimJobById(store, wanted, claimFor(type, requester)))?.id).toBe(wanted);
  });

  it('lets only the offered agent accept, returns an unaccepted offer to the queue, and records a result once', async () => {
    const type = await newType();
    const jobId = await queue(type);
    const [a, b] = [await seedAgent(store.db, org.orgId, type), await seedAgent(store.db, org.orgId, type)];
    await claimNextJob(store, claimFor(type, a));
    const token = { logTokenHash: 'h', logTokenExpiresAt: Date.now() + 1000, now: Date.now(), guards: accepting };
    expect(await acceptOffer(store.db, { jobId, agentId: b.id, ...token })).toBeUndefined();

    expect(await findJobById(store.db, jobId)).toMatchObject({ agent_name: a.name, agent_ip: claimFor(type, a).agentIp });
    expect(await requeueOffer(store.db, { jobId, agentId: a.id, guard: returning, now: Date.now() })).toMatchObject({
      state: 'queued', agent_id: null, agent_name: null, agent_ip: null,
    });
    expect((await claimNextJob(store, claimFor(type, b)))?.id).toBe(jobId);
    const accepted = await acceptOffer(store.db, { jobId, agentId: b.id, ...token });
    expect(accepted?.firstAcceptance).toBe(true);
    expect(accepted?.job).toMatchObject({ state: 'running', started_at: token.now, log_token_hash: 'h' });
    const again = await acceptOffer(store.db, { jobId, agentId: b.id, ...token, logTokenHash: 'h2', now: token.now });
    expect(again?.firstAcceptance).toBe(false);
    expect(again?.job).toMatchObject({ state: 'running', started_at: token.now, log_token_hash: 'h2' });

    const finish = { jobId, agentId: b.id, guard: guardFor('report-result'), result: 'passed' as const, failureReason: null, now: Date.now() };
    expect((await recordJobResult(store.db, finish))?.result).toBe('passed');
    expect(await recordJobResult(store.db, { ...finish, result: 'failed' })).toBeUndefined();
    const row = await findJobById(store.db, jobId);
    expect(row).toMatchObject({ state: 'finished', result: 'passed' });
    const agentRow = await store.db.selectFrom('agents').select('job_id').where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(agentRow.job_id).toBeNull();
  });

  it('keeps a stopped offer out of the queue and ends it STOPPED instead, releasing the agent', async () => {
    const type = await newType();
    const jobId = await queue(type);
    const agent = await seedAgent(store.db, org.orgId, type);
    await claimNextJob(store, claimFor(type, agent));
    const stoppedOffer = decideJobEvent({ event: 'return-offer' }, { state: 'offered', stopRequested: true })!;
    const end = { jobId, agentId: agent.id, guard: stoppedOffer.guard, result: stoppedOffer.result!, failureReason: stoppedOffer.reason, now: Date.now() };
    expect(await recordJobResult(store.db, end)).toBeUndefined();
    const stopping = decideJobEvent({ event: 'request-stop' }, { state: 'offered', stopRequested: false })!.guard;
    expect(await flagStop(store.db, { jobId, guard: stopping, reason: null, now: Date.now() })).toBeDefined();
    expect(await flagStop(store.db, { jobId, guard: stopping, reason: null, now: Date.now() })).toBeUndefined();
    expect(await requeueOffer(store.db, { jobId, agentId: agent.id, guard: returning, now: Date.now() })).toBeUndefined();
    expect((await findJobById(store.db, jobId))?.state).toBe('offered');
    expect(await recordJobResult(store.db, end)).toMatchObject({ state: 'finished', result: 'stopped', failure_reason: 'stopped before an agent took it' });
    const agentRow = await store.db.selectFrom('agents').select('job_id').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(agentRow.job_id).toBeNull();
  });
});
