import type { LogEvent } from '@outpost/protocol';
import { describe, expect, it } from 'vitest';
import { startTestAgent } from '../support/agent.js';
import { startFakeHub } from '../support/fake-hub.js';
import { prepareScenario, scenarioJobRequest } from '../support/scenario-job.js';
import { SCENARIOS, fill, matchLog, simplifyLog } from '../support/scenarios.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const KEYS: Record<string, string[]> = {
  job_started: ['event', 'timestamp'],
  cmd_started: ['event', 'timestamp', 'directive'],
  cmd_output: ['event', 'timestamp', 'output'],
  cmd_finished: ['event', 'timestamp', 'directive', 'exit_code', 'started_at', 'finished_at'],
  job_finished: ['event', 'timestamp', 'result'],
};

/** Every event has the official keys in the official order (spec §4.1) and Unix-second times from this run. */
function expectOfficialShape(events: readonly LogEvent[], startedAt: number): void {
  const now = Math.ceil(Date.now() / 1000);
  for (const event of events) {
    expect(Object.keys(event)).toEqual(KEYS[event.event]);
    const times = [event.timestamp, ...(event.event === 'cmd_finished' ? [event.started_at, event.finished_at] : [])];
    for (const t of times) expect(Number.isInteger(t) && t >= startedAt && t <= now).toBe(true);
    if (event.event === 'cmd_finished') expect(event.started_at).toBeLessThanOrEqual(event.finished_at);
  }
}

describe('the official shell-executor scenarios, through the listener against a fake hub', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const places = prepareScenario(scenario);
    const startedAt = Math.floor(Date.now() / 1000);
    try {
      const hub = await startFakeHub();
      startTestAgent(hub, { config: places.agentConfig, home: places.values.home });
      const id = hub.queueJob(scenarioJobRequest(scenario, places.values));
      if (scenario.stopWhen) {
        const directive = `cmd_started: ${fill(scenario.stopWhen, places.values)}`;
        await waitFor(() => simplifyLog(hub.logs(id)).includes(directive), { message: directive });
        hub.stopJob(id);
      }
      await waitFor(() => hub.jobs.get(id)?.state === 'finished', { timeoutMs: 20_000, message: 'the job to finish' });
      const actual = simplifyLog(hub.logs(id));
      expect(actual).toEqual(matchLog(actual, scenario.log.map((line) => fill(line, places.values))));
      expect(hub.jobs.get(id)?.result).toBe(scenario.result);
      expectOfficialShape(hub.logs(id), startedAt);
    } finally {
      places.cleanup();
    }
  });
});
