import { judgeBlock, judgePipeline, type BlockReason, type FinishedJob, type Result, type StopReason } from './pipeline-outcome-policy.js';

/**
 * One decision for a whole pipeline, from what the store holds now (DESIGN §8): which blocks start, which end and
 * how, which jobs to stop, and where the pipeline itself goes. Pure and idempotent: the same facts give the same
 * decision, and every change it names is applied as a conditional UPDATE from the state it was read in, so two hubs
 * deciding at once never double a block. Semaphore's semantics:
 *   - a pipeline waits in its queue (same file and branch/tag/PR) until the older ones are done, then runs;
 *   - a block starts when every dependency passed (a skipped block passed); a waiting block whose dependency did not
 *     pass is canceled (reason fast_failing); a block passes when all its jobs passed;
 *   - fail_fast, once a job failed or a block did not pass: `stop` stops every unfinished job and cancels waiting
 *     blocks, `cancel` cancels queued jobs and waiting blocks and lets running jobs finish;
 *   - a newer pipeline in the queue with auto_cancel `running` stops a running one and cancels a queued one, with
 *     `queued` it cancels a queued one (reason strategy);
 *   - a stop (user, auto_cancel, the pipeline's execution_time_limit) stops every unfinished job, cancels waiting
 *     blocks and ends the pipeline STOPPED with that reason once its blocks are done (CANCELED if it never ran);
 *   - after_pipeline jobs start once the pipeline has its result.
 */
export type PipelineState = 'queuing' | 'running' | 'stopping' | 'done';
export type BlockState = 'waiting' | 'running' | 'stopping' | 'done';
export type TerminateReason = 'user' | 'strategy' | 'timeout';

export interface JobFacts {
  /** Null until the block queued the job. */
  jobId: string | null;
  state: 'queued' | 'offered' | 'running' | 'finished' | null;
  result: 'passed' | 'failed' | 'stopped' | null;
  failureReason: string | null;
  stopRequested: boolean;
  started: boolean;
}

export interface BlockFacts {
  index: number;
  /** Indexes of the blocks it waits for. */
  dependsOn: readonly number[];
  skipped: boolean;
  state: BlockState;
  result: Result | null;
  reason: BlockReason | null;
  doneAt: number | null;
  jobs: readonly JobFacts[];
}

export interface PipelineFacts {
  state: PipelineState;
  terminate: TerminateReason | null;
  /** Whether it ever ran (a pipeline canceled in its queue skips after_pipeline). */
  ran: boolean;
  deadlineAt: number | null;
  failFast: { stop: boolean; cancel: boolean };
  /** An older pipeline of the same queue is not done yet. */
  olderInQueue: boolean;
  /** The strongest auto_cancel of the newer pipelines in the queue. */
  newerAutoCancel: 'stop' | 'cancel' | 'none';
  blocks: readonly BlockFacts[];
  afterPipeline: BlockFacts | null;
}

export interface BlockChange {
  index: number;
  from: BlockState;
  to: BlockState;
  result?: Result;
  reason?: BlockReason;
}

export interface PipelineChange {
  from: PipelineState;
  to: PipelineState;
  result?: Result;
  reason?: BlockReason;
  /** A stop the hub decided now (auto_cancel, the time limit), to record with the change. */
  terminate?: TerminateReason;
}

export interface PipelineDecision {
  pipeline: PipelineChange | null;
  blocks: BlockChange[];
  afterPipeline: BlockChange | null;
  stops: Array<{ jobId: string; reason: StopReason }>;
  /** The pipeline and its after_pipeline are done: nothing will change again. */
  settle: boolean;
}

export function decidePipeline(facts: PipelineFacts, now: number): PipelineDecision {
  const entry = decideEntry(facts, now);
  const blocks = facts.blocks.map((b) => ({ ...b }));
  const changes = new Map<number, BlockChange>();
  const stops: PipelineDecision['stops'] = [];
  const active = entry.state === 'running' || entry.state === 'stopping';
  if (active) advanceBlocks({ facts, blocks, changes, stops, stopReason: entry.stopReason, now, stopping: entry.state === 'stopping' });
  else if (facts.state === 'queuing' && entry.state === 'done') cancelAll(blocks, changes, entry.stopReason ?? 'user', now);
  const pipeline = active && blocks.every((b) => b.state === 'done') ? finishedChange(facts, entry, blocks) : entryChange(facts, entry);
  const finalState = pipeline?.to ?? facts.state;
  const afterPipeline = finalState === 'done' ? decideAfterPipeline(facts, entry.stopReason ?? 'user') : null;
  const afterState = afterPipeline?.to ?? facts.afterPipeline?.state;
  const settle = finalState === 'done' && (afterState === undefined || afterState === 'done');
  return { pipeline, blocks: [...changes.values()], afterPipeline, stops, settle };
}

/** The pipeline's move from its own step alone (null when it stays as it is). */
function entryChange(facts: PipelineFacts, entry: Entry): PipelineChange | null {
  if (entry.state === facts.state && !entry.terminate) return null;
  return { from: facts.state, to: entry.state, ...entry.outcome, ...(entry.terminate ? { terminate: entry.terminate } : {}) };
}

/** Every block is done: STOPPED with the stop's reason when it was stopping, else judged by its blocks. */
function finishedChange(facts: PipelineFacts, entry: Entry, blocks: readonly BlockFacts[]): PipelineChange {
  const outcome = entry.state === 'stopping' ? { result: 'stopped' as const, reason: entry.stopReason ?? 'user' } : judgePipeline(doneBlocks(blocks));
  return { from: facts.state, to: 'done', ...outcome, ...(entry.terminate ? { terminate: entry.terminate } : {}) };
}

interface Entry {
  state: PipelineState;
  stopReason: TerminateReason | null;
  terminate?: TerminateReason;
  outcome?: { result: Result; reason: BlockReason };
}

/** The pipeline's own step before its blocks: leave the queue, be auto-canceled, hit its time limit. */
function decideEntry(facts: PipelineFacts, now: number): Entry {
  const { state, terminate } = facts;
  if (state === 'done') return { state, stopReason: terminate };
  if (state === 'queuing') {
    const cancel = terminate ?? (facts.newerAutoCancel !== 'none' ? 'strategy' : null);
    if (cancel) return { state: 'done', stopReason: cancel, outcome: { result: 'canceled', reason: cancel }, ...(terminate ? {} : { terminate: cancel }) };
    return facts.olderInQueue ? { state, stopReason: null } : { state: 'running', stopReason: null };
  }
  const overTime = facts.deadlineAt !== null && now >= facts.deadlineAt;
  const decided = terminate ? null : facts.newerAutoCancel === 'stop' ? 'strategy' : overTime ? 'timeout' : null;
  const stopReason = terminate ?? decided;
  return { state: stopReason ? 'stopping' : state, stopReason, ...(decided ? { terminate: decided } : {}) };
}

interface BlockPass {
  facts: PipelineFacts;
  blocks: BlockFacts[];
  changes: Map<number, BlockChange>;
  stops: PipelineDecision['stops'];
  stopReason: TerminateReason | null;
  stopping: boolean;
  now: number;
}

/** Blocks in passes until nothing changes, so a chain of skipped blocks or a finished dependency settles in one call. */
function advanceBlocks(pass: BlockPass): void {
  const stopped = new Set<string>();
  const started = new Set<number>();
  for (let round = 0; round <= pass.blocks.length; round++) {
    const failFast = failFastMode(pass.facts, pass.blocks);
    let changed = false;
    for (const block of pass.blocks) {
      // A block started by this decision has no jobs yet: its jobs are written when the start is applied.
      if (started.has(block.index)) continue;
      const change = block.state === 'waiting' ? decideWaiting(pass, block, failFast) : block.state === 'done' ? null : decideActive(pass, block, failFast, stopped);
      if (!change) continue;
      if (change.to === 'running') started.add(block.index);
      apply(pass.blocks, pass.changes, block, change, pass.now);
      changed = true;
    }
    if (!changed) return;
  }
}

/** fail_fast applies once any job failed or any block ended without passing. */
function failFastMode(facts: PipelineFacts, blocks: readonly BlockFacts[]): 'stop' | 'cancel' | null {
  if (!facts.failFast.stop && !facts.failFast.cancel) return null;
  const tripped = blocks.some((b) => (b.state === 'done' && b.result !== 'passed') || b.jobs.some((j) => j.result === 'failed'));
  if (!tripped) return null;
  return facts.failFast.stop ? 'stop' : 'cancel';
}

function decideWaiting(pass: BlockPass, block: BlockFacts, failFast: 'stop' | 'cancel' | null): Omit<BlockChange, 'index' | 'from'> | null {
  if (pass.stopping) return { to: 'done', result: 'canceled', reason: pass.stopReason ?? 'user' };
  if (failFast) return { to: 'done', result: 'canceled', reason: 'fast_failing' };
  const deps = block.dependsOn.map((i) => pass.blocks[i]);
  if (deps.some((d) => d?.state === 'done' && d.result !== 'passed')) return { to: 'done', result: 'canceled', reason: 'fast_failing' };
  if (!deps.every((d) => d?.state === 'done')) return null;
  return block.skipped ? { to: 'done', result: 'passed', reason: 'skipped' } : { to: 'running' };
}

/** A running block: stop what the pipeline's stop or fail_fast asks for; done once every job finished. */
function decideActive(pass: BlockPass, block: BlockFacts, failFast: 'stop' | 'cancel' | null, stopped: Set<string>): Omit<BlockChange, 'index' | 'from'> | null {
  // startBlock writes a block's jobs with its move to running, so a running block's jobs are all here.
  if (block.jobs.every((j) => j.state === 'finished')) return { to: 'done', ...judgeBlock(block.jobs.map(asFinished)) };
  const reason: StopReason | null = pass.stopping ? (pass.stopReason ?? 'user') : failFast ? 'fast_failing' : null;
  const onlyQueued = !pass.stopping && failFast === 'cancel';
  for (const job of block.jobs) {
    const stoppable = job.jobId !== null && job.state !== 'finished' && job.state !== null && !job.stopRequested && (!onlyQueued || job.state === 'queued');
    if (reason && stoppable && job.jobId && !stopped.has(job.jobId)) {
      stopped.add(job.jobId);
      pass.stops.push({ jobId: job.jobId, reason });
    }
  }
  return block.state === 'running' && reason && !onlyQueued ? { to: 'stopping' } : null;
}

function apply(blocks: BlockFacts[], changes: Map<number, BlockChange>, block: BlockFacts, change: Omit<BlockChange, 'index' | 'from'>, now: number): void {
  const first = changes.get(block.index);
  changes.set(block.index, { index: block.index, from: first?.from ?? block.state, ...change });
  const updated: BlockFacts = { ...block, state: change.to, result: change.result ?? null, reason: change.reason ?? null, doneAt: change.to === 'done' ? now : null };
  blocks[blocks.indexOf(block)] = updated;
}

function cancelAll(blocks: BlockFacts[], changes: Map<number, BlockChange>, reason: TerminateReason, now: number): void {
  for (const block of [...blocks]) {
    if (block.state !== 'done') apply(blocks, changes, block, { to: 'done', result: 'canceled', reason }, now);
  }
}

function doneBlocks(blocks: readonly BlockFacts[]) {
  return blocks.map((b) => ({ index: b.index, result: b.result ?? 'canceled', reason: b.reason ?? 'internal', doneAt: b.doneAt ?? 0 }));
}

/** after_pipeline: starts once the pipeline has its result (if it ever ran), done when its jobs are. */
function decideAfterPipeline(facts: PipelineFacts, cancelReason: TerminateReason): BlockChange | null {
  const after = facts.afterPipeline;
  if (!after || after.state === 'done') return null;
  const ran = facts.ran || facts.state === 'running' || facts.state === 'stopping';
  if (after.state === 'waiting') {
    return ran ? { index: after.index, from: 'waiting', to: 'running' } : { index: after.index, from: 'waiting', to: 'done', result: 'canceled', reason: cancelReason };
  }
  const finished = after.jobs.every((j) => j.state === 'finished');
  return finished ? { index: after.index, from: after.state, to: 'done', ...judgeBlock(after.jobs.map(asFinished)) } : null;
}

const asFinished = (job: JobFacts): FinishedJob => ({ result: job.result ?? 'stopped', failureReason: job.failureReason, started: job.started });
