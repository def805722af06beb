import type { PipelineListItem, ProtoTime, WorkflowListItem } from '@outpost/protocol';
import type { Tone } from '../../components/status-badge.js';

/** The project page's history, grouped by branch (or tag, or pull request), newest first (pure). */
export interface PipelineView {
  id: string;
  file: string;
  look: { tone: Tone; label: string; live: boolean };
  /** Seconds from running to done (or to now while running); null before it runs. */
  durationS: number | null;
  reason: string;
}

export interface WorkflowView {
  id: string;
  sha: string;
  shortSha: string;
  createdMs: number;
  trigger: string;
  pipelines: PipelineView[];
}

export interface RefGroup {
  /** e.g. refs/heads/main */
  reference: string;
  kind: 'branch' | 'tag' | 'pull request';
  label: string;
  workflows: WorkflowView[];
}

const msOf = (t: ProtoTime) => t.seconds * 1000 + Math.floor(t.nanos / 1e6);

export function refOf(reference: string, branchName: string): { kind: RefGroup['kind']; label: string } {
  if (reference.startsWith('refs/tags/')) return { kind: 'tag', label: reference.slice('refs/tags/'.length) };
  if (reference.startsWith('refs/pull/')) return { kind: 'pull request', label: `#${reference.slice('refs/pull/'.length).replace(/\/.*$/, '')}` };
  return { kind: 'branch', label: reference.startsWith('refs/heads/') ? reference.slice('refs/heads/'.length) : branchName || reference };
}

const TRIGGERS: Record<string, string> = { '0': 'push', '1': 'schedule', '2': 'API', '3': 'manual run', HOOK: 'push', API: 'API', SCHEDULE: 'schedule', MANUAL_RUN: 'manual run' };

/** The badge for a pipeline state and result, upper case as the list answers them. */
export function pipelineLook(state: string, result: string | undefined): PipelineView['look'] {
  const s = state.toUpperCase();
  if (s === 'DONE') {
    const r = (result ?? '').toUpperCase();
    if (r === 'PASSED') return { tone: 'green', label: 'Passed', live: false };
    if (r === 'FAILED') return { tone: 'red', label: 'Failed', live: false };
    if (r === 'STOPPED') return { tone: 'gray', label: 'Stopped', live: false };
    return { tone: 'gray', label: 'Canceled', live: false };
  }
  if (s === 'RUNNING') return { tone: 'blue', label: 'Running', live: true };
  if (s === 'STOPPING') return { tone: 'amber', label: 'Stopping', live: true };
  return { tone: 'amber', label: 'Queued', live: true };
}

export function pipelineView(p: PipelineListItem, nowMs: number): PipelineView {
  const running = msOf(p.running_at);
  const done = msOf(p.done_at);
  const end = done > 0 ? done : nowMs;
  return {
    id: p.ppl_id,
    file: p.working_directory ? `${p.working_directory}/${p.yaml_file_name}` : p.yaml_file_name,
    look: pipelineLook(p.state, p.result),
    durationS: running > 0 ? Math.max(0, Math.round((end - running) / 1000)) : null,
    reason: p.error_description,
  };
}

export function groupWorkflows(workflows: readonly WorkflowListItem[], pipelines: ReadonlyMap<string, readonly PipelineListItem[]>, nowMs: number): RefGroup[] {
  const groups = new Map<string, RefGroup>();
  const sorted = [...workflows].sort((a, b) => msOf(b.created_at) - msOf(a.created_at) || (a.wf_id < b.wf_id ? 1 : -1));
  for (const wf of sorted) {
    const reference = wf.reference || `refs/heads/${wf.branch_name}`;
    let group = groups.get(reference);
    if (!group) {
      group = { reference, ...refOf(reference, wf.branch_name), workflows: [] };
      groups.set(reference, group);
    }
    const own = [...(pipelines.get(wf.wf_id) ?? [])].sort((a, b) => msOf(a.created_at) - msOf(b.created_at));
    group.workflows.push({
      id: wf.wf_id,
      sha: wf.commit_sha,
      shortSha: wf.commit_sha.slice(0, 7),
      createdMs: msOf(wf.created_at),
      trigger: TRIGGERS[String(wf.triggered_by)] ?? String(wf.triggered_by),
      pipelines: own.map((p) => pipelineView(p, nowMs)),
    });
  }
  return [...groups.values()];
}

/** The last run's result for the projects list: the newest workflow's initial pipeline. */
export function lastResultLook(workflows: readonly WorkflowListItem[]): PipelineView['look'] | null {
  const newest = [...workflows].sort((a, b) => msOf(b.created_at) - msOf(a.created_at))[0];
  return newest ? pipelineLook(newest.initial_ppl_state, newest.initial_ppl_result || undefined) : null;
}
