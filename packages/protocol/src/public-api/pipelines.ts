import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageSize, PIPELINES_PAGE_SIZE } from './paging.js';
import { CommitStatus } from './commit-status.js';

/**
 * Pipelines in Semaphore's v1alpha shapes (public-api/v1alpha of semaphoreio/semaphore), plus Outpost's extensions
 * for running a pipeline from YAML text (until projects exist) and for drawing the block graph.
 *
 * Semaphore answers one resource two ways, and Outpost follows it so that `sem`-style clients work:
 *   - describe (`GET /pipelines/:id`): states, results and reasons in lower case (`sem` checks `state == "done"`),
 *     times as `YYYY-MM-DD HH:MM:SS.ffffffZ` (UTC), `1970-01-01 00:00:00.000000Z` for a time that has not come;
 *   - list (`GET /pipelines`): a bare JSON array, enums in upper case, times as `{seconds, nanos}` (0 when unset).
 * `result` and `result_reason` are left out until the pipeline (or block) is done, as Semaphore does.
 */

export const PIPELINE_STATES = ['initializing', 'pending', 'queuing', 'running', 'stopping', 'done'] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];
export const PIPELINE_RESULTS = ['passed', 'failed', 'stopped', 'canceled'] as const;
export type PipelineResult = (typeof PIPELINE_RESULTS)[number];
export const PIPELINE_RESULT_REASONS = ['test', 'malformed', 'stuck', 'internal', 'user', 'strategy', 'fast_failing', 'deleted', 'timeout'] as const;
export type PipelineResultReason = (typeof PIPELINE_RESULT_REASONS)[number];
export const BLOCK_STATES = ['initializing', 'waiting', 'running', 'stopping', 'done'] as const;
export type BlockState = (typeof BLOCK_STATES)[number];
/** A block's reasons are the pipeline's plus `skipped` (a skipped block is done, passed, reason skipped). */
export const BLOCK_RESULT_REASONS = [...PIPELINE_RESULT_REASONS, 'skipped'] as const;
export type BlockResultReason = (typeof BLOCK_RESULT_REASONS)[number];
/**
 * A job's `status` in a detailed describe: the job's own state once its block queued it (QUEUED, RUNNING, FINISHED,
 * as GET /jobs answers), PENDING while its block waits, NOT_RUN when its block ended without queuing it (skipped,
 * canceled, or stopped first).
 */
export const PIPELINE_JOB_STATUSES = ['PENDING', 'QUEUED', 'RUNNING', 'FINISHED', 'NOT_RUN'] as const;
export type PipelineJobStatus = (typeof PIPELINE_JOB_STATUSES)[number];
/** Empty until the job finished. */
export const PIPELINE_JOB_RESULTS = ['', 'PASSED', 'FAILED', 'STOPPED'] as const;
export type PipelineJobResult = (typeof PIPELINE_JOB_RESULTS)[number];

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const upper = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v.toUpperCase() as Uppercase<T[number]>)));

/** Describe's time format; `1970-01-01 00:00:00.000000Z` when the moment has not come. */
export const PipelineTime = Type.String({ description: 'UTC, YYYY-MM-DD HH:MM:SS.ffffffZ; 1970-01-01 00:00:00.000000Z when it has not happened' });
export const UNSET_PIPELINE_TIME = '1970-01-01 00:00:00.000000Z';
/** The list's time format (a protobuf Timestamp); seconds 0 when unset. */
export const ProtoTime = Type.Object({ seconds: Type.Integer(), nanos: Type.Integer() });
export type ProtoTime = Static<typeof ProtoTime>;

/** Milliseconds since the epoch from a describe time; null for the unset time or text that is not one. */
export function pipelineTimeToMs(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(text);
  if (!match) return null;
  const ms = Date.parse(`${match[1]}T${match[2]}.${(match[3] ?? '0').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(ms) || ms <= 0 ? null : ms;
}

/** Fields every pipeline carries in both answers; `time` and the enums follow describe's or list's conventions. */
function pipelineFields<Time extends TSchema, State extends TSchema, Res extends TSchema, Reason extends TSchema>(time: Time, enums: { state: State; result: Res; reason: Reason }) {
  return {
    ppl_id: Type.String(),
    wf_id: Type.String(),
    name: Type.String(),
    organization_id: Type.String(),
    /** Empty until projects exist. */
    project_id: Type.String(),
    /** The branch for a branch run; for a pull request its target branch, as Semaphore gives it. Empty when none. */
    branch_name: Type.String(),
    commit_sha: Type.String(),
    /** File name without its directory, e.g. `semaphore.yml`. */
    yaml_file_name: Type.String(),
    /** The file's directory, e.g. `.semaphore`. */
    working_directory: Type.String(),
    state: enums.state,
    result: Type.Optional(enums.result),
    result_reason: Type.Optional(enums.reason),
    created_at: time,
    pending_at: time,
    queuing_at: time,
    running_at: time,
    stopping_at: time,
    done_at: time,
    /** Why the pipeline failed before running (MALFORMED: an unknown agent type, a missing secret). */
    error_description: Type.String(),
    /** `stop` once a stop was asked for (by a user, a time limit or auto_cancel), else empty. */
    terminate_request: Type.String(),
    /** Id of the user who stopped it; empty when the hub did. */
    terminated_by: Type.String(),
    /** For a rerun of failed blocks: the pipeline it reran. */
    partial_rerun_of: Type.String(),
    promotion_of: Type.String(),
    with_after_task: Type.Boolean(),
    after_task_id: Type.String(),
    // Outpost extensions: the rest of the run context.
    tag_name: Type.String(),
    /** Pull request number as text, empty when the run is not for a pull request. */
    pr_number: Type.String(),
    /** The pipeline's own execution_time_limit, seconds. */
    execution_time_limit: Type.Integer(),
  };
}

/** `pipeline` of GET /api/v1alpha/pipelines/:id. */
export const Pipeline = Type.Object(
  pipelineFields(PipelineTime, { state: literals(PIPELINE_STATES), result: literals(PIPELINE_RESULTS), reason: literals(PIPELINE_RESULT_REASONS) }),
);
export type Pipeline = Static<typeof Pipeline>;

/** A job of a block in a detailed describe; Outpost adds its times (describe format) and duration. */
export const PipelineJob = Type.Object({
  name: Type.String(),
  /** Position in the block, from 0. */
  index: Type.Integer(),
  /** Empty until the block queued it. */
  job_id: Type.String(),
  status: literals(PIPELINE_JOB_STATUSES),
  result: literals(PIPELINE_JOB_RESULTS),
  // Outpost extensions.
  /** Set where the hub decided the result ("agent lost", "execution time limit exceeded", …). */
  failure_reason: Type.String(),
  started_at: PipelineTime,
  finished_at: PipelineTime,
});
export type PipelineJob = Static<typeof PipelineJob>;

export const PipelineBlock = Type.Object({
  block_id: Type.String(),
  name: Type.String(),
  state: literals(BLOCK_STATES),
  result: Type.Optional(literals(['passed', 'failed', 'stopped', 'canceled'] as const)),
  result_reason: Type.Optional(literals(BLOCK_RESULT_REASONS)),
  error_description: Type.String(),
  jobs: Type.Array(PipelineJob),
  // Outpost extensions: what the graph needs.
  /** Position in the file, from 0. */
  index: Type.Integer(),
  /** Names of the blocks this one waits for. */
  dependencies: Type.Array(Type.String()),
  started_at: PipelineTime,
  done_at: PipelineTime,
});
export type PipelineBlock = Static<typeof PipelineBlock>;

/**
 * GET /api/v1alpha/pipelines/:id[?detailed=true]. `blocks` is empty unless detailed, as in Semaphore. Outpost adds
 * `after_pipeline` (detailed only): the after_pipeline task, run once the pipeline has its result.
 */
export const PipelineDescribe = Type.Object({
  pipeline: Pipeline,
  blocks: Type.Array(PipelineBlock),
  after_pipeline: Type.Optional(
    Type.Object({
      state: literals(BLOCK_STATES),
      result: Type.Optional(literals(['passed', 'failed', 'stopped', 'canceled'] as const)),
      jobs: Type.Array(PipelineJob),
    }),
  ),
  /** Outpost extension: the latest report of this pipeline to its commit on the forge (public-api/commit-status.ts). */
  commit_status: Type.Optional(CommitStatus),
});
export type PipelineDescribe = Static<typeof PipelineDescribe>;

/** One element of GET /api/v1alpha/pipelines (a bare array; the next page is in the `Link` header, rel="next"). */
export const PipelineListItem = Type.Object(
  pipelineFields(ProtoTime, { state: upper(PIPELINE_STATES), result: upper(PIPELINE_RESULTS), reason: upper(PIPELINE_RESULT_REASONS) }),
);
export type PipelineListItem = Static<typeof PipelineListItem>;
export const PipelineList = Type.Array(PipelineListItem);
export type PipelineList = Static<typeof PipelineList>;
/** Header of GET /api/v1alpha/pipelines carrying the opaque token of the next page (also in `Link`, rel="next"). */
export const NEXT_PAGE_TOKEN_HEADER = 'x-next-page-token';

/** GET /api/v1alpha/pipelines/:id/describe_topology — Semaphore's graph answer: job names and dependencies. */
export const PipelineTopology = Type.Object({
  blocks: Type.Array(Type.Object({ name: Type.String(), jobs: Type.Array(Type.String()), dependencies: Type.Array(Type.String()) })),
  after_pipeline: Type.Object({ jobs: Type.Array(Type.String()) }),
});
export type PipelineTopology = Static<typeof PipelineTopology>;

/** PATCH /api/v1alpha/pipelines/:id — Semaphore's stop. */
export const PipelineTerminateInput = Type.Object({ terminate_request: Type.Literal(true) });
export type PipelineTerminateInput = Static<typeof PipelineTerminateInput>;
export const PipelineMessage = Type.Object({ message: Type.String() });
export type PipelineMessage = Static<typeof PipelineMessage>;

/** An idempotency token: the same token answers the pipeline or workflow it made the first time. */
export const RequestToken = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' });

/** POST /api/v1alpha/pipelines/:id/partial_rebuild — rerun failed blocks (Semaphore's shape). */
export const PartialRebuildInput = Type.Object({ request_token: RequestToken });
export type PartialRebuildInput = Static<typeof PartialRebuildInput>;
export const PartialRebuildResponse = Type.Object({ pipeline_id: Type.String(), message: Type.String() });
export type PartialRebuildResponse = Static<typeof PartialRebuildResponse>;

/** POST /api/v1alpha/plumber-workflows/:id/reschedule?request_token= — rerun the whole workflow (Semaphore's shape). */
export const RescheduleResponse = Type.Object({ wf_id: Type.String(), ppl_id: Type.String() });
export type RescheduleResponse = Static<typeof RescheduleResponse>;

/** Limits of a pipeline file sent in a request. */
export const PIPELINE_YAML_MAX_BYTES = 1024 * 1024;

const YamlText = Type.String({ minLength: 1, maxLength: PIPELINE_YAML_MAX_BYTES });
/** Path of the file as it would sit in a repository, e.g. `.semaphore/semaphore.yml`. */
const YamlFileName = Type.String({ minLength: 1, maxLength: 500 });

/**
 * Outpost extension, until projects exist: POST /api/v1alpha/pipelines/yaml runs a pipeline from YAML text. The
 * branch, tag and pull request are what the Conditions DSL reads and the SEMAPHORE_GIT_* variables jobs get; a tag
 * and a pull request exclude each other, and a pull request's `branch` is its target branch. The answer is Semaphore's
 * run-workflow answer.
 */
export const PipelineYamlRunInput = Type.Object({
  yaml_definition: YamlText,
  yaml_file_name: Type.Optional(YamlFileName),
  branch: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  pull_request: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$' })),
  commit_sha: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{7,64}$' })),
  request_token: Type.Optional(RequestToken),
});
export type PipelineYamlRunInput = Static<typeof PipelineYamlRunInput>;
export const PipelineYamlRunResponse = Type.Object({ workflow_id: Type.String(), pipeline_id: Type.String() });
export type PipelineYamlRunResponse = Static<typeof PipelineYamlRunResponse>;

/** A problem in a pipeline file: the file, 1-based line and column, the YAML path, and what was expected. */
export const PipelineFileError = Type.Object({
  file: Type.String(),
  line: Type.Integer(),
  column: Type.Integer(),
  /** e.g. `blocks[1].task.jobs[0].commands`. */
  path: Type.String(),
  message: Type.String(),
});
export type PipelineFileError = Static<typeof PipelineFileError>;

/** The 400 of POST /pipelines/yaml and POST /yaml for a file that does not compile: ErrorBody plus every problem. */
export const PipelineInvalidBody = Type.Object({
  message: Type.String(),
  code: Type.Literal('PIPELINE_INVALID'),
  errors: Type.Array(PipelineFileError),
});
export type PipelineInvalidBody = Static<typeof PipelineInvalidBody>;

/** The 400 of the routes that compile a file: an ErrorBody whose `errors` lists the file's problems when it is the file at fault. */
export const PipelineProblemsBody = Type.Object(
  { message: Type.String(), code: Type.String(), field: Type.Optional(Type.String()), errors: Type.Optional(Type.Array(PipelineFileError)) },
  { $id: 'PipelineProblemsBody' },
);
export type PipelineProblemsBody = Static<typeof PipelineProblemsBody>;

/** Outpost extension: POST /api/v1alpha/pipelines/validate — the file's problems, with positions; 200 either way. */
export const PipelineValidateInput = Type.Object({ yaml_definition: YamlText, yaml_file_name: Type.Optional(YamlFileName) });
export type PipelineValidateInput = Static<typeof PipelineValidateInput>;
export const PipelineValidateResponse = Type.Object({ valid: Type.Boolean(), message: Type.String(), errors: Type.Array(PipelineFileError) });
export type PipelineValidateResponse = Static<typeof PipelineValidateResponse>;

/** POST /api/v1alpha/yaml — Semaphore's validate: 200 with this when valid, 400 PipelineInvalidBody when not. */
export const YamlValidateInput = Type.Object({ yaml_definition: YamlText });
export type YamlValidateInput = Static<typeof YamlValidateInput>;
export const YamlValidateResponse = Type.Object({ pipeline_id: Type.String(), message: Type.String() });
export type YamlValidateResponse = Static<typeof YamlValidateResponse>;

/** Query of GET /api/v1alpha/pipelines. */
export const PipelineListQuery = Type.Object({
  wf_id: Type.Optional(Type.String({ maxLength: 64 })),
  branch_name: Type.Optional(Type.String({ maxLength: 255 })),
  yml_file_path: Type.Optional(Type.String({ maxLength: 500 })),
  /** Comma-separated states, any case (Outpost extension). */
  state: Type.Optional(Type.String({ maxLength: 200 })),
  /** Comma-separated results, any case (Outpost extension). */
  result: Type.Optional(Type.String({ maxLength: 200 })),
  page_size: Type.Optional(PageSize(PIPELINES_PAGE_SIZE)),
  page_token: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PipelineListQuery = Static<typeof PipelineListQuery>;
