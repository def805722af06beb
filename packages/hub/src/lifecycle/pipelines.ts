import type { PipelinePlan, PlannedJob } from '@outpost/pipeline';
import type { JobDeps } from './jobs.js';
import { stopJob } from './jobs.js';
import { newJobId } from './job-ids.js';
import { decidePipeline, type BlockChange, type BlockFacts, type JobFacts, type PipelineDecision, type PipelineFacts } from './pipeline-policy.js';
import { PIPELINE_STOP_TEXT, type BlockReason, type Result } from './pipeline-outcome-policy.js';
import { buildPipelineJobSpec, type FinishedPipelineFacts } from './pipeline-job-spec.js';
import { describeSecretProblem, type ResolvedSecret, type SecretResolver } from './pipeline-secrets.js';
import type { JobContextProvider } from './project-job-context.js';
import type { PipelineEvents } from './pipeline-events.js';
import type { NewJob } from '../store/jobs.js';
import {
  changePipelineState,
  findActivePipelinesOfJob,
  findAgentTypeIdsByName,
  findPipelineById,
  findQueueNeighbours,
  settlePipeline,
  type PipelineRow,
  type QueueNeighbours,
} from '../store/pipelines.js';
import { changeBlockState, findBlocksOfPipeline, findJobsOfPipeline, startBlock, type BlockJobRow, type BlockRow } from '../store/pipeline-blocks.js';

/** What advancing pipelines needs: the job lifecycle's deps (stopping jobs, waking agents) and the secrets. */
export interface PipelineDeps extends JobDeps {
  secrets: SecretResolver;
  /** A project pipeline's jobs get its repository: SEMAPHORE_GIT_* variables and `checkout` (project-job-context.ts). */
  jobContext?: JobContextProvider;
  /** Told of each pipeline state change this hub commits (pipeline-events.ts). */
  events?: PipelineEvents;
}

export interface PipelineRuntime {
  /** Called right after a job's result is recorded (post-commit): advances the pipelines holding the job. */
  jobFinished(jobId: string): void;
  /** Advances one pipeline now; idempotent. Calls for a pipeline already advancing in this process join that run. */
  advance(pipelineId: string): Promise<void>;
  /** Resolves once the advances in flight have ended. */
  close(): Promise<void>;
}

export interface PipelineSnapshot {
  pipeline: PipelineRow;
  plan: PipelinePlan;
  blocks: BlockRow[];
  jobs: BlockJobRow[];
}

export async function loadPipelineSnapshot(deps: Pick<JobDeps, 'store'>, id: string): Promise<PipelineSnapshot | undefined> {
  const pipeline = await findPipelineById(deps.store.db, id);
  if (!pipeline) return undefined;
  const [blocks, jobs] = await Promise.all([findBlocksOfPipeline(deps.store.db, id), findJobsOfPipeline(deps.store.db, id)]);
  return { pipeline, plan: JSON.parse(pipeline.plan) as PipelinePlan, blocks, jobs };
}

export function createPipelineRuntime(deps: PipelineDeps): PipelineRuntime {
  const log = deps.log.child({ component: 'pipelines' });
  const inFlight = new Map<string, { again: boolean; done: Promise<void> }>();

  function advance(pipelineId: string): Promise<void> {
    const current = inFlight.get(pipelineId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await advancePipeline(deps, pipelineId);
        } while (entry.again);
      } finally {
        inFlight.delete(pipelineId);
      }
    })();
    inFlight.set(pipelineId, entry);
    return entry.done;
  }

  function jobFinished(jobId: string): void {
    void findActivePipelinesOfJob(deps.store.db, jobId)
      .then((ids) => Promise.all(ids.map(advance)))
      // Safe to go on: the advance sweep visits every unsettled pipeline within a second.
      .catch((err: unknown) => log.warn({ err, jobId }, 'advancing the pipeline of a finished job failed; the sweep will retry'));
  }

  return {
    jobFinished,
    advance,
    async close() {
      await Promise.allSettled([...inFlight.values()].map((e) => e.done));
    },
  };
}

// Each round applies one decision; a decision that changed something is followed by a fresh read (a started block's
// jobs, a block another hub finished). Eight rounds cover the longest chain one event can set off.
const MAX_ROUNDS = 8;

/** Reads the pipeline, decides (pipeline-policy.ts) and applies, until a decision changes nothing. */
export async function advancePipeline(deps: PipelineDeps, pipelineId: string): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const snapshot = await loadPipelineSnapshot(deps, pipelineId);
    if (!snapshot || snapshot.pipeline.active === 0) return;
    const neighbours: QueueNeighbours =
      snapshot.pipeline.state === 'done' ? { olderInQueue: false, newerAutoCancel: [] } : await findQueueNeighbours(deps.store.db, snapshot.pipeline);
    const now = deps.now();
    const decision = decidePipeline(toPipelineFacts(snapshot, neighbours), now);
    if (!(await applyDecision(deps, snapshot, decision, now))) return;
  }
}

export function toPipelineFacts(s: PipelineSnapshot, neighbours: QueueNeighbours): PipelineFacts {
  const regular = s.blocks.filter((b) => b.kind === 'block');
  const indexByName = new Map(regular.map((b) => [b.name, b.idx]));
  const after = s.blocks.find((b) => b.kind === 'after_pipeline');
  const { pipeline, plan } = s;
  return {
    state: pipeline.state,
    terminate: pipeline.terminate_request ? (pipeline.terminate_reason ?? 'user') : null,
    ran: pipeline.running_at !== null,
    deadlineAt: pipeline.deadline_at,
    failFast: plan.failFast,
    olderInQueue: neighbours.olderInQueue,
    newerAutoCancel: neighbours.newerAutoCancel.includes('stop') ? 'stop' : neighbours.newerAutoCancel.includes('cancel') ? 'cancel' : 'none',
    blocks: regular.map((b) => toBlockFacts(b, s.jobs, indexByName)),
    afterPipeline: after ? toBlockFacts(after, s.jobs, indexByName) : null,
  };
}

function toBlockFacts(block: BlockRow, jobs: readonly BlockJobRow[], indexByName: Map<string, number>): BlockFacts {
  const names = JSON.parse(block.dependencies) as string[];
  return {
    index: block.idx,
    dependsOn: names.map((name) => indexByName.get(name)).filter((i): i is number => i !== undefined),
    skipped: block.skipped === 1,
    state: block.state,
    result: block.result,
    reason: (block.result_reason as BlockReason | null) ?? null,
    doneAt: block.done_at,
    jobs: jobs.filter((j) => j.block_id === block.id).map(toJobFacts),
  };
}

const toJobFacts = (j: BlockJobRow): JobFacts => ({
  jobId: j.job_id,
  state: j.state,
  result: j.result,
  failureReason: j.failure_reason,
  stopRequested: j.stop_requested_at !== null,
  started: j.started_at !== null,
});

/** Applies a decision, pipeline moves that gate blocks first, the final result last; true if anything changed. */
async function applyDecision(deps: PipelineDeps, s: PipelineSnapshot, d: PipelineDecision, now: number): Promise<boolean> {
  const { pipeline } = s;
  let progressed = false;
  const move = d.pipeline;
  if (move && move.to !== 'done') {
    const deadlineAt = move.to === 'running' ? now + pipeline.execution_time_limit_s * 1000 : undefined;
    // Another hub moved it first: read again rather than act on a pipeline that is no longer as read.
    if (!(await changePipelineState(deps.store.db, { id: pipeline.id, from: move.from, to: move.to, terminate: move.terminate, deadlineAt, now }))) return true;
    deps.log.info({ pipelineId: pipeline.id, state: move.to, reason: move.terminate }, 'pipeline state changed');
    deps.events?.emit({ orgId: pipeline.org_id, pipelineId: pipeline.id, workflowId: pipeline.wf_id, state: move.to, at: now });
    progressed = true;
  }
  const finished = move?.to === 'done' ? { result: move.result ?? 'passed', reason: move.reason ?? 'test', doneAt: now } : null;
  for (const change of d.blocks) progressed = (await applyBlockChange(deps, s, change, now, null)) || progressed;
  for (const stop of d.stops) {
    await stopJob(deps, pipeline.org_id, stop.jobId, PIPELINE_STOP_TEXT[stop.reason]);
    progressed = true;
  }
  if (move?.to === 'done' && finished) {
    const done = await changePipelineState(deps.store.db, { id: pipeline.id, from: move.from, to: 'done', result: finished.result, resultReason: finished.reason, terminate: move.terminate, now });
    if (done) deps.log.info({ pipelineId: pipeline.id, result: finished.result, reason: finished.reason }, 'pipeline finished');
    if (done) deps.events?.emit({ orgId: pipeline.org_id, pipelineId: pipeline.id, workflowId: pipeline.wf_id, state: 'done', result: finished.result, resultReason: finished.reason, at: now });
    progressed = done || progressed;
  }
  if (d.afterPipeline) progressed = (await applyBlockChange(deps, s, d.afterPipeline, now, finished ?? doneFacts(pipeline))) || progressed;
  if (d.settle) await settlePipeline(deps.store.db, pipeline.id, now);
  return progressed;
}

function doneFacts(p: PipelineRow): { result: Result; reason: BlockReason; doneAt: number } {
  return { result: p.result ?? 'passed', reason: (p.result_reason as BlockReason | null) ?? 'test', doneAt: p.done_at ?? p.updated_at };
}

async function applyBlockChange(
  deps: PipelineDeps,
  s: PipelineSnapshot,
  change: BlockChange,
  now: number,
  pipelineDone: { result: Result; reason: BlockReason; doneAt: number } | null,
): Promise<boolean> {
  const block = s.blocks.find((b) => b.idx === change.index);
  if (!block) return false;
  if (change.to === 'running') return startPipelineBlock(deps, s, block, now, pipelineDone);
  return changeBlockState(deps.store.db, { blockId: block.id, from: change.from, to: change.to, result: change.result, resultReason: change.reason, now });
}

/** Turns a block's planned jobs into ordinary jobs and queues them once; a missing agent type or secret fails it. */
async function startPipelineBlock(
  deps: PipelineDeps,
  s: PipelineSnapshot,
  block: BlockRow,
  now: number,
  pipelineDone: { result: Result; reason: BlockReason; doneAt: number } | null,
): Promise<boolean> {
  const planned = block.kind === 'after_pipeline' ? s.plan.afterPipeline : (s.plan.blocks[block.idx]?.jobs ?? []);
  const { pipeline } = s;
  const typeIds = await findAgentTypeIdsByName(deps.store.db, pipeline.org_id, planned.map((j) => j.machineType));
  const missingType = planned.find((j) => !typeIds.has(j.machineType));
  const secrets = await deps.secrets.resolve(pipeline.org_id, planned.flatMap((j) => j.secrets));
  const context = deps.jobContext ? await deps.jobContext.forPipeline(pipeline) : ({ kind: 'none' } as const);
  const problem = missingType
    ? missingTypeText(missingType.machineType)
    : !secrets.ok ? describeSecretProblem(secrets) : context.kind === 'problem' ? context.problem : null;
  if (problem) {
    return changeBlockState(deps.store.db, { blockId: block.id, from: 'waiting', to: 'done', result: 'failed', resultReason: 'malformed', errorDescription: problem, now });
  }
  const finished: FinishedPipelineFacts | null = pipelineDone
    ? { result: pipelineDone.result, resultReason: pipelineDone.reason, createdAtMs: pipeline.created_at, runningAtMs: pipeline.running_at, doneAtMs: pipelineDone.doneAt }
    : null;
  const byName = new Map((secrets.ok ? secrets.secrets : []).map((secret) => [secret.name, secret]));
  // Jobs a partial rerun carried over (they passed before) are linked already; only the others are queued.
  const carried = new Set(s.jobs.filter((j) => j.block_id === block.id).map((j) => j.idx));
  const toRun = planned.map((job, idx) => ({ job, idx })).filter(({ idx }) => !carried.has(idx));
  const jobs: Array<{ idx: number; job: NewJob }> = toRun.map(({ job, idx }) => {
    const id = newJobId(now);
    const spec = buildPipelineJobSpec(job, runFacts(pipeline), block.kind === 'block' ? block : null, finished);
    const withRepo = context.kind === 'ready' ? context.context.decorate(spec, id, job.envVars.length) : { spec, secrets: [] };
    return { idx, job: {
      id,
      orgId: pipeline.org_id,
      agentTypeId: typeIds.get(job.machineType) ?? '',
      name: job.name,
      spec: JSON.stringify(withRepo.spec),
      secretMaterial: deps.secrets.sealForJob(id, [...importedSecrets(job, byName), ...withRepo.secrets]),
      priority: job.priority,
      executionTimeLimitS: job.executionTimeLimitSeconds,
      createdBy: pipeline.created_by,
      now,
    } };
  });
  if (!(await startBlock(deps.store, { blockId: block.id, pipelineId: pipeline.id, jobs, now }))) return false;
  deps.log.info({ pipelineId: pipeline.id, block: block.name, jobs: jobs.length, carried: carried.size }, 'pipeline block started');
  for (const { job } of jobs) deps.wakeups.notify(`agent-type:${job.agentTypeId}`);
  return true;
}

export const missingTypeText = (type: string) =>
  `agent type '${type}' does not exist in this organization; create it (outpost agent-types create ${type}) or use an existing one in agent.machine.type`;

export function runFacts(p: PipelineRow) {
  return {
    orgId: p.org_id,
    workflowId: p.wf_id,
    pipelineId: p.id,
    pipelineName: p.name,
    artefactId: p.artefact_id,
    pipelineRerun: p.is_rerun === 1,
    workflowRerun: p.workflow_rerun === 1,
    branch: p.branch_name,
    tag: p.tag_name,
    pullRequest: p.pr_number,
    commitSha: p.commit_sha,
  };
}

/** The secrets a job imports, in the order it names them; they travel encrypted beside its spec, never inside it. */
function importedSecrets(job: PlannedJob, byName: Map<string, ResolvedSecret>): ResolvedSecret[] {
  return job.secrets.map((name) => byName.get(name)).filter((x): x is ResolvedSecret => x !== undefined);
}
