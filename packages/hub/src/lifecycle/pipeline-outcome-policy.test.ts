import { describe, expect, it } from 'vitest';
import { judgeBlock, judgePipeline, PIPELINE_STOP_TEXT, stopReasonOf, type DoneBlock, type FinishedJob } from './pipeline-outcome-policy.js';
import { FAILURE_REASONS } from './job-policy.js';

const passed: FinishedJob = { result: 'passed', failureReason: null, started: true };

describe('judgeBlock', () => {
  it.each<{ name: string; jobs: FinishedJob[]; expected: ReturnType<typeof judgeBlock> }>([
    { name: 'a block passes when all its jobs passed', jobs: [passed, passed], expected: { result: 'passed', reason: 'test' } },
    { name: 'one failed job fails the block (reason test)', jobs: [passed, { result: 'failed', failureReason: null, started: true }], expected: { result: 'failed', reason: 'test' } },
    {
      name: 'a job whose agent was lost fails the block as stuck',
      jobs: [{ result: 'failed', failureReason: FAILURE_REASONS.agentLost, started: true }],
      expected: { result: 'failed', reason: 'stuck' },
    },
    {
      name: 'a failure outweighs a stop',
      jobs: [{ result: 'stopped', failureReason: PIPELINE_STOP_TEXT.fast_failing, started: true }, { result: 'failed', failureReason: null, started: true }],
      expected: { result: 'failed', reason: 'test' },
    },
    {
      name: 'a job stopped by its own execution_time_limit stops the block with reason timeout',
      jobs: [passed, { result: 'stopped', failureReason: FAILURE_REASONS.timeLimit, started: true }],
      expected: { result: 'stopped', reason: 'timeout' },
    },
    {
      name: 'jobs fail_fast canceled before they started cancel the block',
      jobs: [passed, { result: 'stopped', failureReason: PIPELINE_STOP_TEXT.fast_failing, started: false }],
      expected: { result: 'canceled', reason: 'fast_failing' },
    },
    {
      name: 'a job a person stopped through the jobs API stops the block with reason user',
      jobs: [{ result: 'stopped', failureReason: null, started: true }],
      expected: { result: 'stopped', reason: 'user' },
    },
    {
      name: 'stopped with the pipeline by auto_cancel: reason strategy',
      jobs: [{ result: 'stopped', failureReason: PIPELINE_STOP_TEXT.strategy, started: true }],
      expected: { result: 'stopped', reason: 'strategy' },
    },
  ])('$name', ({ jobs, expected }) => {
    expect(judgeBlock(jobs)).toEqual(expected);
  });
});

describe('judgePipeline', () => {
  const b = (index: number, result: DoneBlock['result'], reason: DoneBlock['reason'], doneAt: number): DoneBlock => ({ index, result, reason, doneAt });
  it.each<{ name: string; blocks: DoneBlock[]; expected: ReturnType<typeof judgePipeline> }>([
    { name: 'every block passed', blocks: [b(0, 'passed', 'test', 1), b(1, 'passed', 'skipped', 2)], expected: { result: 'passed', reason: 'test' } },
    {
      name: 'the chronologically first block that did not pass decides (Semaphore orders by done time)',
      blocks: [b(0, 'stopped', 'timeout', 5), b(1, 'canceled', 'fast_failing', 3)],
      expected: { result: 'canceled', reason: 'fast_failing' },
    },
    {
      name: 'a failed block decides over blocks that ended sooner without failing',
      blocks: [b(0, 'stopped', 'fast_failing', 1), b(1, 'failed', 'test', 4)],
      expected: { result: 'failed', reason: 'test' },
    },
    { name: 'blocks done at the same moment are ordered by position', blocks: [b(1, 'failed', 'stuck', 2), b(0, 'failed', 'test', 2)], expected: { result: 'failed', reason: 'test' } },
  ])('$name', ({ blocks, expected }) => {
    expect(judgePipeline(blocks)).toEqual(expected);
  });
});

describe('stopReasonOf', () => {
  it.each([
    { name: 'the time-limit reason the hub writes', text: FAILURE_REASONS.timeLimit, expected: 'timeout' },
    { name: 'each pipeline stop reads back as itself', text: PIPELINE_STOP_TEXT.fast_failing, expected: 'fast_failing' },
    { name: 'a stop without a reason came from a person', text: null, expected: 'user' },
    { name: 'a queued job a person stopped', text: 'stopped before an agent took it', expected: 'user' },
  ])('$name', ({ text, expected }) => {
    expect(stopReasonOf(text)).toBe(expected);
  });
});
