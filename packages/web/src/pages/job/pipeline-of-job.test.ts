import { describe, expect, it } from 'vitest';
import { pipelineOfJob } from './pipeline-of-job.js';

const env = (vars: Record<string, string>) => ({ env_vars: Object.entries(vars).map(([name, value]) => ({ name, value })) });

describe('pipelineOfJob', () => {
  it.each([
    { name: 'a job run on its own', spec: {}, found: null },
    { name: 'no variables', spec: env({}), found: null },
    {
      name: 'a block job',
      spec: env({ SEMAPHORE_JOB_TYPE: 'pipeline_job', SEMAPHORE_PIPELINE_ID: '0193-abc', SEMAPHORE_PIPELINE_NAME: 'CI', SEMAPHORE_BLOCK_NAME: 'Test' }),
      found: { pipelineId: '0193-abc', pipelineName: 'CI', blockName: 'Test' },
    },
    {
      name: 'an after_pipeline job (no block)',
      spec: env({ SEMAPHORE_JOB_TYPE: 'pipeline_job', SEMAPHORE_PIPELINE_ID: '0193-abc', SEMAPHORE_PIPELINE_NAME: 'CI' }),
      found: { pipelineId: '0193-abc', pipelineName: 'CI', blockName: '' },
    },
    { name: 'a hand-made job naming a pipeline id, without the job type', spec: env({ SEMAPHORE_PIPELINE_ID: '0193-abc' }), found: null },
    { name: 'an id that is not one', spec: env({ SEMAPHORE_JOB_TYPE: 'pipeline_job', SEMAPHORE_PIPELINE_ID: '../../x' }), found: null },
    { name: 'an empty id', spec: env({ SEMAPHORE_JOB_TYPE: 'pipeline_job', SEMAPHORE_PIPELINE_ID: '' }), found: null },
  ])('$name', ({ spec, found }) => {
    expect(pipelineOfJob(spec)).toEqual(found);
  });
});
