import { describe, expect, it } from 'vitest';
import { createType, startHubWithAdmin } from '../support/hub-clients.js';
import { startHub } from '../support/start-hub.js';
import { startFakeAgent, type FakeAgent } from '../support/fake-agent.js';
import { isFinished, submitJob, waitForJob } from '../support/jobs-client.js';
import { postgresAvailable } from '../support/test-database.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const TYPE = 's1-replicas';

describe('two hub replicas sharing PostgreSQL (DESIGN §4)', () => {
  it('wakes a long-poll held by one replica when a job is queued through the other (LISTEN/NOTIFY)', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    const first = await startHubWithAdmin({ dialect: 'postgres' });
    const second = await startHub({ dialect: 'postgres', config: { databaseUrl: first.db.databaseUrl } });
    const registrationToken = await createType(first, TYPE);
    const agent = await startFakeAgent({ hubUrl: first.url, registrationToken, longPollSeconds: 20 });
    await waitFor(() => first.services.longPoll.heldCount() === 1, { message: 'the sync to be held on the first replica' });
    const job = await submitJob(second, TYPE, ['echo across replicas']);
    const done = await waitForJob(second, job.metadata.id, isFinished, 'the job to finish');
    expect(done.status).toMatchObject({ result: 'PASSED', agent: { name: agent.name } });
    // Picked up from the held sync, not a later regular one: the first answer after the hold was run-job.
    expect(agent.syncs[0]).toMatchObject({ state: 'waiting-for-jobs', action: 'run-job', answerJobId: job.metadata.id });
    // The first hub drops the shared database when it stops; the second goes first.
    await second.stop();
  });

  it('runs forty jobs over agents spread across both replicas, each exactly once', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    const first = await startHubWithAdmin({ dialect: 'postgres' });
    const second = await startHub({ dialect: 'postgres', config: { databaseUrl: first.db.databaseUrl } });
    const registrationToken = await createType(first, TYPE);
    const agents: FakeAgent[] = [];
    for (let i = 0; i < 6; i++) {
      const hub = i % 2 === 0 ? first : second;
      agents.push(await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: i < 4 ? 20 : undefined }));
    }
    const jobs = await Promise.all(Array.from({ length: 40 }, (_, i) => submitJob(i % 2 === 0 ? first : second, TYPE, [`echo ${i}`])));
    await waitFor(async () => {
      const rows = await first.services.store.db.selectFrom('jobs').select('state').execute();
      return rows.length === 40 && rows.every((r) => r.state === 'finished');
    }, { timeoutMs: 30_000, message: 'all jobs to finish' });
    const ran = agents.flatMap((a) => a.ran);
    expect(ran).toHaveLength(40);
    expect(new Set(ran)).toEqual(new Set(jobs.map((j) => j.metadata.id)));
    expect(agents.flatMap((a) => a.violations)).toEqual([]);
    for (const agent of agents) agent.kill();
    await second.stop();
  });
});
