// Questions the hub asks a plan.

import type { PipelinePlan } from './plan.js';

/** The agent types a plan runs on, each once, in the order they first appear (blocks, then after_pipeline), so
 * the hub can check that each exists before it queues anything. */
export function machineTypesOf(plan: PipelinePlan): string[] {
  const jobs = [...plan.blocks.flatMap((block) => block.jobs), ...plan.afterPipeline];
  return [...new Set(jobs.map((job) => job.machineType))];
}
