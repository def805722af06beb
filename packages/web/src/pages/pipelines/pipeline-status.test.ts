import { describe, expect, it } from 'vitest';
import type { PipelineResult, PipelineState } from '@outpost/protocol';
import type { DescribedBlock, DescribedJob } from '../../api/pipeline-types.js';
import { blockLook, canRerunFailed, canStop, pipelineJobLook, pipelineLook, reasonInWords } from './pipeline-status.js';

describe('pipelineLook', () => {
  it.each<[PipelineState, PipelineResult | null, string, string, boolean]>([
    ['initializing', null, 'Initializing', 'amber', false],
    ['pending', null, 'Queued', 'amber', false],
    ['queuing', null, 'Queued', 'amber', false],
    ['running', null, 'Running', 'blue', true],
    ['stopping', null, 'Stopping', 'amber', true],
    ['done', 'passed', 'Passed', 'green', false],
    ['done', 'failed', 'Failed', 'red', false],
    ['done', 'stopped', 'Stopped', 'gray', false],
    ['done', 'canceled', 'Canceled', 'gray', false],
    ['done', null, 'Done', 'gray', false],
  ])('%s %s → %s', (state, result, label, tone, live) => {
    expect(pipelineLook(state, result)).toEqual({ label, tone, live });
  });
});

describe('blockLook', () => {
  it.each<[Pick<DescribedBlock, 'state' | 'result' | 'result_reason'>, string]>([
    [{ state: 'initializing' }, 'Waiting'],
    [{ state: 'waiting' }, 'Waiting'],
    [{ state: 'running' }, 'Running'],
    [{ state: 'stopping' }, 'Stopping'],
    [{ state: 'done', result: 'passed', result_reason: 'test' }, 'Passed'],
    [{ state: 'done', result: 'passed', result_reason: 'skipped' }, 'Skipped'],
    [{ state: 'done', result: 'failed', result_reason: 'test' }, 'Failed'],
    [{ state: 'done', result: 'canceled', result_reason: 'fast_failing' }, 'Canceled'],
    [{ state: 'done' }, 'Done'],
  ])('%j → %s', (block, label) => {
    expect(blockLook(block).label).toBe(label);
  });
});

describe('pipelineJobLook', () => {
  it.each<[Pick<DescribedJob, 'status' | 'result'>, string, boolean]>([
    [{ status: 'PENDING', result: '' }, 'Waiting', false],
    [{ status: 'QUEUED', result: '' }, 'Queued', false],
    [{ status: 'RUNNING', result: '' }, 'Running', true],
    [{ status: 'FINISHED', result: 'PASSED' }, 'Passed', false],
    [{ status: 'FINISHED', result: 'FAILED' }, 'Failed', false],
    [{ status: 'FINISHED', result: 'STOPPED' }, 'Stopped', false],
    [{ status: 'FINISHED', result: '' }, 'Failed', false],
    [{ status: 'NOT_RUN', result: '' }, 'Not run', false],
  ])('%j → %s', (job, label, live) => {
    const look = pipelineJobLook(job);
    expect(look.label).toBe(label);
    expect(look.live).toBe(live);
  });
});

describe('reasonInWords', () => {
  it.each([
    { result: 'passed', reason: 'test', words: '' },
    { result: 'failed', reason: 'test', words: 'a job failed' },
    { result: 'failed', reason: 'malformed', words: 'the pipeline file could not be run' },
    { result: 'failed', reason: 'timeout', words: 'the execution time limit was reached' },
    { result: 'stopped', reason: 'user', words: 'stopped by a user' },
    { result: 'stopped', reason: 'fast_failing', words: 'stopped by fail_fast' },
    { result: 'canceled', reason: 'strategy', words: 'canceled by auto_cancel' },
    { result: 'stopped', reason: 'test', words: '' },
    { result: 'passed', reason: 'skipped', words: 'skipped by its condition' },
    { result: null, reason: null, words: '' },
  ] as const)('$result $reason → "$words"', ({ result, reason, words }) => {
    expect(reasonInWords(result, reason)).toBe(words);
  });
});

describe('actions', () => {
  it.each<[PipelineState, PipelineResult | null, boolean, boolean]>([
    ['pending', null, true, false],
    ['running', null, true, false],
    ['stopping', null, false, false],
    ['done', 'passed', false, false],
    ['done', 'failed', false, true],
    ['done', 'stopped', false, true],
    ['done', 'canceled', false, true],
  ])('%s %s: stop %s, rerun failed %s', (state, result, stop, rerunFailed) => {
    expect(canStop(state)).toBe(stop);
    expect(canRerunFailed(state, result)).toBe(rerunFailed);
  });
});
