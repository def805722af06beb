// The contract between the pipeline language and the hub: what a compiled .semaphore/semaphore.yml becomes.
// Everything here is resolved (conditions evaluated, matrices expanded, limits and priorities decided), so the hub
// never interprets YAML or the Conditions DSL itself.

/** Values the Conditions DSL reads (`branch`, `tag`, `pull_request`, `result`, `result_reason`). */
export interface ConditionContext {
  /** Branch name for branch pushes; for pull requests the PR's target branch, as Semaphore does. */
  branch?: string;
  tag?: string;
  /** Pull request number as text. */
  pullRequest?: string;
  result?: string;
  resultReason?: string;
  /** `change_in(paths, opts)`; absent until git arrives — then `change_in` is an error that says so. */
  changeIn?: (paths: string[], options: ChangeInOptions) => boolean;
}

/** The options map of `change_in` (conditions-dsl.md#options), each absent when the condition leaves it out. */
export interface ChangeInOptions {
  defaultBranch?: string;
  /** `track` (Semaphore's default for pipelines): a change to the pipeline file itself counts as a change. */
  pipelineFile?: string;
  excluded?: string[];
  /** Added: `on_tags` — Semaphore's default is true (always changed on a tag build). */
  onTags?: boolean;
  /** Added: `branch_range` / `default_range`, the commit ranges for other branches and the default branch. */
  branchRange?: string;
  defaultRange?: string;
}

export interface PipelineError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** e.g. `blocks[1].task.jobs[0].commands`. */
  path: string;
  message: string;
}

export interface EnvVar {
  name: string;
  value: string;
}

export interface PlannedJob {
  /** As Semaphore names it, e.g. `Test - RUBY=3.2, DB=pg` for a matrix, `Shard - 2/4` for parallelism. */
  name: string;
  machineType: string;
  osImage?: string;
  /** global_job_config.prologue, then task.prologue commands, then the job's commands. */
  commands: string[];
  /** global_job_config → task → job → matrix values → SEMAPHORE_JOB_INDEX/COUNT, later entries win. */
  envVars: EnvVar[];
  /** Secret names in order (global_job_config first); the hub resolves them. */
  secrets: string[];
  epilogue: { always: string[]; onPass: string[]; onFail: string[] };
  executionTimeLimitSeconds: number;
  /** 0–100, from the first job `priority` entry whose `when` holds, else the default. */
  priority: number;
}

export interface PlannedBlock {
  name: string;
  /** Block names; for a file where no block declares `dependencies`, each block depends on the one before it. */
  dependencies: string[];
  /** `skip.when` held, or `run.when` did not: the block is skipped (and counts as passed). */
  skipped: boolean;
  jobs: PlannedJob[];
  /** Added: `partial_rerun` (pipeline-yaml.md#partial-rerun), the block's own or the pipeline's, default `jobs`:
   * a rerun of failed work re-runs only the failed jobs of this block (`jobs`) or all of them (`block`). */
  partialRerun?: 'jobs' | 'block';
}

export interface PipelinePlan {
  name: string;
  /** The pipeline's own limit (all blocks together), seconds. */
  executionTimeLimitSeconds: number;
  /** Blocks in file order; `dependencies` form an acyclic graph over their names. */
  blocks: PlannedBlock[];
  /** fail_fast evaluated: `stop` stops running jobs on the first failure, `cancel` cancels what has not started.
   * `stop` is evaluated first (pipeline-yaml.md#fail-fast), so at most one of the two is true. */
  failFast: { stop: boolean; cancel: boolean };
  /** auto_cancel evaluated: a newer pipeline on the same branch cancels this one when running / when queued.
   * `running` is evaluated first (pipeline-yaml.md#auto-cancel), so at most one of the two is true. */
  autoCancel: { running: boolean; queued: boolean };
  /** Jobs of after_pipeline, run once the pipeline has a result. */
  afterPipeline: PlannedJob[];
}

export type CompileResult = { ok: true; plan: PipelinePlan } | { ok: false; errors: PipelineError[] };

export interface CompileOptions {
  /** Used in every error position, e.g. `.semaphore/semaphore.yml`. */
  fileName: string;
  context: ConditionContext;
}
