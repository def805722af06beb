import type {
  BlockResultReason,
  CommitStatus,
  BlockState,
  Pipeline,
  PipelineBlock,
  PipelineJob,
  PipelineJobResult,
  PipelineJobStatus,
  PipelineListItem,
  PipelineResult,
  PipelineResultReason,
  PipelineState,
  ProtoTime,
} from '@outpost/protocol';

/**
 * The pipeline answers with their enums and times spelled out. The protocol's Static types widen them (its schemas
 * are built by helper functions, so TypeScript sees `string` and `unknown`); the hub checks every answer against
 * those schemas, so narrowing here at the API's edge states what the wire already guarantees.
 */

type Times<K extends string, T> = { [key in K]: T };
type PipelineTimes = 'created_at' | 'pending_at' | 'queuing_at' | 'running_at' | 'stopping_at' | 'done_at';

export type DescribedJob = Omit<PipelineJob, 'status' | 'result' | 'started_at' | 'finished_at'> & {
  status: PipelineJobStatus;
  result: PipelineJobResult;
} & Times<'started_at' | 'finished_at', string>;

export type DescribedBlock = Omit<PipelineBlock, 'state' | 'result' | 'result_reason' | 'jobs' | 'started_at' | 'done_at'> & {
  state: BlockState;
  result?: PipelineResult;
  result_reason?: BlockResultReason;
  jobs: DescribedJob[];
} & Times<'started_at' | 'done_at', string>;

export type DescribedPipeline = Omit<Pipeline, 'state' | 'result' | 'result_reason' | PipelineTimes> & {
  state: PipelineState;
  result?: PipelineResult;
  result_reason?: PipelineResultReason;
} & Times<PipelineTimes, string>;

export interface Described {
  pipeline: DescribedPipeline;
  blocks: DescribedBlock[];
  after_pipeline?: { state: BlockState; result?: PipelineResult; jobs: DescribedJob[] };
  /** The latest report of this pipeline to its commit on the forge (project pipelines with a status token). */
  commit_status?: CommitStatus;
}

export type ListedPipeline = Omit<PipelineListItem, 'state' | 'result' | 'result_reason' | PipelineTimes> & {
  state: Uppercase<PipelineState>;
  result?: Uppercase<PipelineResult>;
  result_reason?: Uppercase<PipelineResultReason>;
} & Times<PipelineTimes, ProtoTime>;
