import { describe, expect, it } from 'vitest';
import { startTestAgent } from '../support/agent.js';
import { startFakeHub } from '../support/fake-hub.js';
import { prepareScenario, scenarioJobRequest } from '../support/scenario-job.js';
import { SCENARIOS, fill, matchLog, simplifyLog } from '../support/scenarios.js';
import { waitFor } from '../support/wait-for.js';

describe('the official shell-executor scenarios, through the listener against a fake hub', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const places = prepareScenario(scenario);
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
    } finally {
      places.cleanup();
    }
  });
});
