import { describe, expect, it } from 'vitest';
import { decidePipeline, type BlockFacts, type JobFacts, type PipelineDecision, type PipelineFacts } from './pipeline-policy.js';
import { PIPELINE_STOP_TEXT } from './pipeline-outcome-policy.js';

const NOW = 1_000_000;

/** A job as the store shows it; `passed`/`failed` are finished jobs, `queued`/`running` unfinished ones. */
function job(id: string, status: 'not-queued' | 'queued' | 'running' | 'passed' | 'failed' | 'stopped', extra: Partial<JobFacts> = {}): JobFacts {
  const finished = status === 'passed' || status === 'failed' || status === 'stopped';
  return {
    jobId: status === 'not-queued' ? null : id,
    state: status === 'not-queued' ? null : finished ? 'finished' : status,
    result: finished ? status : null,
    failureReason: null,
    stopRequested: false,
    started: status !== 'queued' && status !== 'not-queued',
    ...extra,
  };
}

function block(index: number, state: BlockFacts['state'], jobs: JobFacts[], extra: Partial<BlockFacts> = {}): BlockFacts {
  return { index, dependsOn: [], skipped: false, state, result: null, reason: null, doneAt: null, jobs, ...extra };
}

const passedBlock = (index: number, doneAt = NOW - 10, extra: Partial<BlockFacts> = {}) =>
  block(index, 'done', [job(`p${index}`, 'passed')], { result: 'passed', reason: 'test', doneAt, ...extra });
const waiting = (index: number, dependsOn: number[] = [], extra: Partial<BlockFacts> = {}) =>
  block(index, 'waiting', [job(`w${index}`, 'not-queued')], { dependsOn, ...extra });

function facts(overrides: Partial<PipelineFacts>): PipelineFacts {
  return {
    state: 'running',
    terminate: null,
    ran: true,
    deadlineAt: NOW + 60_000,
    failFast: { stop: false, cancel: false },
    olderInQueue: false,
    newerAutoCancel: 'none',
    blocks: [],
    afterPipeline: null,
    ...overrides,
  };
}

const words = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' ');

/** The decision in a compact form that reads like the rows below. */
function summary(d: PipelineDecision) {
  return {
    pipeline: d.pipeline ? words(d.pipeline.to, d.pipeline.result, d.pipeline.reason, d.pipeline.terminate) : null,
    blocks: d.blocks.map((b) => `${b.index}:${words(b.to, b.result, b.reason)}`),
    stops: d.stops.map((s) => `${s.jobId}:${s.reason}`),
    after: d.afterPipeline ? words(d.afterPipeline.to, d.afterPipeline.result) : null,
    settle: d.settle,
  };
}

describe('decidePipeline', () => {
  it.each<{ name: string; facts: PipelineFacts; now?: number; expected: Partial<ReturnType<typeof summary>> }>([
    {
      name: 'a pipeline first in its queue runs, and its blocks without dependencies start',
      facts: facts({ state: 'queuing', ran: false, deadlineAt: null, blocks: [waiting(0), waiting(1), waiting(2, [0, 1])] }),
      expected: { pipeline: 'running', blocks: ['0:running', '1:running'], stops: [] },
    },
    {
      name: 'a pipeline waits in its queue while an older one of the same branch is not done (serialized queue)',
      facts: facts({ state: 'queuing', ran: false, olderInQueue: true, blocks: [waiting(0)] }),
      expected: { pipeline: null, blocks: [] },
    },
    {
      name: 'a queued pipeline is canceled by a newer one with auto_cancel queued (reason strategy)',
      facts: facts({ state: 'queuing', ran: false, olderInQueue: true, newerAutoCancel: 'cancel', blocks: [waiting(0), waiting(1, [0])] }),
      expected: { pipeline: 'done canceled strategy strategy', blocks: ['0:done canceled strategy', '1:done canceled strategy'], settle: true },
    },
    {
      name: 'a queued pipeline a user stopped ends CANCELED, not STOPPED: it never ran',
      facts: facts({ state: 'queuing', ran: false, terminate: 'user', olderInQueue: true, blocks: [waiting(0)] }),
      expected: { pipeline: 'done canceled user', blocks: ['0:done canceled user'] },
    },
    {
      name: 'a block starts once its only dependency passed',
      facts: facts({ blocks: [passedBlock(0), waiting(1, [0])] }),
      expected: { pipeline: null, blocks: ['1:running'] },
    },
    {
      name: 'a block started by a decision is not judged by it: its jobs do not exist yet',
      facts: facts({ blocks: [passedBlock(0), block(1, 'waiting', [], { dependsOn: [0] })] }),
      expected: { pipeline: null, blocks: ['1:running'] },
    },
    {
      name: 'a block waits while one of its dependencies still runs',
      facts: facts({ blocks: [passedBlock(0), block(1, 'running', [job('a', 'running')]), waiting(2, [0, 1])] }),
      expected: { pipeline: null, blocks: [], stops: [] },
    },
    {
      name: 'a skipped block passes at once (reason skipped) and its dependents start in the same decision',
      facts: facts({ blocks: [waiting(0, [], { skipped: true }), waiting(1, [0])] }),
      expected: { blocks: ['0:done passed skipped', '1:running'] },
    },
    {
      name: 'a block whose jobs all passed passes, and the block after it starts in the same decision',
      facts: facts({ blocks: [block(0, 'running', [job('a', 'passed'), job('b', 'passed')]), waiting(1, [0])] }),
      expected: { blocks: ['0:done passed test', '1:running'] },
    },
    {
      name: 'without fail_fast a failed job stops nothing: its siblings run on',
      facts: facts({ blocks: [block(0, 'running', [job('a', 'failed'), job('b', 'running')]), block(1, 'running', [job('c', 'running')])] }),
      expected: { pipeline: null, blocks: [], stops: [] },
    },
    {
      name: 'a failed block cancels its dependents (fast_failing) and the pipeline fails (test)',
      facts: facts({ blocks: [block(0, 'running', [job('a', 'failed'), job('b', 'passed')]), waiting(1, [0]), waiting(2, [1])] }),
      expected: { pipeline: 'done failed test', blocks: ['0:done failed test', '1:done canceled fast_failing', '2:done canceled fast_failing'] },
    },
    {
      name: 'a block independent of a failure still runs to the end before the pipeline is done',
      facts: facts({ blocks: [block(0, 'done', [job('a', 'failed')], { result: 'failed', reason: 'test', doneAt: NOW - 5 }), block(1, 'running', [job('b', 'running')])] }),
      expected: { pipeline: null, blocks: [], stops: [] },
    },
    {
      name: 'fail_fast stop: one failed job stops every unfinished job, in its block and others, and cancels waiting blocks',
      facts: facts({
        failFast: { stop: true, cancel: false },
        blocks: [block(0, 'running', [job('a', 'failed'), job('b', 'running')]), block(1, 'running', [job('c', 'queued'), job('d', 'running')]), waiting(2, [1])],
      }),
      expected: { pipeline: null, blocks: ['0:stopping', '1:stopping', '2:done canceled fast_failing'], stops: ['b:fast_failing', 'c:fast_failing', 'd:fast_failing'] },
    },
    {
      name: 'fail_fast cancel: queued jobs are canceled and waiting blocks too, running jobs finish',
      facts: facts({
        failFast: { stop: false, cancel: true },
        blocks: [block(0, 'running', [job('a', 'failed'), job('b', 'running')]), block(1, 'running', [job('c', 'queued'), job('d', 'running')]), waiting(2, [1])],
      }),
      expected: { pipeline: null, blocks: ['2:done canceled fast_failing'], stops: ['c:fast_failing'] },
    },
    {
      name: 'jobs already asked to stop are not asked again',
      facts: facts({ failFast: { stop: true, cancel: false }, blocks: [block(0, 'stopping', [job('a', 'failed'), job('b', 'running', { stopRequested: true })])] }),
      expected: { blocks: [], stops: [] },
    },
    {
      name: 'a stopped pipeline: running jobs are stopped, waiting blocks canceled, the pipeline goes to stopping (reason user)',
      facts: facts({ terminate: 'user', blocks: [block(0, 'running', [job('a', 'running'), job('b', 'passed')]), waiting(1, [0])] }),
      expected: { pipeline: 'stopping', blocks: ['0:stopping', '1:done canceled user'], stops: ['a:user'] },
    },
    {
      name: 'a stopping pipeline whose blocks are all done ends STOPPED with the stop reason',
      facts: facts({
        state: 'stopping',
        terminate: 'user',
        blocks: [block(0, 'stopping', [job('a', 'stopped', { failureReason: PIPELINE_STOP_TEXT.user }), job('b', 'passed')]), block(1, 'done', [job('c', 'not-queued')], { result: 'canceled', reason: 'user', doneAt: NOW - 1 })],
      }),
      expected: { pipeline: 'done stopped user', blocks: ['0:done stopped user'], settle: true },
    },
    {
      name: "the pipeline's execution_time_limit: the hub stops it with reason timeout",
      now: NOW + 60_000,
      facts: facts({ blocks: [block(0, 'running', [job('a', 'running')]), waiting(1, [0])] }),
      expected: { pipeline: 'stopping timeout', blocks: ['0:stopping', '1:done canceled timeout'], stops: ['a:timeout'] },
    },
    {
      name: 'a newer pipeline with auto_cancel running stops a running one (reason strategy)',
      facts: facts({ newerAutoCancel: 'stop', blocks: [block(0, 'running', [job('a', 'running')])] }),
      expected: { pipeline: 'stopping strategy', blocks: ['0:stopping'], stops: ['a:strategy'] },
    },
    {
      name: 'a newer pipeline with auto_cancel queued lets a running one finish',
      facts: facts({ newerAutoCancel: 'cancel', blocks: [block(0, 'running', [job('a', 'running')])] }),
      expected: { pipeline: null, blocks: [], stops: [] },
    },
    {
      name: 'all blocks passed (a skipped one among them): the pipeline passes',
      facts: facts({ blocks: [passedBlock(0), passedBlock(1, NOW - 5, { reason: 'skipped' }), block(2, 'running', [job('a', 'passed')])] }),
      expected: { pipeline: 'done passed test', blocks: ['2:done passed test'], settle: true },
    },
    {
      name: 'the first failed block decides the result even when a block fail_fast stopped finished sooner',
      facts: facts({
        failFast: { stop: true, cancel: false },
        blocks: [
          block(0, 'done', [job('a', 'stopped', { failureReason: PIPELINE_STOP_TEXT.fast_failing })], { result: 'stopped', reason: 'fast_failing', doneAt: NOW - 9 }),
          block(1, 'stopping', [job('b', 'failed'), job('c', 'stopped', { failureReason: PIPELINE_STOP_TEXT.fast_failing })]),
        ],
      }),
      expected: { pipeline: 'done failed test', blocks: ['1:done failed test'] },
    },
    {
      name: 'after_pipeline starts once the pipeline has its result',
      facts: facts({ blocks: [block(0, 'running', [job('a', 'failed')])], afterPipeline: block(1, 'waiting', [job('x', 'not-queued')]) }),
      expected: { pipeline: 'done failed test', after: 'running', settle: false },
    },
    {
      name: 'a done pipeline settles once its after_pipeline jobs finished',
      facts: facts({ state: 'done', blocks: [passedBlock(0)], afterPipeline: block(1, 'running', [job('x', 'passed')]) }),
      expected: { pipeline: null, after: 'done passed', settle: true },
    },
    {
      name: 'after_pipeline does not run for a pipeline canceled in its queue',
      facts: facts({ state: 'queuing', ran: false, terminate: 'user', blocks: [waiting(0)], afterPipeline: block(1, 'waiting', [job('x', 'not-queued')]) }),
      expected: { pipeline: 'done canceled user', after: 'done canceled', settle: true },
    },
    {
      name: 'a done pipeline without after_pipeline settles and changes nothing',
      facts: facts({ state: 'done', blocks: [passedBlock(0)] }),
      expected: { pipeline: null, blocks: [], stops: [], after: null, settle: true },
    },
  ])('$name', ({ facts: input, now, expected }) => {
    expect(summary(decidePipeline(input, now ?? NOW))).toMatchObject(expected);
  });

  it('gives the same decision for the same facts (two hubs deciding at once agree)', () => {
    const input = facts({ failFast: { stop: true, cancel: false }, blocks: [block(0, 'running', [job('a', 'failed'), job('b', 'running')]), waiting(1, [0])] });
    expect(decidePipeline(input, NOW)).toEqual(decidePipeline(input, NOW));
  });
});
