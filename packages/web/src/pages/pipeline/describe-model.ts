import type { Described, DescribedJob } from '../../api/pipeline-types.js';
import { describeTimeToMs } from '../pipelines/pipeline-summary.js';

/** What the pipeline page derives from a describe answer (pure). */

/** Nothing more will change: the pipeline is done, and so is its after_pipeline task when it has one. */
export function isSettled(d: Described): boolean {
  // A report to the forge still on its way keeps the page reading until it is sent or given up.
  const reporting = d.commit_status !== undefined && d.commit_status.delivery === 'pending';
  return d.pipeline.state === 'done' && (d.after_pipeline === undefined || d.after_pipeline.state === 'done') && !reporting;
}

/**
 * Reuses the previous answer's block objects whose JSON did not change (and the whole answer when nothing did), so
 * memoised block cards skip rendering on a poll that changed one job.
 */
export function keepUnchangedDescribe(previous: Described | undefined, next: Described): Described {
  if (!previous) return next;
  const before = new Map(previous.blocks.map((b) => [b.block_id, b]));
  let changed = previous.blocks.length !== next.blocks.length;
  const blocks = next.blocks.map((block, i) => {
    const old = before.get(block.block_id);
    if (old && JSON.stringify(old) === JSON.stringify(block)) {
      if (previous.blocks[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return block;
  });
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const pipeline = same(previous.pipeline, next.pipeline) ? previous.pipeline : next.pipeline;
  const after = same(previous.after_pipeline, next.after_pipeline) ? previous.after_pipeline : next.after_pipeline;
  if (!changed && pipeline === previous.pipeline && after === previous.after_pipeline) return previous;
  return { ...next, pipeline, blocks, ...(after ? { after_pipeline: after } : {}) };
}

/** Seconds a job ran: start to finish, or to now while it runs; null before it starts. */
export function pipelineJobSeconds(job: Pick<DescribedJob, 'status' | 'started_at' | 'finished_at'>, nowMs: number): number | null {
  const start = describeTimeToMs(job.started_at);
  if (start === null) return null;
  const finish = describeTimeToMs(job.finished_at);
  const end = finish ?? (job.status === 'RUNNING' ? nowMs : null);
  return end === null ? null : Math.max(0, Math.floor((end - start) / 1000));
}

export const hasRunningJob = (jobs: readonly Pick<DescribedJob, 'status'>[]) => jobs.some((j) => j.status === 'RUNNING');

export interface DescriptionLine {
  /** `file:line:column` when the line starts with one. */
  at: { file: string; line: number; column: number } | null;
  message: string;
}

/** A malformed pipeline's error_description, line by line, with the position each line names. */
export function errorDescriptionLines(text: string): DescriptionLine[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(.+?):(\d+):(\d+):\s*(.*)$/.exec(line);
      if (!match) return { at: null, message: line };
      return { at: { file: match[1] ?? '', line: Number(match[2]), column: Number(match[3]) }, message: match[4] ?? '' };
    });
}
