import { describe, expect, it } from 'vitest';
import type { CommitStatus } from '@outpost/protocol';
import type { Described, DescribedBlock, DescribedJob } from '../../api/pipeline-types.js';
import { errorDescriptionLines, hasRunningJob, isSettled, keepUnchangedDescribe, pipelineJobSeconds } from './describe-model.js';

const UNSET = '1970-01-01 00:00:00.000000Z';
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '000Z');

const job = (patch: Partial<DescribedJob> = {}): DescribedJob => ({
  name: 'j', index: 0, job_id: '', status: 'PENDING', result: '', failure_reason: '', started_at: UNSET, finished_at: UNSET, ...patch,
});
const block = (id: string, jobs: DescribedJob[] = [job()]): DescribedBlock => ({
  block_id: id, name: id, state: 'waiting', error_description: '', jobs, index: 0, dependencies: [], started_at: UNSET, done_at: UNSET,
});
const describeOf = (state: Described['pipeline']['state'], blocks: DescribedBlock[], after?: Described['after_pipeline']): Described => ({
  pipeline: { state } as Described['pipeline'],
  blocks,
  ...(after ? { after_pipeline: after } : {}),
});

const status = (delivery: CommitStatus['delivery']): CommitStatus => ({ delivery } as CommitStatus);

describe('isSettled', () => {
  it.each([
    { name: 'running', d: describeOf('running', []), settled: false },
    { name: 'stopping', d: describeOf('stopping', []), settled: false },
    { name: 'done', d: describeOf('done', []), settled: true },
    { name: 'done, after_pipeline still running', d: describeOf('done', [], { state: 'running', jobs: [] }), settled: false },
    { name: 'done, after_pipeline done', d: describeOf('done', [], { state: 'done', result: 'passed', jobs: [] }), settled: true },
    { name: 'done, its commit status still being reported', d: { ...describeOf('done', []), commit_status: status('pending') }, settled: false },
    { name: 'done, its commit status sent', d: { ...describeOf('done', []), commit_status: status('sent') }, settled: true },
    { name: 'done, its commit status given up', d: { ...describeOf('done', []), commit_status: status('failed') }, settled: true },
  ])('$name → $settled', ({ d, settled }) => {
    expect(isSettled(d)).toBe(settled);
  });
});

describe('keepUnchangedDescribe', () => {
  it('answers the new one when there was none', () => {
    const next = describeOf('running', [block('a')]);
    expect(keepUnchangedDescribe(undefined, next)).toBe(next);
  });

  it('answers the previous answer when nothing changed', () => {
    const previous = describeOf('running', [block('a'), block('b')]);
    expect(keepUnchangedDescribe(previous, structuredClone(previous))).toBe(previous);
  });

  it('keeps unchanged blocks and takes changed ones', () => {
    const previous = describeOf('running', [block('a'), block('b')]);
    const next = describeOf('running', [block('a'), block('b', [job({ status: 'RUNNING' })])]);
    const kept = keepUnchangedDescribe(previous, next);
    expect(kept).not.toBe(previous);
    expect(kept.blocks[0]).toBe(previous.blocks[0]);
    expect(kept.blocks[1]).toBe(next.blocks[1]);
  });

  it('notices a change of the pipeline alone', () => {
    const previous = describeOf('running', [block('a')]);
    const kept = keepUnchangedDescribe(previous, describeOf('done', [block('a')]));
    expect(kept.pipeline.state).toBe('done');
    expect(kept.blocks[0]).toBe(previous.blocks[0]);
  });
});

describe('pipelineJobSeconds', () => {
  it.each([
    { name: 'not started', j: job({ status: 'QUEUED' }), seconds: null },
    { name: 'running: up to now', j: job({ status: 'RUNNING', started_at: at(T0) }), seconds: 7 },
    { name: 'finished: start to finish', j: job({ status: 'FINISHED', started_at: at(T0), finished_at: at(T0 + 65_400) }), seconds: 65 },
    { name: 'finished without a finish time', j: job({ status: 'FINISHED', started_at: at(T0) }), seconds: null },
    { name: 'a clock behind the hub', j: job({ status: 'RUNNING', started_at: at(T0 + 60_000) }), seconds: 0 },
  ])('$name', ({ j, seconds }) => {
    expect(pipelineJobSeconds(j, T0 + 7_900)).toBe(seconds);
  });
});

describe('hasRunningJob', () => {
  it.each([
    [[], false],
    [[job({ status: 'QUEUED' }), job({ status: 'FINISHED' })], false],
    [[job({ status: 'QUEUED' }), job({ status: 'RUNNING' })], true],
  ])('%j → %s', (jobs, running) => {
    expect(hasRunningJob(jobs)).toBe(running);
  });
});

describe('errorDescriptionLines', () => {
  it.each([
    { text: '', lines: [] },
    { text: 'agent type s1-gone is not registered', lines: [{ at: null, message: 'agent type s1-gone is not registered' }] },
    {
      text: '.semaphore/semaphore.yml:5:11: unknown key `jobz`\nsecret X not found\n',
      lines: [
        { at: { file: '.semaphore/semaphore.yml', line: 5, column: 11 }, message: 'unknown key `jobz`' },
        { at: null, message: 'secret X not found' },
      ],
    },
    { text: 'C:\\ci\\p.yml:2:3: bad', lines: [{ at: { file: 'C:\\ci\\p.yml', line: 2, column: 3 }, message: 'bad' }] },
  ])('$text', ({ text, lines }) => {
    expect(errorDescriptionLines(text)).toEqual(lines);
  });
});
