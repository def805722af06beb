// The checks that span parts of a file and need no run values: block names, the dependency graph, where each task
// gets its agent, jobs per block after expansion, job names, and time limits across levels. Their result — names,
// dependencies and job variants — is what the plan is built from.

import { isMap, isScalar } from 'yaml';
import { expandJob, variantCount, type JobVariant } from '../expand/job-variants.js';
import { timeLimitProblems } from '../expand/time-limit-policy.js';
import { resolveDependencies } from '../graph/dependencies.js';
import { assignNames, duplicateNameProblems, namelessBlockName, namelessJobName } from '../graph/names.js';
import { MAX_JOBS_PER_BLOCK } from '../limits.js';
import type { BlockDef, JobDef, PipelineDef, TaskDef } from '../validate/model.js';
import { report, type Reader, type Slot } from '../validate/reader.js';

export interface JobStructure {
  job: JobDef;
  /** The entry's name before expansion (`Nameless 1` for a nameless one). */
  name: string;
  variants: JobVariant[];
}

export interface BlockStructure {
  block: BlockDef;
  name: string;
  dependencies: string[];
  jobs: JobStructure[];
}

export interface PipelineStructure {
  blocks: BlockStructure[];
  afterPipeline: JobStructure[];
}

export function checkStructure(reader: Reader, pipeline: PipelineDef): PipelineStructure {
  const names = assignNames(pipeline.blocks.map((block) => ({ ...block, at: block.slot })), namelessBlockName);
  const named = pipeline.blocks.map((block, index) => ({ block, name: names[index] ?? '' }));
  reportAll(reader, duplicateNameProblems(named.map(({ block, name }) => ({ name, at: block.slot })),
    (name) => `there are two blocks named "${name}"; block names must be unique in a pipeline`));
  const graph = resolveDependencies(named.map(({ block, name }) => ({
    name,
    at: block.slot,
    ...(block.dependencies === undefined ? {} : { declared: block.dependencies.names.map((entry) => ({ name: entry.name, at: entry.slot })) }),
  })));
  reportAll(reader, graph.problems);
  checkAgents(reader, pipeline, named);
  const blocks = named.map(({ block, name }, index) => ({
    block,
    name,
    dependencies: graph.dependencies[index] ?? [],
    jobs: structureJobs(reader, block.task, `block "${name}"`),
  }));
  reportAll(reader, timeLimitProblems(pipeline.timeLimit?.minutes, blocks.map(({ block, name, jobs }) => ({
    name,
    ...(block.timeLimit === undefined ? {} : { limit: { minutes: block.timeLimit.minutes, at: block.timeLimit.slot } }),
    jobs: jobs.map(({ job, name: jobName }) => ({ name: jobName, ...(job.timeLimit === undefined ? {} : { limit: { minutes: job.timeLimit.minutes, at: job.timeLimit.slot } }) })),
  }))));
  return { blocks, afterPipeline: structureJobs(reader, pipeline.afterPipeline, 'after_pipeline') };
}

/** Names, counts and expands the jobs of a task; `owner` names it in messages. */
function structureJobs(reader: Reader, task: TaskDef | undefined, owner: string): JobStructure[] {
  if (task === undefined) return [];
  const names = assignNames(task.jobs.map((job) => ({ ...job, at: job.slot })), namelessJobName);
  const count = task.jobs.reduce((sum, job) => sum + variantCount(job), 0);
  if (count > MAX_JOBS_PER_BLOCK) {
    report(reader, task.slot.anchor, task.slot.path,
      `${owner} would have ${count} jobs after expanding matrix and parallelism; a block may have at most ${MAX_JOBS_PER_BLOCK}`);
    return task.jobs.map((job, index) => ({ job, name: names[index] ?? '', variants: [] }));
  }
  const jobs = task.jobs.map((job, index) => {
    const name = names[index] ?? '';
    return { job, name, variants: expandJob(name, job) };
  });
  const expanded = jobs.flatMap(({ job, variants }) => variants.map((variant) => ({ name: variant.name, at: job.slot })));
  reportAll(reader, duplicateNameProblems(expanded, (name) => `${owner} has two jobs named "${name}"; job names must be unique in a block`));
  return jobs;
}

/** pipeline-yaml.md#agent-in-task: a task's agent overrides the pipeline's, so the top-level agent may only be
 * left out when every task has its own. */
function checkAgents(reader: Reader, pipeline: PipelineDef, named: { block: BlockDef; name: string }[]): void {
  if (pipeline.agent !== undefined || hasKey(pipeline.slot, 'agent')) return;
  const tasks: { task: TaskDef; owner: string }[] = named.flatMap(({ block, name }) => (block.task === undefined ? [] : [{ task: block.task, owner: `block "${name}"` }]));
  if (pipeline.afterPipeline !== undefined) tasks.push({ task: pipeline.afterPipeline, owner: 'after_pipeline' });
  const withoutAgent = tasks.filter(({ task }) => task.agent === undefined && !hasKey(task.slot, 'agent'));
  if (withoutAgent.length === 0) return;
  if (withoutAgent.length === tasks.length) {
    report(reader, pipeline.slot.anchor, '', 'the pipeline needs an `agent` with a machine type, e.g. agent: { machine: { type: s1-linux } }, or every task its own `agent`');
    return;
  }
  for (const { task, owner } of withoutAgent) {
    report(reader, task.slot.anchor, task.slot.path, `${owner} has no agent: set \`agent\` at the top of the file or \`agent\` in this task`);
  }
}

/** An `agent` that was written but refused already has its error; "has no agent" would only repeat it. */
function hasKey(slot: Slot, key: string): boolean {
  return isMap(slot.node) && slot.node.items.some((pair) => isScalar(pair.key) && pair.key.value === key);
}

function reportAll(reader: Reader, problems: { at: Slot; message: string }[]): void {
  for (const problem of problems) report(reader, problem.at.anchor, problem.at.path, problem.message);
}
