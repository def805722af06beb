import { afterEach, describe, expect, it } from 'vitest';
import { kill, startHubProcess } from '../agent/support/processes.js';
import { postgresAvailable, testDatabase, type TestDatabase } from '../../packages/hub/test/support/test-database.js';
import { SETTINGS } from './support/chaos-settings.js';
import { report, settle, startFleet, stopFleet, submitJobs, tally, waitForRunning, ZERO, type Fleet } from './support/chaos-fleet.js';

/** The hub killed with SIGKILL in the middle of jobs and started again where it was; a second replica killed for good. */
let fleet: Fleet | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  if (fleet) await stopFleet(fleet);
  await database?.drop();
  fleet = undefined;
  database = undefined;
});

async function killAndRestart(current: Fleet, times: number): Promise<void> {
  for (let round = 0; round < times; round++) {
    await waitForRunning(current, Math.min(2, SETTINGS.agents));
    const hub = current.hubs[0];
    if (!hub) throw new Error('no hub');
    await kill(hub.proc);
    current.hubs[0] = await startHubProcess({ port: hub.port, dataDir: hub.dataDir, env: current.hubEnv, untilKilled: true });
  }
}

describe('chaos: hub SIGKILL mid-job', () => {
  it(`on SQLite, ${SETTINGS.hubKills.sqlite} times: every job runs once, every result and log line is there once`, { timeout: 240_000 }, async () => {
    fleet = await startFleet({ name: 'kill-sqlite' });
    await submitJobs(fleet, SETTINGS.jobsPerScenario);
    await killAndRestart(fleet, SETTINGS.hubKills.sqlite);
    await settle(fleet);
    const counts = await tally(fleet);
    report(`hub SIGKILL ×${SETTINGS.hubKills.sqlite}, SQLite`, 'kill -9 of the hub while jobs run, restart on the same data', counts);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: SETTINGS.jobsPerScenario });
  });

  it('on PostgreSQL: the same', { timeout: 240_000 }, async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    database = await testDatabase('postgres');
    fleet = await startFleet({ name: 'kill-pg', databaseUrl: database.databaseUrl });
    await submitJobs(fleet, SETTINGS.jobsPerScenario);
    await killAndRestart(fleet, SETTINGS.hubKills.postgres);
    await settle(fleet);
    const counts = await tally(fleet);
    report(`hub SIGKILL ×${SETTINGS.hubKills.postgres}, PostgreSQL`, 'kill -9 of the hub while jobs run, restart', counts);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: SETTINGS.jobsPerScenario });
  });

  it('two hubs on PostgreSQL, one killed for good: agents fail over to the other', { timeout: 240_000 }, async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    database = await testDatabase('postgres');
    fleet = await startFleet({ name: 'two-hubs', databaseUrl: database.databaseUrl, hubCount: 2 });
    await submitJobs(fleet, SETTINGS.jobsPerScenario);
    await waitForRunning(fleet, Math.min(2, SETTINGS.agents));
    await kill((fleet.hubs[0] ?? fleet.hub()).proc);
    await settle(fleet);
    const counts = await tally(fleet);
    report('two hubs on PostgreSQL, one SIGKILLed', 'kill -9 of one replica; agents reach the other through the proxy', counts);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: SETTINGS.jobsPerScenario });
  });
});
