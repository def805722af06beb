// Job priority (pipeline-yaml.md#priority-in-jobs, jobs.md#priority): the value of the first rule whose `when`
// holds — the job's own rules first, then global_job_config's, which "are added at the end of the list" — else
// the default from the table in jobs.md#default-priority.

import {
  DEFAULT_PRIORITY_AFTER_PIPELINE,
  DEFAULT_PRIORITY_MASTER_BRANCH,
  DEFAULT_PRIORITY_OTHER,
  PRIORITY_MAIN_BRANCH_NAME,
} from '../limits.js';
import type { ConditionContext } from '../plan.js';

export type JobKind = 'block' | 'after_pipeline';

/** The default-priority table for an initial pipeline: 60 on master, 50 on other branches, tags and pull
 * requests; 45 for after-pipeline jobs whatever the branch. */
export function defaultPriority(context: ConditionContext, kind: JobKind): number {
  if (kind === 'after_pipeline') return DEFAULT_PRIORITY_AFTER_PIPELINE;
  const onMasterBranch = context.branch === PRIORITY_MAIN_BRANCH_NAME && context.tag === undefined && context.pullRequest === undefined;
  return onMasterBranch ? DEFAULT_PRIORITY_MASTER_BRANCH : DEFAULT_PRIORITY_OTHER;
}

/** Rules are tried in order and evaluation stops at the first that holds, as Semaphore evaluates them. */
export function choosePriority(rules: { value: number; holds: () => boolean }[], fallback: number): number {
  return rules.find((rule) => rule.holds())?.value ?? fallback;
}
