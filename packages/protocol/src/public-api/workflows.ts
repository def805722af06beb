import { PageSize, WORKFLOWS_PAGE_SIZE } from './paging.js';
import { Type, type Static } from '@sinclair/typebox';
import { ProtoTime } from './pipelines.js';

/**
 * Semaphore's v1alpha workflows (`/api/v1alpha/plumber-workflows`, reference/api.md "Workflows"): run a project's
 * pipeline file at a git reference, list a project's workflows, describe one.
 *
 * Outpost extensions on each workflow: `reference` (refs/heads/…, refs/tags/…, refs/pull/…), and the state and result
 * of its initial pipeline, so a list shows how each run went without a describe per workflow.
 */

/** The most parameters a run may pass (each becomes an environment variable of every job of the initial pipeline). */
export const WORKFLOW_PARAMETERS_MAX = 50;
export const WORKFLOW_PARAMETER_VALUE_MAX_CHARS = 4096;

export const WorkflowRunInput = Type.Object({
  project_id: Type.String({ minLength: 1, maxLength: 200 }),
  /** refs/heads/<branch>, refs/tags/<tag> or refs/pull/<number>; a bare name is a branch. */
  reference: Type.String({ minLength: 1, maxLength: 300 }),
  /** The commit to run; the head of `reference` when absent. */
  commit_sha: Type.Optional(Type.String({ maxLength: 100 })),
  /** The pipeline file in the repository; the project's `pipeline_file` when absent. */
  pipeline_file: Type.Optional(Type.String({ maxLength: 1000 })),
  parameters: Type.Optional(Type.Record(Type.String({ maxLength: 255 }), Type.String({ maxLength: WORKFLOW_PARAMETER_VALUE_MAX_CHARS }))),
});
export type WorkflowRunInput = Static<typeof WorkflowRunInput>;

export const WorkflowRunResponse = Type.Object({ workflow_id: Type.String(), pipeline_id: Type.String(), hook_id: Type.String() });
export type WorkflowRunResponse = Static<typeof WorkflowRunResponse>;

/** HOOK, SCHEDULE, API, MANUAL_RUN: the list answers the enum's number, describe its name (as Semaphore's examples). */
export const WORKFLOW_TRIGGERS = ['HOOK', 'SCHEDULE', 'API', 'MANUAL_RUN'] as const;
export type WorkflowTrigger = (typeof WORKFLOW_TRIGGERS)[number];

function workflowFields<T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(triggeredBy: T) {
  return {
    wf_id: Type.String(),
    triggered_by: triggeredBy,
    rerun_of: Type.String(),
    requester_id: Type.String(),
    repository_id: Type.String(),
    project_id: Type.String(),
    organization_id: Type.String(),
    initial_ppl_id: Type.String(),
    hook_id: Type.String(),
    created_at: ProtoTime,
    commit_sha: Type.String(),
    /** The branch; for a tag its name, for a pull request its number as Semaphore labels them. */
    branch_name: Type.String(),
    branch_id: Type.String(),
    reference: Type.String(),
    initial_ppl_state: Type.String(),
    initial_ppl_result: Type.String(),
  };
}

/** An element of GET /api/v1alpha/plumber-workflows?project_id= (a bare array; the next page in `Link`, rel="next"). */
export const WorkflowListItem = Type.Object(workflowFields(Type.Integer()));
export type WorkflowListItem = Static<typeof WorkflowListItem>;
export const WorkflowList = Type.Array(WorkflowListItem);
export type WorkflowList = Static<typeof WorkflowList>;

/** GET /api/v1alpha/plumber-workflows/:id. */
export const WorkflowDescribe = Type.Object({ workflow: Type.Object(workflowFields(Type.String())) });
export type WorkflowDescribe = Static<typeof WorkflowDescribe>;

export const WorkflowListQuery = Type.Object({
  project_id: Type.String({ minLength: 1, maxLength: 200 }),
  branch_name: Type.Optional(Type.String({ maxLength: 300 })),
  /** Unix seconds. */
  created_after: Type.Optional(Type.String({ maxLength: 20 })),
  created_before: Type.Optional(Type.String({ maxLength: 20 })),
  page_size: Type.Optional(PageSize(WORKFLOWS_PAGE_SIZE)),
  page_token: Type.Optional(Type.String({ maxLength: 500 })),
});
export type WorkflowListQuery = Static<typeof WorkflowListQuery>;

/** POST /api/v1alpha/plumber-workflows/:id/terminate answers a message. */
export const WorkflowTerminateResponse = Type.Object({ message: Type.String() });
export type WorkflowTerminateResponse = Static<typeof WorkflowTerminateResponse>;

/**
 * What a forge's push webhook gets back (POST /hooks/…): `started` with the workflow, `ignored` with the reason (a
 * branch deletion, an event the project does not run on), or `duplicate` for a delivery seen before.
 */
export const HookAnswer = Type.Object({
  outcome: Type.Union([Type.Literal('started'), Type.Literal('ignored'), Type.Literal('duplicate'), Type.Literal('pong')]),
  message: Type.String(),
  hook_id: Type.Optional(Type.String()),
  workflow_id: Type.Optional(Type.String()),
  pipeline_id: Type.Optional(Type.String()),
});
export type HookAnswer = Static<typeof HookAnswer>;
