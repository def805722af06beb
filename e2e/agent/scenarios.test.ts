import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareScenario } from '../../packages/agent/test/support/scenario-job.js';
import { SCENARIOS, fill, matchLog, simplifyLog, type Scenario } from '../../packages/agent/test/support/scenarios.js';
import { waitFor } from '../../test-support/wait-for.js';
import type { AgentDriver } from './support/agent-drivers.js';
import { describeEachAgent } from './support/compat.js';
import { api, createAgentType, jobLog, kill, startHubProcess, submitJob, waitForJob, type HubProcess } from './support/processes.js';

/**
 * The official shell-executor scenarios end to end: a real hub process, a real `agent start` process per scenario
 * (its settings in a --config-file), the job submitted through the public API, the log read back from the hub.
 * Scenarios the public job API cannot express (aliases, a broken file mode) stay at package level; each says why.
 */

/** Variables the hub gives every job (packages/hub/src/dispatch/job-payload.ts). */
const HUB_VARIABLES = [
  'CI',
  'SEMAPHORE',
  'SEMAPHORE_AGENT_MACHINE_OS_IMAGE',
  'SEMAPHORE_AGENT_MACHINE_TYPE',
  'SEMAPHORE_JOB_CREATION_TIME',
  'SEMAPHORE_JOB_ID',
  'SEMAPHORE_JOB_NAME',
  'SEMAPHORE_ORGANIZATION_URL',
];

/** The first `Exporting environment variables` step also lists the hub's variables. */
function withHubVariables(expected: string[], scenario: Scenario): string[] {
  const agentVars = ((scenario.agent?.['env-vars'] as string[] | undefined) ?? []).map((v) => v.split('=')[0] ?? '');
  const names = [...new Set([...HUB_VARIABLES, ...(scenario.envVars ?? []).map((v) => v.name), ...agentVars])].sort();
  const output = `output: ${names.map((n) => `Exporting ${n}\n`).join('')}`;
  const at = expected.indexOf('cmd_started: Exporting environment variables');
  const hasOutput = expected[at + 1]?.startsWith('output: ') ?? false;
  return [...expected.slice(0, at + 1), output, ...expected.slice(at + (hasOutput ? 2 : 1))];
}

/**
 * Where the official agent (v2.4.0) does otherwise, what it does: it runs the post-job hook of a stopped job in the
 * shell it has just stopped, so the hook fails at once without output (pkg/jobs/job.go runPostJobHook).
 */
const OFFICIAL_DIFFERENCES: Record<string, (log: string[]) => string[]> = {
  'the post-job hook also runs after a stop, in a fresh shell': (log) =>
    log.map((line) => line.replace('post.sh\npost ran\n', 'post.sh\n').replace('configured in the agent → 0', 'configured in the agent → 1')),
};

function expectedLog(driver: AgentDriver, scenario: Scenario, log: string[]): string[] {
  const difference = driver.kind === 'official' ? OFFICIAL_DIFFERENCES[scenario.name] : undefined;
  return difference ? difference(log) : log;
}

let hub: HubProcess;
beforeAll(async () => {
  hub = await startHubProcess({ untilKilled: true });
});
afterAll(async () => {
  await kill(hub.proc);
});

describeEachAgent('the official shell-executor scenarios against a real hub and agent process', (driver) => {
  const scenarios = SCENARIOS.filter((s) => s.notThroughPublicApi === undefined);
  it.each(scenarios.map((s, i) => [s.name, s, i] as const))('%s', async (_name, scenario, index) => {
    const places = prepareScenario(scenario);
    try {
      const type = `s1-e2e-scenario-${driver.kind}-${index}`;
      const token = await createAgentType(hub, type);
      const configFile = join(places.values.tmp, 'config.yaml');
      writeFileSync(configFile, stringify(places.agentConfig));
      const agent = driver.start({ connect: { endpoint: hub.endpoint, token }, args: ['--config-file', configFile], home: places.values.home });
      const v = places.values;
      const id = await submitJob(hub, type, {
        commands: scenario.commands.map((c) => fill(typeof c === 'string' ? c : c.directive, v)),
        epilogue_always_commands: (scenario.epilogueAlways ?? []).map((c) => fill(c, v)),
        epilogue_on_pass_commands: (scenario.epilogueOnPass ?? []).map((c) => fill(c, v)),
        epilogue_on_fail_commands: (scenario.epilogueOnFail ?? []).map((c) => fill(c, v)),
        env_vars: scenario.envVars ?? [],
        files: (scenario.files ?? []).map((f) => ({ path: fill(f.path, v), content: Buffer.from(f.content).toString('base64'), mode: f.mode })),
      });
      if (scenario.stopWhen) {
        const directive = `cmd_started: ${fill(scenario.stopWhen, v)}`;
        await waitFor(async () => simplifyLog(await jobLog(hub, id)).includes(directive), { timeoutMs: 20_000, message: directive });
        await api(hub, 'POST', `/api/v1alpha/jobs/${id}/stop`);
      }
      const job = await waitForJob(hub, id, agent);
      const actual = simplifyLog(await jobLog(hub, id));
      const expected = expectedLog(driver, scenario, withHubVariables(scenario.log.map((line) => fill(line, v)), scenario));
      expect(actual).toEqual(matchLog(actual, expected));
      expect(job.status.result).toBe(scenario.result.toUpperCase());
      await kill(agent);
    } finally {
      places.cleanup();
    }
  });
});
