import { describe, expect, it } from 'vitest';
import type { PipelineListItem, WorkflowListItem } from '@outpost/protocol';
import { groupWorkflows, lastResultLook, pipelineLook, refOf } from './workflow-groups.js';

const t = (seconds: number) => ({ seconds, nanos: 0 });

function workflow(id: string, reference: string, createdS: number, state = 'DONE', result = 'PASSED'): WorkflowListItem {
  return {
    wf_id: id, triggered_by: 0, rerun_of: '', requester_id: '', repository_id: '', project_id: 'p', organization_id: 'o', initial_ppl_id: `${id}-p`,
    hook_id: '', created_at: t(createdS), commit_sha: `${id}0123456789`, branch_name: reference.replace(/^refs\/\w+\//, ''), branch_id: '', reference,
    initial_ppl_state: state, initial_ppl_result: result,
  };
}

function pipeline(id: string, wfId: string, createdS: number, runningS: number, doneS: number, state = 'DONE', result?: string): PipelineListItem {
  return {
    ppl_id: id, wf_id: wfId, name: 'CI', organization_id: 'o', project_id: 'p', branch_name: 'main', commit_sha: 'abc', yaml_file_name: 'semaphore.yml',
    working_directory: '.semaphore', state, ...(result ? { result } : {}), created_at: t(createdS), pending_at: t(0), queuing_at: t(0), running_at: t(runningS),
    stopping_at: t(0), done_at: t(doneS), error_description: '', terminate_request: '', terminated_by: '', partial_rerun_of: '', promotion_of: '',
    with_after_task: false, after_task_id: '', tag_name: '', pr_number: '', execution_time_limit: 3600,
  } as PipelineListItem;
}

describe('refOf', () => {
  it.each([
    { reference: 'refs/heads/main', branch: 'main', expected: { kind: 'branch', label: 'main' } },
    { reference: 'refs/heads/feature/a', branch: '', expected: { kind: 'branch', label: 'feature/a' } },
    { reference: 'refs/tags/v1.0', branch: 'v1.0', expected: { kind: 'tag', label: 'v1.0' } },
    { reference: 'refs/pull/12/head', branch: '12', expected: { kind: 'pull request', label: '#12' } },
    { reference: 'refs/pull/7', branch: '7', expected: { kind: 'pull request', label: '#7' } },
  ])('$reference', ({ reference, branch, expected }) => {
    expect(refOf(reference, branch)).toEqual(expected);
  });
});

describe('pipelineLook', () => {
  it.each([
    { state: 'DONE', result: 'PASSED', expected: { tone: 'green', label: 'Passed', live: false } },
    { state: 'DONE', result: 'FAILED', expected: { tone: 'red', label: 'Failed', live: false } },
    { state: 'DONE', result: 'STOPPED', expected: { tone: 'gray', label: 'Stopped', live: false } },
    { state: 'DONE', result: 'CANCELED', expected: { tone: 'gray', label: 'Canceled', live: false } },
    { state: 'running', result: undefined, expected: { tone: 'blue', label: 'Running', live: true } },
    { state: 'STOPPING', result: undefined, expected: { tone: 'amber', label: 'Stopping', live: true } },
    { state: 'QUEUING', result: undefined, expected: { tone: 'amber', label: 'Queued', live: true } },
  ])('$state $result', ({ state, result, expected }) => {
    expect(pipelineLook(state, result)).toEqual(expected);
  });
});

describe('groupWorkflows', () => {
  it('groups by reference, newest group and workflow first, pipelines in creation order with durations', () => {
    const workflows = [workflow('w1', 'refs/heads/main', 100), workflow('w2', 'refs/tags/v1', 200), workflow('w3', 'refs/heads/main', 300, 'RUNNING', '')];
    const pipelines = new Map([
      ['w1', [pipeline('p1b', 'w1', 150, 160, 170, 'DONE', 'PASSED'), pipeline('p1', 'w1', 100, 101, 131, 'DONE', 'FAILED')]],
      ['w3', [pipeline('p3', 'w3', 300, 305, 0, 'RUNNING')]],
    ]);
    const groups = groupWorkflows(workflows, pipelines, 315_000);
    expect(groups.map((g) => [g.label, g.kind, g.workflows.map((w) => w.id)])).toEqual([
      ['main', 'branch', ['w3', 'w1']],
      ['v1', 'tag', ['w2']],
    ]);
    expect(groups[0]!.workflows[1]!.pipelines.map((p) => [p.id, p.look.label, p.durationS, p.file])).toEqual([
      ['p1', 'Failed', 30, '.semaphore/semaphore.yml'],
      ['p1b', 'Passed', 10, '.semaphore/semaphore.yml'],
    ]);
    expect(groups[0]!.workflows[0]!.pipelines[0]!.durationS).toBe(10);
    expect(groups[0]!.workflows[0]!.shortSha).toBe('w301234');
    expect(groups[0]!.workflows[0]!.trigger).toBe('push');
    expect(groups[1]!.workflows[0]!.pipelines).toEqual([]);
  });

  it('a pipeline that has not run has no duration', () => {
    const groups = groupWorkflows([workflow('w1', 'refs/heads/main', 100)], new Map([['w1', [pipeline('p', 'w1', 100, 0, 0, 'QUEUING')]]]), 200_000);
    expect(groups[0]!.workflows[0]!.pipelines[0]!.durationS).toBeNull();
  });
});

describe('lastResultLook', () => {
  it('is the newest workflow’s initial pipeline, or null without workflows', () => {
    expect(lastResultLook([workflow('a', 'refs/heads/main', 1, 'DONE', 'FAILED'), workflow('b', 'refs/heads/main', 2, 'DONE', 'PASSED')])?.label).toBe('Passed');
    expect(lastResultLook([])).toBeNull();
  });
});
