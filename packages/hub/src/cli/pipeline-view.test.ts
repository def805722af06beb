import { describe, expect, it } from 'vitest';
import { UNSET_PIPELINE_TIME, type PipelineBlock, type PipelineDescribe, type PipelineJob } from '@outpost/protocol';
import { describeChanges, exitCodeOf, formatDuration, renderPipelineTree } from './pipeline-view.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms).toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000Z');

function job(name: string, status: PipelineJob['status'], result: PipelineJob['result'] = '', started = -1, finished = -1): PipelineJob {
  return { name, index: 0, job_id: status === 'PENDING' ? '' : `id-${name}`, status, result, failure_reason: '', started_at: started < 0 ? UNSET_PIPELINE_TIME : at(started), finished_at: finished < 0 ? UNSET_PIPELINE_TIME : at(finished) };
}

function block(name: string, state: PipelineBlock['state'], jobs: PipelineJob[], extra: Partial<PipelineBlock> = {}): PipelineBlock {
  return { block_id: name, name, state, error_description: '', jobs, index: 0, dependencies: [], started_at: UNSET_PIPELINE_TIME, done_at: UNSET_PIPELINE_TIME, ...extra };
}

function pipeline(state: PipelineDescribe['pipeline']['state'], blocks: PipelineBlock[], extra: Partial<PipelineDescribe['pipeline']> = {}): PipelineDescribe {
  return {
    pipeline: {
      ppl_id: 'ppl-1', wf_id: 'wf-1', name: 'Demo', organization_id: 'o', project_id: '', branch_name: 'main', commit_sha: '', yaml_file_name: 'semaphore.yml', working_directory: '.semaphore',
      state, created_at: at(0), pending_at: at(0), queuing_at: at(0), running_at: at(0), stopping_at: UNSET_PIPELINE_TIME, done_at: UNSET_PIPELINE_TIME, error_description: '', terminate_request: '',
      terminated_by: '', partial_rerun_of: '', promotion_of: '', with_after_task: false, after_task_id: '', tag_name: '', pr_number: '', execution_time_limit: 3600, ...extra,
    },
    blocks,
  };
}

describe('formatDuration', () => {
  it.each([
    { ms: 850, expected: '850ms' },
    { ms: 12_400, expected: '12s' },
    { ms: 63_000, expected: '1m 03s' },
    { ms: 2 * 3600_000 + 5 * 60_000, expected: '2h 05m' },
  ])('$ms ms is $expected', ({ ms, expected }) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('renderPipelineTree', () => {
  it('shows the pipeline, each block and each job with its state and duration (running ones counted to now)', () => {
    const p = pipeline('running', [
      block('Build', 'done', [job('build', 'FINISHED', 'PASSED', 0, 3000)], { result: 'passed', result_reason: 'test', started_at: at(0), done_at: at(3000) }),
      block('Test', 'running', [job('unit', 'RUNNING', '', 3000), job('lint', 'QUEUED')], { started_at: at(3000) }),
      block('Deploy', 'waiting', [job('deploy', 'PENDING')]),
    ]);
    expect(renderPipelineTree(p, { color: false, nowMs: T0 + 10_000 })).toEqual([
      'Pipeline Demo  running  10s  ppl-1',
      '✔ Build  passed  3s',
      '    ✔ build  PASSED  3s',
      '● Test  running  7s',
      '    ● unit  RUNNING  7s',
      '    ○ lint  QUEUED',
      '○ Deploy  waiting',
      '    ○ deploy  PENDING',
    ]);
  });

  it('names a block’s reason when it is not a test result, and colours by result on a terminal', () => {
    const p = pipeline('done', [block('Test', 'done', [job('unit', 'NOT_RUN')], { result: 'canceled', result_reason: 'fast_failing' })], { result: 'failed', result_reason: 'test', done_at: at(5000) });
    const lines = renderPipelineTree(p, { color: true, nowMs: T0 });
    expect(lines[0]).toContain('\x1b[31mfailed (test)\x1b[0m');
    expect(lines[1]).toContain('canceled (fast_failing)');
  });
});

describe('describeChanges', () => {
  it('prints everything the first time, then only what changed', () => {
    const first = pipeline('running', [block('Build', 'running', [job('build', 'QUEUED')]), block('Test', 'waiting', [job('unit', 'PENDING')])]);
    expect(describeChanges(null, first, T0)).toEqual(['pipeline running', 'block Build: running', 'job Build / build: QUEUED', 'block Test: waiting']);
    const second = pipeline('running', [block('Build', 'running', [job('build', 'RUNNING', '', 0)]), block('Test', 'waiting', [job('unit', 'PENDING')])]);
    expect(describeChanges(first, second, T0)).toEqual(['job Build / build: RUNNING']);
    const third = pipeline('done', [block('Build', 'done', [job('build', 'FINISHED', 'FAILED', 0, 2000)], { result: 'failed' }), block('Test', 'done', [job('unit', 'NOT_RUN')], { result: 'canceled' })], { result: 'failed', result_reason: 'test' });
    expect(describeChanges(second, third, T0)).toEqual([
      'block Build: done failed',
      'job Build / build: FAILED 2s',
      'block Test: done canceled',
      'job Test / unit: NOT_RUN',
      'pipeline done: failed (test)',
    ]);
  });
});

describe('exitCodeOf', () => {
  it.each([
    { result: 'passed' as const, code: 0 },
    { result: 'failed' as const, code: 1 },
    { result: 'stopped' as const, code: 1 },
    { result: 'canceled' as const, code: 1 },
  ])('$result exits $code', ({ result, code }) => {
    expect(exitCodeOf(pipeline('done', [], { result }))).toBe(code);
  });
});
