import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobRequest } from '@outpost/protocol';
import { fill, type Scenario } from './scenarios.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The per-run places a scenario refers to: a temp dir holding the job's home and the hook scripts. */
export interface ScenarioPlaces {
  values: { home: string; tmp: string; hooks: string; rel: string };
  agentConfig: Record<string, unknown>;
  cleanup(): void;
}

export function prepareScenario(scenario: Scenario): ScenarioPlaces {
  const tmp = mkdtempSync(join(tmpdir(), 'outpost-scenario-'));
  const hooks = join(tmp, 'hooks');
  mkdirSync(hooks);
  const home = join(tmp, 'home');
  mkdirSync(home);
  const values = { home, tmp, hooks, rel: 'relative' };
  const agentConfig: Record<string, unknown> = { ...scenario.agent };
  if (scenario.preJobHook !== undefined) {
    writeFileSync(join(hooks, 'pre.sh'), scenario.preJobHook);
    agentConfig['pre-job-hook-path'] = join(hooks, 'pre.sh');
  }
  if (scenario.postJobHook !== undefined) {
    writeFileSync(join(hooks, 'post.sh'), scenario.postJobHook);
    agentConfig['post-job-hook-path'] = join(hooks, 'post.sh');
  }
  return {
    values,
    agentConfig,
    cleanup() {
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

const commands = (list: (string | { directive: string; alias?: string })[] | undefined, values: Record<string, string>) =>
  (list ?? []).map((c) => (typeof c === 'string' ? { directive: fill(c, values) } : { ...c, directive: fill(c.directive, values) }));

/** The job request the hub sends for a scenario (spec §3.5), without the logger. */
export function scenarioJobRequest(scenario: Scenario, values: Record<string, string>): Partial<JobRequest> {
  return {
    commands: commands(scenario.commands, values),
    epilogue_always_commands: commands(scenario.epilogueAlways, values),
    epilogue_on_pass_commands: commands(scenario.epilogueOnPass, values),
    epilogue_on_fail_commands: commands(scenario.epilogueOnFail, values),
    env_vars: (scenario.envVars ?? []).map((v) => ({ name: v.name, value: b64(v.value) })),
    files: (scenario.files ?? []).map((f) => ({ path: fill(f.path, values), content: b64(f.content), mode: f.mode })),
  };
}
