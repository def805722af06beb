import type { EnvVar, PlannedJob } from '@outpost/pipeline';
import type { JobInput } from '@outpost/protocol';

type JobSpec = JobInput['spec'];

/**
 * A planned job as an ordinary Outpost job spec, with the variables Semaphore gives pipeline jobs
 * (reference/env-vars.md). The payload adds the per-job ones (CI, SEMAPHORE, SEMAPHORE_JOB_ID, SEMAPHORE_JOB_NAME, …)
 * when an agent fetches the job. Pure.
 */
export interface PipelineRunFacts {
  orgId: string;
  workflowId: string;
  pipelineId: string;
  pipelineName: string;
  /** The first pipeline of a chain of partial reruns (artifacts are shared along it). */
  artefactId: string;
  pipelineRerun: boolean;
  workflowRerun: boolean;
  branch: string;
  tag: string;
  pullRequest: string;
  commitSha: string;
}

/** What after_pipeline jobs also get: the pipeline's result and times (Unix seconds). */
export interface FinishedPipelineFacts {
  result: string;
  resultReason: string;
  createdAtMs: number;
  runningAtMs: number | null;
  doneAtMs: number;
}

export function buildPipelineJobSpec(job: PlannedJob, run: PipelineRunFacts, block: { name: string } | null, finished: FinishedPipelineFacts | null): JobSpec {
  const env = [...runVariables(run), ...(block ? [v('SEMAPHORE_BLOCK_NAME', block.name)] : []), ...(finished ? afterPipelineVariables(finished) : []), ...job.envVars];
  return {
    agent: { machine: { type: job.machineType, ...(job.osImage ? { os_image: job.osImage } : {}) } },
    commands: job.commands,
    env_vars: env.map((e) => ({ name: e.name, value: e.value })),
    epilogue_always_commands: job.epilogue.always,
    epilogue_on_pass_commands: job.epilogue.onPass,
    epilogue_on_fail_commands: job.epilogue.onFail,
    priority: job.priority,
    execution_time_limit: job.executionTimeLimitSeconds,
  };
}

const v = (name: string, value: string): EnvVar => ({ name, value });

function runVariables(run: PipelineRunFacts): EnvVar[] {
  return [
    v('SEMAPHORE_ORGANIZATION_ID', run.orgId),
    v('SEMAPHORE_WORKFLOW_ID', run.workflowId),
    v('SEMAPHORE_WORKFLOW_RERUN', String(run.workflowRerun)),
    v('SEMAPHORE_WORKFLOW_TRIGGERED_BY_API', 'true'),
    v('SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK', 'false'),
    v('SEMAPHORE_WORKFLOW_TRIGGERED_BY_SCHEDULE', 'false'),
    v('SEMAPHORE_PIPELINE_ID', run.pipelineId),
    v('SEMAPHORE_PIPELINE_NAME', run.pipelineName),
    v('SEMAPHORE_PIPELINE_ARTEFACT_ID', run.artefactId),
    v('SEMAPHORE_PIPELINE_RERUN', String(run.pipelineRerun)),
    v('SEMAPHORE_PIPELINE_PROMOTION', 'false'),
    v('SEMAPHORE_JOB_TYPE', 'pipeline_job'),
    ...gitVariables(run),
  ];
}

/** The SEMAPHORE_GIT_* variables the run context gives (a pull request's branch is its target branch). */
export function gitVariables(run: Pick<PipelineRunFacts, 'branch' | 'tag' | 'pullRequest' | 'commitSha'>): EnvVar[] {
  const vars: EnvVar[] = [];
  if (run.pullRequest) {
    vars.push(v('SEMAPHORE_GIT_REF_TYPE', 'pull-request'), v('SEMAPHORE_GIT_REF', `refs/pull/${run.pullRequest}`), v('SEMAPHORE_GIT_PR_NUMBER', run.pullRequest));
    if (run.branch) vars.push(v('SEMAPHORE_GIT_BRANCH', run.branch));
  } else if (run.tag) {
    vars.push(v('SEMAPHORE_GIT_REF_TYPE', 'tag'), v('SEMAPHORE_GIT_REF', `refs/tags/${run.tag}`), v('SEMAPHORE_GIT_TAG_NAME', run.tag));
  } else if (run.branch) {
    vars.push(
      v('SEMAPHORE_GIT_REF_TYPE', 'branch'),
      v('SEMAPHORE_GIT_REF', `refs/heads/${run.branch}`),
      v('SEMAPHORE_GIT_BRANCH', run.branch),
      v('SEMAPHORE_GIT_WORKING_BRANCH', run.branch),
    );
  }
  if (run.commitSha) vars.push(v('SEMAPHORE_GIT_SHA', run.commitSha));
  return vars;
}

const unix = (ms: number) => String(Math.floor(ms / 1000));

function afterPipelineVariables(p: FinishedPipelineFacts): EnvVar[] {
  const startedAt = p.runningAtMs ?? p.doneAtMs;
  return [
    v('SEMAPHORE_PIPELINE_RESULT', p.result),
    v('SEMAPHORE_PIPELINE_RESULT_REASON', p.resultReason),
    v('SEMAPHORE_PIPELINE_CREATED_AT', unix(p.createdAtMs)),
    v('SEMAPHORE_PIPELINE_STARTED_AT', unix(startedAt)),
    v('SEMAPHORE_PIPELINE_DONE_AT', unix(p.doneAtMs)),
    v('SEMAPHORE_PIPELINE_QUEUEING_DURATION', unix(startedAt - p.createdAtMs)),
    v('SEMAPHORE_PIPELINE_RUNNING_DURATION', unix(p.doneAtMs - startedAt)),
    v('SEMAPHORE_PIPELINE_TOTAL_DURATION', unix(p.doneAtMs - p.createdAtMs)),
  ];
}
