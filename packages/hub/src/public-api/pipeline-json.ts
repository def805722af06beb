import {
  UNSET_PIPELINE_TIME,
  type Pipeline,
  type PipelineBlock,
  type PipelineDescribe,
  type PipelineJob,
  type PipelineListItem,
  type PipelineTopology,
  type ProtoTime,
} from '@outpost/protocol';
import type { PlannedJob } from '@outpost/pipeline';
import type { PipelineSnapshot } from '../lifecycle/pipelines.js';
import type { PipelineRow } from '../store/pipelines.js';
import type { BlockJobRow, BlockRow } from '../store/pipeline-blocks.js';

/** Semaphore's describe time: `2019-10-14 18:31:17.293000Z`; the epoch for a moment that has not come. */
export function toDescribeTime(ms: number | null): string {
  if (ms === null || ms <= 0) return UNSET_PIPELINE_TIME;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Semaphore's list time: a protobuf Timestamp. */
export function toProtoTime(ms: number | null): ProtoTime {
  if (ms === null || ms <= 0) return { seconds: 0, nanos: 0 };
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

function splitPath(path: string): { dir: string; file: string } {
  const cut = path.lastIndexOf('/');
  return cut === -1 ? { dir: '', file: path } : { dir: path.slice(0, cut), file: path.slice(cut + 1) };
}

function commonFields(p: PipelineRow, withAfterTask: boolean) {
  const { dir, file } = splitPath(p.yaml_file_path);
  return {
    ppl_id: p.id, wf_id: p.wf_id, name: p.name, organization_id: p.org_id, project_id: '', branch_name: p.branch_name, commit_sha: p.commit_sha,
    yaml_file_name: file, working_directory: dir, error_description: p.error_description, terminate_request: p.terminate_request ?? '',
    terminated_by: p.terminated_by ?? '', partial_rerun_of: p.partial_rerun_of ?? '', promotion_of: '', with_after_task: withAfterTask, after_task_id: '',
    tag_name: p.tag_name, pr_number: p.pr_number, execution_time_limit: p.execution_time_limit_s,
  };
}

/** `pipeline` of the describe answer: lower-case enums, string times, result only once done (as Semaphore). */
export function toPipelineJson(p: PipelineRow, withAfterTask: boolean): Pipeline {
  const t = toDescribeTime;
  return {
    ...commonFields(p, withAfterTask),
    state: p.state,
    ...(p.state === 'done' && p.result ? { result: p.result, result_reason: (p.result_reason ?? 'test') as Pipeline['result_reason'] & string } : {}),
    created_at: t(p.created_at), pending_at: t(p.created_at), queuing_at: t(p.created_at), running_at: t(p.running_at), stopping_at: t(p.stopping_at), done_at: t(p.done_at),
  };
}

/** An element of the list answer: upper-case enums, protobuf times. */
export function toPipelineListJson(p: PipelineRow, withAfterTask: boolean): PipelineListItem {
  const t = toProtoTime;
  return {
    ...commonFields(p, withAfterTask),
    state: p.state.toUpperCase() as PipelineListItem['state'],
    ...(p.state === 'done' && p.result
      ? { result: p.result.toUpperCase() as NonNullable<PipelineListItem['result']>, result_reason: (p.result_reason ?? 'test').toUpperCase() as NonNullable<PipelineListItem['result_reason']> }
      : {}),
    created_at: t(p.created_at), pending_at: t(p.created_at), queuing_at: t(p.created_at), running_at: t(p.running_at), stopping_at: t(p.stopping_at), done_at: t(p.done_at),
  };
}

const JOB_STATUS = { queued: 'QUEUED', offered: 'QUEUED', running: 'RUNNING', finished: 'FINISHED' } as const;

function toJobJson(job: BlockJobRow): PipelineJob {
  return {
    name: job.name, index: job.idx, job_id: job.job_id, status: JOB_STATUS[job.state],
    result: job.result ? (job.result.toUpperCase() as PipelineJob['result']) : '', failure_reason: job.failure_reason ?? '',
    started_at: toDescribeTime(job.started_at), finished_at: toDescribeTime(job.finished_at),
  };
}

const unsetJob = (name: string, index: number, status: 'PENDING' | 'NOT_RUN'): PipelineJob => ({
  name, index, job_id: '', status, result: '', failure_reason: '', started_at: UNSET_PIPELINE_TIME, finished_at: UNSET_PIPELINE_TIME,
});

/** A block's jobs in plan order: queued (or carried-over) ones as their jobs say; others PENDING while it waits, NOT_RUN once done. */
function jobsOf(block: BlockRow, planned: readonly PlannedJob[], links: readonly BlockJobRow[]): PipelineJob[] {
  const mine = new Map(links.filter((j) => j.block_id === block.id).map((j) => [j.idx, j]));
  const status = block.state === 'done' ? 'NOT_RUN' : 'PENDING';
  return planned.map((job, index) => {
    const link = mine.get(index);
    return link ? toJobJson(link) : unsetJob(job.name, index, status);
  });
}

function toBlockJson(block: BlockRow, s: PipelineSnapshot): PipelineBlock {
  const planned = s.plan.blocks[block.idx];
  return {
    block_id: block.id, name: block.name, state: block.state,
    ...(block.state === 'done' && block.result ? { result: block.result, result_reason: (block.result_reason ?? 'test') as PipelineBlock['result_reason'] & string } : {}),
    error_description: block.error_description, jobs: jobsOf(block, planned?.jobs ?? [], s.jobs), index: block.idx,
    dependencies: JSON.parse(block.dependencies) as string[], started_at: toDescribeTime(block.started_at), done_at: toDescribeTime(block.done_at),
  };
}

/** GET /pipelines/:id; `blocks` (and after_pipeline) only when detailed, as Semaphore answers. */
export function toDescribeJson(s: PipelineSnapshot, detailed: boolean): PipelineDescribe {
  const after = s.blocks.find((b) => b.kind === 'after_pipeline');
  const answer: PipelineDescribe = { pipeline: toPipelineJson(s.pipeline, after !== undefined), blocks: [] };
  if (!detailed) return answer;
  answer.blocks = s.blocks.filter((b) => b.kind === 'block').map((b) => toBlockJson(b, s));
  if (after) {
    answer.after_pipeline = {
      state: after.state,
      ...(after.state === 'done' && after.result ? { result: after.result } : {}),
      jobs: jobsOf(after, s.plan.afterPipeline, s.jobs),
    };
  }
  return answer;
}

/** GET /pipelines/:id/describe_topology: Semaphore's graph answer. */
export function toTopologyJson(s: PipelineSnapshot): PipelineTopology {
  return {
    blocks: s.plan.blocks.map((b) => ({ name: b.name, jobs: b.jobs.map((j) => j.name), dependencies: b.dependencies })),
    after_pipeline: { jobs: s.plan.afterPipeline.map((j) => j.name) },
  };
}
