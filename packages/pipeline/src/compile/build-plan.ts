// The checked file and one run's values → the plan the hub executes: conditions evaluated, job settings merged
// from global_job_config, task and job (pipeline-yaml.md#global-job-config), limits and priorities decided.

import { mergeEnvVars, mergeSecrets } from '../expand/env-vars.js';
import type { JobVariant } from '../expand/job-variants.js';
import { choosePriority, defaultPriority, type JobKind } from '../expand/priority-policy.js';
import { effectiveLimitMinutes } from '../expand/time-limit-policy.js';
import { DEFAULT_PIPELINE_NAME } from '../limits.js';
import type { ConditionContext, PipelinePlan, PlannedBlock, PlannedJob } from '../plan.js';
import { EMPTY_JOB_CONFIG, type AgentDef, type BlockDef, type JobConfigDef, type PipelineDef, type TaskDef, type WhenDef } from '../validate/model.js';
import type { WhenEvaluator } from './condition-evaluator.js';
import type { BlockStructure, JobStructure, PipelineStructure } from './structure.js';

interface PlanInputs {
  pipeline: PipelineDef;
  evaluate: WhenEvaluator;
  context: ConditionContext;
}

export function buildPlan(pipeline: PipelineDef, structure: PipelineStructure, evaluate: WhenEvaluator, context: ConditionContext): PipelinePlan {
  const inputs: PlanInputs = { pipeline, evaluate, context };
  const holds = (when: WhenDef | undefined): boolean => when !== undefined && evaluate(when);
  const stop = holds(pipeline.failFast.stop);
  const running = holds(pipeline.autoCancel.running);
  return {
    name: pipeline.name ?? DEFAULT_PIPELINE_NAME,
    executionTimeLimitSeconds: effectiveLimitMinutes(pipeline.timeLimit?.minutes) * 60,
    blocks: structure.blocks.map((block) => planBlock(inputs, block)),
    // "If both are set, `stop` is evaluated first" / "`running` will be evaluated first" (pipeline-yaml.md).
    failFast: { stop, cancel: !stop && holds(pipeline.failFast.cancel) },
    autoCancel: { running, queued: !running && holds(pipeline.autoCancel.queued) },
    afterPipeline: planAfterPipeline(inputs, structure.afterPipeline),
  };
}

function planBlock(inputs: PlanInputs, structure: BlockStructure): PlannedBlock {
  const { block } = structure;
  const { task } = block;
  const jobs = task === undefined ? [] : structure.jobs.flatMap((job) =>
    job.variants.map((variant) => planJob(inputs, { task, global: inputs.pipeline.globalJobConfig, block, job, variant, kind: 'block' })));
  return {
    name: structure.name,
    dependencies: structure.dependencies,
    skipped: isSkipped(inputs.evaluate, block),
    jobs,
    partialRerun: block.partialRerun ?? inputs.pipeline.partialRerun ?? 'jobs',
  };
}

/** pipeline-yaml.md#skip-in-blocks / #run-in-blocks: skipped when `skip.when` holds or `run.when` does not. */
function isSkipped(evaluate: WhenEvaluator, block: BlockDef): boolean {
  if (block.skip !== undefined) return evaluate(block.skip);
  if (block.run !== undefined) return !evaluate(block.run);
  return false;
}

/** pipeline-yaml.md#after_pipeline: "Global job config is not applied to `after_pipeline` jobs"; their limit is
 * their own, else the pipeline's. */
function planAfterPipeline(inputs: PlanInputs, jobs: JobStructure[]): PlannedJob[] {
  const task = inputs.pipeline.afterPipeline;
  if (task === undefined) return [];
  return jobs.flatMap((job) => job.variants.map((variant) => planJob(inputs, { task, global: EMPTY_JOB_CONFIG, job, variant, kind: 'after_pipeline' })));
}

interface JobSource {
  task: TaskDef;
  global: JobConfigDef;
  block?: BlockDef;
  job: JobStructure;
  variant: JobVariant;
  kind: JobKind;
}

function planJob(inputs: PlanInputs, source: JobSource): PlannedJob {
  const { task, global, job, variant } = source;
  const agent: AgentDef | undefined = task.agent ?? inputs.pipeline.agent;
  const rules = [...job.job.priority, ...global.priority];
  const limitMinutes = effectiveLimitMinutes(job.job.timeLimit?.minutes, source.block?.timeLimit?.minutes, inputs.pipeline.timeLimit?.minutes);
  const planned: PlannedJob = {
    name: variant.name,
    machineType: agent?.machineType ?? '',
    commands: [...global.prologue, ...task.prologue, ...job.job.commands],
    envVars: mergeEnvVars(global.envVars, task.envVars, job.job.envVars, variant.envVars),
    secrets: mergeSecrets(global.secrets, task.secrets),
    // The epilogue's order is reversed: the task's commands run before the global ones (#global-job-config).
    epilogue: {
      always: [...task.epilogue.always, ...global.epilogue.always],
      onPass: [...task.epilogue.onPass, ...global.epilogue.onPass],
      onFail: [...task.epilogue.onFail, ...global.epilogue.onFail],
    },
    executionTimeLimitSeconds: limitMinutes * 60,
    priority: choosePriority(rules.map((rule) => ({ value: rule.value, holds: () => inputs.evaluate(rule.when) })), defaultPriority(inputs.context, source.kind)),
  };
  return agent?.osImage === undefined ? planned : { ...planned, osImage: agent.osImage };
}
