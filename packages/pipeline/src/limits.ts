// Defaults and limits of Semaphore's pipeline YAML v1.0, each with the line of semaphoreio/semaphore's docs it
// comes from, so a reader can check them against the source.

/** pipeline-yaml.md#execution_time_limit: "The default value is 1 hour." */
export const DEFAULT_EXECUTION_TIME_LIMIT_MINUTES = 60;
/** pipeline-yaml.md#execution_time_limit: "`hours`: time limit expressed in hours. Maximum value is 24" */
export const MAX_EXECUTION_TIME_LIMIT_HOURS = 24;
/** pipeline-yaml.md#execution_time_limit: "`minutes`: … The maximum value is 1440" */
export const MAX_EXECUTION_TIME_LIMIT_MINUTES = 1440;

/** pipelines.md#max-blocks: "There is a hard limit of a 100 blocks per pipeline." */
export const MAX_BLOCKS_PER_PIPELINE = 100;
/** jobs.md#max-jobs: "A block can have up to *50 jobs*." (counted after matrix and parallelism expansion) */
export const MAX_JOBS_PER_BLOCK = 50;

/** pipeline-yaml.md#parallelism-in-jobs: "The `parallelism` property expects integer values larger than `1`." */
export const MIN_PARALLELISM = 2;

/** pipeline-yaml.md#priority-in-jobs: "a `value` property … in a range from 0 to 100" */
export const MIN_JOB_PRIORITY = 0;
export const MAX_JOB_PRIORITY = 100;

/** jobs.md#default-priority, the rows for an initial pipeline and for after-pipeline jobs:
 * "Initial pipeline | master | 60", "Initial pipeline | non-master / tags / pull requests | 50",
 * "After pipeline | any | 45". */
export const DEFAULT_PRIORITY_MASTER_BRANCH = 60;
export const DEFAULT_PRIORITY_OTHER = 50;
export const DEFAULT_PRIORITY_AFTER_PIPELINE = 45;
/** The branch the default-priority table calls out by name. */
export const PRIORITY_MAIN_BRANCH_NAME = 'master';

/** The only `version` pipeline-yaml.md#version allows: "The only value supported is `v1.0`". */
export const SUPPORTED_PIPELINE_VERSION = 'v1.0';

/** pipeline-yaml.md#name gives no default for a pipeline without `name`; Outpost calls it this. */
export const DEFAULT_PIPELINE_NAME = 'Pipeline';
