import type { BlockResultReason, PipelineResult, PipelineState } from '@outpost/protocol';
import type { DescribedBlock, DescribedJob } from '../../api/pipeline-types.js';
import type { Tone } from '../../components/status-badge.js';

/** How a state and result look on a badge (pure). `live` marks what is still moving: a pulse or a spinner. */
export interface StatusLook {
  label: string;
  tone: Tone;
  live: boolean;
}

const RESULT_LOOKS: Record<PipelineResult, StatusLook> = {
  passed: { label: 'Passed', tone: 'green', live: false },
  failed: { label: 'Failed', tone: 'red', live: false },
  stopped: { label: 'Stopped', tone: 'gray', live: false },
  canceled: { label: 'Canceled', tone: 'gray', live: false },
};

export function pipelineLook(state: PipelineState, result: PipelineResult | null): StatusLook {
  if (state === 'done') return result ? RESULT_LOOKS[result] : { label: 'Done', tone: 'gray', live: false };
  if (state === 'running') return { label: 'Running', tone: 'blue', live: true };
  if (state === 'stopping') return { label: 'Stopping', tone: 'amber', live: true };
  if (state === 'initializing') return { label: 'Initializing', tone: 'amber', live: false };
  return { label: 'Queued', tone: 'amber', live: false };
}

export function blockLook(block: Pick<DescribedBlock, 'state' | 'result' | 'result_reason'>): StatusLook {
  if (block.state === 'done') {
    if (block.result_reason === 'skipped') return { label: 'Skipped', tone: 'gray', live: false };
    return block.result ? RESULT_LOOKS[block.result] : { label: 'Done', tone: 'gray', live: false };
  }
  if (block.state === 'running') return { label: 'Running', tone: 'blue', live: true };
  if (block.state === 'stopping') return { label: 'Stopping', tone: 'amber', live: true };
  return { label: 'Waiting', tone: 'gray', live: false };
}

/** A job of a block: Waiting (its block has not started), Queued, Running, Passed, Failed, Stopped, Not run. */
export function pipelineJobLook(job: Pick<DescribedJob, 'status' | 'result'>): StatusLook {
  switch (job.status) {
    case 'PENDING':
      return { label: 'Waiting', tone: 'gray', live: false };
    case 'QUEUED':
      return { label: 'Queued', tone: 'amber', live: false };
    case 'RUNNING':
      return { label: 'Running', tone: 'blue', live: true };
    case 'NOT_RUN':
      return { label: 'Not run', tone: 'gray', live: false };
    case 'FINISHED':
      if (job.result === 'PASSED') return RESULT_LOOKS.passed;
      if (job.result === 'STOPPED') return RESULT_LOOKS.stopped;
      return RESULT_LOOKS.failed;
  }
}

const REASONS: Record<BlockResultReason, string> = {
  test: 'a job failed',
  malformed: 'the pipeline file could not be run',
  stuck: 'it got stuck',
  internal: 'an internal error in the hub',
  user: 'stopped by a user',
  strategy: 'canceled by auto_cancel',
  fast_failing: 'stopped by fail_fast',
  deleted: 'it was deleted',
  timeout: 'the execution time limit was reached',
  skipped: 'skipped by its condition',
};

/** Why it ended, in words; nothing for a plain pass. */
export function reasonInWords(result: PipelineResult | null | undefined, reason: BlockResultReason | null | undefined): string {
  if (!result || !reason) return '';
  if (result === 'passed' && reason !== 'skipped') return '';
  if (reason === 'test' && result !== 'failed') return '';
  return REASONS[reason];
}

/** Whether a pipeline can still be stopped, and whether it can be rerun. */
export const canStop = (state: PipelineState) => state !== 'done' && state !== 'stopping';
export const canRerun = (state: PipelineState) => state === 'done';
/** Only a pipeline that ended without passing has failed blocks (a malformed one may run once its agent type exists). */
export const canRerunFailed = (state: PipelineState, result: PipelineResult | null) => state === 'done' && result !== null && result !== 'passed';
