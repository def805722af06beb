import type { Job } from '@outpost/protocol';

export interface JobPipeline {
  pipelineId: string;
  pipelineName: string;
  /** Empty for an after_pipeline job. */
  blockName: string;
}

/**
 * The pipeline a job belongs to, read from the Semaphore variables the hub gives every pipeline job (the job API
 * has no pipeline field); null for a job run on its own (pure).
 */
export function pipelineOfJob(spec: Pick<Job['spec'], 'env_vars'>): JobPipeline | null {
  const env = new Map((spec.env_vars ?? []).map((v) => [v.name, v.value]));
  const pipelineId = env.get('SEMAPHORE_PIPELINE_ID') ?? '';
  if (env.get('SEMAPHORE_JOB_TYPE') !== 'pipeline_job' || !/^[\w-]{1,200}$/.test(pipelineId)) return null;
  return { pipelineId, pipelineName: env.get('SEMAPHORE_PIPELINE_NAME') ?? '', blockName: env.get('SEMAPHORE_BLOCK_NAME') ?? '' };
}
