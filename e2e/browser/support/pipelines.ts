import type { Page } from 'playwright-core';
import type { Described } from '../../../packages/web/src/api/pipeline-types.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { screenshot } from './browser.js';
import { api, startAgent, type HubProcess, type Proc } from './processes.js';

/** Pipelines for the browser suite: an agent type with real agents, pipelines started through the API, and finders. */

/** Registers `s1-<suffix>` over the API and starts `count` real agents of it; resolves once all are connected. */
export async function typeWithAgents(hub: HubProcess, suffix: string, count: number): Promise<Proc[]> {
  const created = await api<{ status: { registration_token?: string } }>(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', {
    metadata: { name: `s1-${suffix}` },
    spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0 } },
  });
  const token = created.body.status.registration_token;
  if (created.status !== 200 || !token) throw new Error(`creating s1-${suffix} answered ${created.status}: ${JSON.stringify(created.body)}`);
  const agents = Array.from({ length: count }, () => startAgent(hub, token));
  await waitFor(
    async () => (await api<{ agents: unknown[] }>(hub, 'GET', `/api/v1alpha/agents?agent_type=s1-${suffix}`)).body.agents.length === count,
    { timeoutMs: 30_000, message: `${count} agents of s1-${suffix} to connect` },
  );
  return agents;
}

/** Runs a pipeline from YAML through the hub's API; answers its id (fails loudly when the route is missing). */
export async function runPipeline(hub: HubProcess, yaml: string, ref: { branch?: string; tag?: string } = { branch: 'main' }): Promise<string> {
  const answer = await api<{ pipeline_id?: string }>(hub, 'POST', '/api/v1alpha/pipelines/yaml', { yaml_definition: yaml, ...ref });
  if (answer.status !== 200 || !answer.body.pipeline_id) throw new Error(`POST /api/v1alpha/pipelines/yaml answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.pipeline_id;
}

export async function describePipeline(hub: HubProcess, id: string): Promise<Described> {
  const answer = await api<Described>(hub, 'GET', `/api/v1alpha/pipelines/${id}?detailed=true`);
  if (answer.status !== 200) throw new Error(`describe ${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function waitForPipelineDone(hub: HubProcess, id: string, timeoutMs = 60_000): Promise<Described> {
  return waitFor(async () => {
    const described = await describePipeline(hub, id);
    return described.pipeline.state === 'done' ? described : undefined;
  }, { timeoutMs, intervalMs: 200, message: `pipeline ${id} to be done` });
}

/** The list item of a job in a block's card of the graph. */
export function jobItem(page: Page, block: string, job: string) {
  return page.getByRole('list', { name: `Jobs of ${block}`, exact: true }).getByRole('listitem').filter({ hasText: job });
}

/** Waits until the job's item in the graph names `state` (Waiting, Queued, Running, Passed, Failed, Stopped, Not run). */
export async function waitForJobState(page: Page, block: string, job: string, state: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => ((await jobItem(page, block, job).textContent()) ?? '').startsWith(state), {
    timeoutMs,
    intervalMs: 100,
    message: `job ${job} of ${block} to be ${state}`,
  });
}

/** The pipeline's badge in the page header. */
export function pipelineStatus(page: Page) {
  return page.locator('.page-header .job-status-line .badge');
}

export async function waitForPipelineStatus(page: Page, label: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(async () => (await pipelineStatus(page).textContent()) === label, { timeoutMs, intervalMs: 100, message: `the pipeline to show ${label}` });
}

/** A pipeline file of the given blocks, each `[name, dependencies, jobs]` with each job `[name, commands]`. */
export function pipelineYaml(name: string, agentType: string, blocks: Array<[string, string[], Array<[string, string[]]>]>): string {
  const lines = ['version: v1.0', `name: ${name}`, 'agent:', '  machine:', `    type: ${agentType}`, 'blocks:'];
  for (const [block, dependencies, jobs] of blocks) {
    lines.push(`  - name: ${block}`, `    dependencies: [${dependencies.join(', ')}]`, '    task:', '      jobs:');
    for (const [job, commands] of jobs) {
      lines.push(`        - name: ${job}`, '          commands:', ...commands.map((c) => `            - ${JSON.stringify(c)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A full-page screenshot from the top, so the sticky header is drawn where it belongs. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A file with two problems: a cloud machine type on line 5 and a misspelt dependency on line 14. */
export const BROKEN_YAML = [
  'version: v1.0',
  'name: Broken',
  'agent:',
  '  machine:',
  '    type: e1-standard-2',
  'blocks:',
  '  - name: Build',
  '    dependencies: []',
  '    task:',
  '      jobs:',
  '        - name: Compile',
  '          commands: [make]',
  '  - name: Test',
  '    dependencies: [Biuld]',
  '    task:',
  '      jobs:',
  '        - name: Unit',
  '          commands: [make test]',
  '',
].join('\n');
