import type { PipelineDescribe, PipelineYamlRunResponse } from '@outpost/protocol';
import type { TestHub } from './start-hub.js';
import { api } from './hub-clients.js';
import { waitFor } from './wait-for.js';

/** Runs a pipeline from YAML text through the public API, as the CLI does. */
export async function runPipeline(hub: TestHub, yaml: string, options: { branch?: string; tag?: string; pull_request?: string; yaml_file_name?: string; request_token?: string } = {}): Promise<PipelineYamlRunResponse> {
  const res = await api(hub, 'POST', '/api/v1alpha/pipelines/yaml', { body: { yaml_definition: yaml, ...options } });
  if (res.status !== 200) throw new Error(`run pipeline: ${res.status} ${res.text}`);
  return res.body as PipelineYamlRunResponse;
}

export async function describePipeline(hub: TestHub, id: string): Promise<PipelineDescribe> {
  const res = await api(hub, 'GET', `/api/v1alpha/pipelines/${id}?detailed=true`);
  if (res.status !== 200) throw new Error(`describe pipeline: ${res.status} ${res.text}`);
  return res.body as PipelineDescribe;
}

export async function waitForPipeline(hub: TestHub, id: string, predicate: (p: PipelineDescribe) => boolean, message: string, timeoutMs = 20_000): Promise<PipelineDescribe> {
  return waitFor(async () => {
    const described = await describePipeline(hub, id);
    return predicate(described) ? described : null;
  }, { timeoutMs, message });
}

export const isDone = (p: PipelineDescribe) => p.pipeline.state === 'done';
export const isSettled = (p: PipelineDescribe) => p.pipeline.state === 'done' && (p.after_pipeline === undefined || p.after_pipeline.state === 'done');

/** "Block: state result" per block, for compact assertions. */
export const blockSummary = (p: PipelineDescribe) => p.blocks.map((b) => `${b.name}: ${[b.state, b.result, b.result_reason].filter(Boolean).join(' ')}`);

/** A job id of the describe answer by job name. */
export function jobIdOf(p: PipelineDescribe, name: string): string {
  const job = [...p.blocks.flatMap((b) => b.jobs), ...(p.after_pipeline?.jobs ?? [])].find((j) => j.name === name);
  if (!job?.job_id) throw new Error(`no queued job named ${name}`);
  return job.job_id;
}

/** A pipeline file on one agent type; `blocks` is the YAML of the blocks list, indented under `blocks:`. */
export function pipelineYaml(type: string, blocks: string, extra = ''): string {
  return `version: v1.0\nname: Test pipeline\nagent:\n  machine:\n    type: ${type}\n${extra}blocks:\n${blocks}`;
}

/** One block's YAML: its jobs each run `commands`. */
export function blockYaml(name: string, dependencies: string[], jobs: Record<string, string[]>, extra = ''): string {
  const jobLines = Object.entries(jobs)
    .map(([job, commands]) => `        - name: ${JSON.stringify(job)}\n          commands:\n${commands.map((c) => `            - ${JSON.stringify(c)}`).join('\n')}`)
    .join('\n');
  return `  - name: ${JSON.stringify(name)}\n    dependencies: ${JSON.stringify(dependencies)}\n${extra}    task:\n      jobs:\n${jobLines}\n`;
}
