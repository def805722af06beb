// What the readers make of a pipeline file: typed values that passed their own checks, each part keeping the slot
// it came from so the checks that span parts (dependencies, time limits, job names) can still point at a line.
// A part that failed its checks is left out, and its error is already collected.

import type { EnvVar } from '../plan.js';
import type { Condition } from '../conditions/ast.js';
import type { Slot } from './reader.js';

/** A `when` value, parsed. `sourceOffset` maps an offset in the condition text to one in the file. */
export interface WhenDef {
  condition: Condition;
  slot: Slot;
  sourceOffset: (conditionOffset: number) => number;
}

export interface AgentDef {
  machineType: string;
  osImage?: string;
  slot: Slot;
}

export interface TimeLimitDef {
  minutes: number;
  slot: Slot;
}

export interface EpilogueDef {
  always: string[];
  onPass: string[];
  onFail: string[];
}

export interface PriorityRuleDef {
  value: number;
  when: WhenDef;
}

export interface MatrixAxisDef {
  envVar: string;
  values: string[];
}

export interface JobDef {
  /** Absent for a nameless job; Semaphore then names it `Nameless N`. */
  name?: string;
  commands: string[];
  envVars: EnvVar[];
  matrix?: MatrixAxisDef[];
  parallelism?: number;
  timeLimit?: TimeLimitDef;
  priority: PriorityRuleDef[];
  slot: Slot;
}

/** The settings a task and `global_job_config` share. */
export interface JobConfigDef {
  prologue: string[];
  epilogue: EpilogueDef;
  envVars: EnvVar[];
  secrets: string[];
  priority: PriorityRuleDef[];
}

export interface TaskDef extends JobConfigDef {
  agent?: AgentDef;
  jobs: JobDef[];
  slot: Slot;
}

export interface DependenciesDef {
  names: { name: string; slot: Slot }[];
  slot: Slot;
}

export type PartialRerun = 'jobs' | 'block';

export interface BlockDef {
  /** Absent for a nameless block; Semaphore then names it `Nameless block N`. */
  name?: string;
  dependencies?: DependenciesDef;
  skip?: WhenDef;
  run?: WhenDef;
  task?: TaskDef;
  timeLimit?: TimeLimitDef;
  partialRerun?: PartialRerun;
  slot: Slot;
}

export interface PipelineDef {
  name?: string;
  agent?: AgentDef;
  blocks: BlockDef[];
  afterPipeline?: TaskDef;
  timeLimit?: TimeLimitDef;
  globalJobConfig: JobConfigDef;
  failFast: { stop?: WhenDef; cancel?: WhenDef };
  autoCancel: { running?: WhenDef; queued?: WhenDef };
  partialRerun?: PartialRerun;
  /** `queue` is accepted and not acted on; its conditions are still checked. */
  queueConditions: WhenDef[];
  slot: Slot;
}

export const EMPTY_EPILOGUE: EpilogueDef = { always: [], onPass: [], onFail: [] };

export const EMPTY_JOB_CONFIG: JobConfigDef = { prologue: [], epilogue: EMPTY_EPILOGUE, envVars: [], secrets: [], priority: [] };

/** Every `when` a compile evaluates (all but `queue`'s, which Outpost accepts and does not act on). */
export function evaluatedWhens(pipeline: PipelineDef): WhenDef[] {
  const ofConfig = (config: JobConfigDef): WhenDef[] => config.priority.map((rule) => rule.when);
  const ofTask = (task: TaskDef | undefined): WhenDef[] =>
    task === undefined ? [] : [...ofConfig(task), ...task.jobs.flatMap((job) => job.priority.map((rule) => rule.when))];
  const policies = [pipeline.failFast.stop, pipeline.failFast.cancel, pipeline.autoCancel.running, pipeline.autoCancel.queued];
  return [
    ...policies.filter((when): when is WhenDef => when !== undefined),
    ...ofConfig(pipeline.globalJobConfig),
    ...pipeline.blocks.flatMap((block) => [block.skip, block.run].filter((when): when is WhenDef => when !== undefined)),
    ...pipeline.blocks.flatMap((block) => ofTask(block.task)),
    ...ofTask(pipeline.afterPipeline),
  ];
}
