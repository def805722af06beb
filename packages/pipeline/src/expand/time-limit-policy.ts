// Execution time limits across levels (pipeline-yaml.md#execution_time_limit): the pipeline's own limit (1 hour
// when unset) bounds everything in it, "a limit longer than the pipeline's is rejected when the pipeline is
// compiled", and a job's limit may not pass its block's either (plumber Ppl.DefinitionReviser.MaxTimeLimitChecker).
// A job without a limit runs under its block's, else the pipeline's. after_pipeline jobs are not checked: their
// limit "is independent of the pipeline's and is not required to be shorter".

import { DEFAULT_EXECUTION_TIME_LIMIT_MINUTES } from '../limits.js';

export interface LimitAt<W> {
  minutes: number;
  at: W;
}

export interface LimitedBlock<W> {
  name: string;
  limit?: LimitAt<W>;
  jobs: { name: string; limit?: LimitAt<W> }[];
}

export interface LimitProblem<W> {
  at: W;
  message: string;
}

export function timeLimitProblems<W>(pipelineMinutes: number | undefined, blocks: LimitedBlock<W>[]): LimitProblem<W>[] {
  const pipeline = pipelineMinutes ?? DEFAULT_EXECUTION_TIME_LIMIT_MINUTES;
  const pipelineLimit = `the pipeline's limit of ${formatMinutes(pipeline)}${pipelineMinutes === undefined ? ' (the default)' : ''}`;
  const problems: LimitProblem<W>[] = [];
  for (const block of blocks) {
    if (block.limit !== undefined && block.limit.minutes > pipeline) {
      problems.push({ at: block.limit.at, message: `block "${block.name}" has an execution_time_limit of ${formatMinutes(block.limit.minutes)}, longer than ${pipelineLimit}; the pipeline would stop it first` });
    }
    for (const job of block.jobs) {
      if (job.limit === undefined) continue;
      const bound = block.limit === undefined ? { minutes: pipeline, words: pipelineLimit, stopper: 'pipeline' } :
        { minutes: block.limit.minutes, words: `the limit of its block "${block.name}" (${formatMinutes(block.limit.minutes)})`, stopper: 'block' };
      if (job.limit.minutes > bound.minutes) {
        problems.push({ at: job.limit.at, message: `job "${job.name}" has an execution_time_limit of ${formatMinutes(job.limit.minutes)}, longer than ${bound.words}; the ${bound.stopper} would stop it first` });
      }
    }
  }
  return problems;
}

/** The limit a job runs under: its own, else its block's, else the pipeline's, else the default. */
export function effectiveLimitMinutes(job?: number, block?: number, pipeline?: number): number {
  return job ?? block ?? pipeline ?? DEFAULT_EXECUTION_TIME_LIMIT_MINUTES;
}

/** "1 hour", "90 minutes" as "1 hour and 30 minutes", "1 minute". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = hours === 1 ? '1 hour' : `${hours} hours`;
  const minuteWords = rest === 1 ? '1 minute' : `${rest} minutes`;
  if (hours === 0) return minuteWords;
  return rest === 0 ? hourWords : `${hourWords} and ${minuteWords}`;
}
