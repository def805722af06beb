import { describe, expect, it } from 'vitest';
import { pipelineTimeToMs } from '@outpost/protocol';
import type { DescribedPipeline, ListedPipeline } from '../../api/pipeline-types.js';
import { describeTimeToMs, fromDescribe, fromListItem, pipelineDurationSeconds, protoTimeToMs, refLabel } from './pipeline-summary.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

describe('describeTimeToMs', () => {
  it.each([
    ['2026-03-01 10:00:00.000000Z', T0],
    ['2026-03-01 10:00:00.123456Z', T0 + 123],
    ['2026-03-01 10:00:00Z', T0],
    ['1970-01-01 00:00:00.000000Z', null],
    ['2026-03-01T10:00:00Z', null],
    ['', null],
    ['2026-13-45 99:00:00Z', null],
  ])('%j → %s, as the protocol reads it', (text, ms) => {
    expect(describeTimeToMs(text)).toBe(ms);
    expect(describeTimeToMs(text)).toBe(pipelineTimeToMs(text));
  });
});

describe('protoTimeToMs', () => {
  it.each([
    [{ seconds: 0, nanos: 0 }, null],
    [undefined, null],
    [{ seconds: T0 / 1000, nanos: 0 }, T0],
    [{ seconds: T0 / 1000, nanos: 250_999_999 }, T0 + 250],
  ])('%j → %s', (time, ms) => {
    expect(protoTimeToMs(time)).toBe(ms);
  });
});

const fields = {
  ppl_id: 'p1', wf_id: 'w1', name: 'CI', organization_id: 'o', project_id: '', branch_name: 'main', commit_sha: 'abc1234',
  yaml_file_name: 'semaphore.yml', working_directory: '.semaphore', error_description: '', terminate_request: '', terminated_by: '',
  partial_rerun_of: '', promotion_of: '', with_after_task: false, after_task_id: '', tag_name: '', pr_number: '', execution_time_limit: 3600,
};

describe('one summary from either answer', () => {
  it('reads the list shape (upper case, proto times) and the describe shape (lower case, text times) alike', () => {
    const seconds = T0 / 1000;
    const proto = (s: number) => ({ seconds: s, nanos: 0 });
    const item: ListedPipeline = {
      ...fields, state: 'DONE', result: 'FAILED', result_reason: 'TEST', created_at: proto(seconds), pending_at: proto(seconds),
      queuing_at: proto(seconds), running_at: proto(seconds + 2), stopping_at: proto(0), done_at: proto(seconds + 65),
    };
    const text = (s: number) => new Date(s * 1000).toISOString().replace('T', ' ').replace('Z', '000Z');
    const described: DescribedPipeline = {
      ...fields, state: 'done', result: 'failed', result_reason: 'test', created_at: text(seconds), pending_at: text(seconds),
      queuing_at: text(seconds), running_at: text(seconds + 2), stopping_at: '1970-01-01 00:00:00.000000Z', done_at: text(seconds + 65),
    };
    const summary = fromListItem(item);
    expect(summary).toEqual(fromDescribe(described));
    expect(summary).toMatchObject({ state: 'done', result: 'failed', reason: 'test', yamlFile: '.semaphore/semaphore.yml', createdMs: T0, doneMs: T0 + 65_000 });
  });
});

describe('pipelineDurationSeconds', () => {
  it.each([
    { name: 'running: up to now', p: { createdMs: T0, doneMs: null, state: 'running' }, now: T0 + 12_500, seconds: 12 },
    { name: 'queued: waiting counts', p: { createdMs: T0, doneMs: null, state: 'queuing' }, now: T0 + 3000, seconds: 3 },
    { name: 'done: up to done, whatever now is', p: { createdMs: T0, doneMs: T0 + 90_000, state: 'done' }, now: T0 + 999_000, seconds: 90 },
    { name: 'done without a done time', p: { createdMs: T0, doneMs: null, state: 'done' }, now: T0 + 5000, seconds: 0 },
    { name: 'no creation time', p: { createdMs: null, doneMs: null, state: 'running' }, now: T0, seconds: null },
    { name: 'a clock behind the hub', p: { createdMs: T0, doneMs: null, state: 'running' }, now: T0 - 4000, seconds: 0 },
  ] as const)('$name', ({ p, now, seconds }) => {
    expect(pipelineDurationSeconds(p, now)).toBe(seconds);
  });
});

describe('refLabel', () => {
  it.each([
    [{ branch: 'main', tag: '', pullRequest: '' }, { kind: 'branch', text: 'main' }],
    [{ branch: '', tag: 'v1.2.0', pullRequest: '' }, { kind: 'tag', text: 'v1.2.0' }],
    [{ branch: 'main', tag: '', pullRequest: '42' }, { kind: 'pull request', text: '#42 → main' }],
    [{ branch: '', tag: '', pullRequest: '42' }, { kind: 'pull request', text: '#42' }],
    [{ branch: '', tag: '', pullRequest: '' }, null],
  ])('%j → %j', (p, label) => {
    expect(refLabel(p)).toEqual(label);
  });
});
