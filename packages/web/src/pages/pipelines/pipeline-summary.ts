import type { PipelineResult, PipelineResultReason, PipelineState, ProtoTime } from '@outpost/protocol';
import type { DescribedPipeline, ListedPipeline } from '../../api/pipeline-types.js';

/**
 * One shape for a pipeline whichever answer it came from: the list speaks upper case with {seconds, nanos}, the
 * describe lower case with `YYYY-MM-DD HH:MM:SS.ffffffZ` strings (pure).
 */
export interface PipelineSummary {
  id: string;
  workflowId: string;
  name: string;
  state: PipelineState;
  result: PipelineResult | null;
  reason: PipelineResultReason | null;
  branch: string;
  tag: string;
  pullRequest: string;
  commitSha: string;
  yamlFile: string;
  createdMs: number | null;
  runningMs: number | null;
  doneMs: number | null;
  errorDescription: string;
  partialRerunOf: string;
  terminatedBy: string;
}

/** Milliseconds from a describe time; null for the epoch (a moment that has not come) or text that is not a time. */
export function describeTimeToMs(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(text);
  if (!match) return null;
  const ms = Date.parse(`${match[1]}T${match[2]}.${(match[3] ?? '0').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(ms) || ms <= 0 ? null : ms;
}

export function protoTimeToMs(time: ProtoTime | undefined): number | null {
  if (!time || time.seconds <= 0) return null;
  return time.seconds * 1000 + Math.floor(time.nanos / 1_000_000);
}

const lower = <T extends string>(value: string | undefined): T | null => (value ? (value.toLowerCase() as T) : null);

function joinPath(dir: string, file: string): string {
  return dir ? `${dir.replace(/\/+$/, '')}/${file}` : file;
}

export function fromListItem(item: ListedPipeline): PipelineSummary {
  return {
    ...common(item),
    state: item.state.toLowerCase() as PipelineState,
    result: lower<PipelineResult>(item.result),
    reason: lower<PipelineResultReason>(item.result_reason),
    createdMs: protoTimeToMs(item.created_at),
    runningMs: protoTimeToMs(item.running_at),
    doneMs: protoTimeToMs(item.done_at),
  };
}

export function fromDescribe(pipeline: DescribedPipeline): PipelineSummary {
  return {
    ...common(pipeline),
    state: pipeline.state,
    result: pipeline.result ?? null,
    reason: pipeline.result_reason ?? null,
    createdMs: describeTimeToMs(pipeline.created_at),
    runningMs: describeTimeToMs(pipeline.running_at),
    doneMs: describeTimeToMs(pipeline.done_at),
  };
}

function common(p: DescribedPipeline | ListedPipeline) {
  return {
    id: p.ppl_id,
    workflowId: p.wf_id,
    name: p.name,
    branch: p.branch_name,
    tag: p.tag_name,
    pullRequest: p.pr_number,
    commitSha: p.commit_sha,
    yamlFile: joinPath(p.working_directory, p.yaml_file_name),
    errorDescription: p.error_description,
    partialRerunOf: p.partial_rerun_of,
    terminatedBy: p.terminated_by,
  };
}

/** Seconds from creation to done (or to now while it is not done); null when the hub gave no creation time. */
export function pipelineDurationSeconds(p: Pick<PipelineSummary, 'createdMs' | 'doneMs' | 'state'>, nowMs: number): number | null {
  if (p.createdMs === null) return null;
  const end = p.state === 'done' ? (p.doneMs ?? p.createdMs) : nowMs;
  return Math.max(0, Math.floor((end - p.createdMs) / 1000));
}

export type RefLabel = { kind: 'branch' | 'tag' | 'pull request'; text: string } | null;

/** What the pipeline ran for: a tag, a pull request (into its target branch), a branch, or nothing. */
export function refLabel(p: Pick<PipelineSummary, 'branch' | 'tag' | 'pullRequest'>): RefLabel {
  if (p.tag) return { kind: 'tag', text: p.tag };
  if (p.pullRequest) return { kind: 'pull request', text: p.branch ? `#${p.pullRequest} → ${p.branch}` : `#${p.pullRequest}` };
  if (p.branch) return { kind: 'branch', text: p.branch };
  return null;
}
