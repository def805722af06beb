import type { PipelinePlan } from '@outpost/pipeline';
import { machineTypesOf } from '@outpost/pipeline';
import { HubError } from '../errors.js';
import type { Principal } from '../store/principals.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import {
  findAgentTypeIdsByName,
  findPipelineByRequestToken,
  findPipelineInOrg,
  findWorkflowByRequestToken,
  findWorkflowInOrg,
  insertPipelineRun,
  requestPipelineStop,
  type NewBlockRow,
  type NewJobLinkRow,
  type PipelineRow,
} from '../store/pipelines.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import { newJobId } from './job-ids.js';
import { describeSecretProblem } from './pipeline-secrets.js';
import { loadPipelineSnapshot, missingTypeText, type PipelineDeps, type PipelineRuntime, type PipelineSnapshot } from './pipelines.js';

/** Starting, stopping and rerunning pipelines: what the API and the CLI ask for. */
export interface PipelineRunDeps extends PipelineDeps {
  pipelines: PipelineRuntime;
}

/** The git context of a run: what the Conditions DSL read and the SEMAPHORE_GIT_* variables carry. */
export interface RunContext {
  branch: string;
  tag: string;
  pullRequest: string;
  commitSha: string;
}

export interface StartRequest {
  principal: Principal;
  plan: PipelinePlan;
  /** e.g. `.semaphore/semaphore.yml`. */
  yamlFilePath: string;
  context: RunContext;
  requestToken: string | null;
  /** The project run that asks (API or webhook); absent for pipelines run from YAML text. */
  origin?: WorkflowOrigin;
  /** Why the pipeline cannot run, found before a plan existed (its file missing or invalid at the commit): it is
   * created done, FAILED, reason MALFORMED, with this as its error_description. */
  problem?: string;
}

export interface WorkflowOrigin {
  projectId: string;
  hookId: string;
  triggeredBy: 'HOOK' | 'API';
  /** Who the audit log names, e.g. `hook:github`; `user:<email>` of the principal when absent. */
  actor?: string;
}

/** Pipelines of one file and one branch, tag or pull request share a queue (Semaphore's default queue). */
export function queueKeyOf(yamlFilePath: string, context: RunContext): string {
  const ref = context.pullRequest ? `pr:${context.pullRequest}` : context.tag ? `tag:${context.tag}` : `branch:${context.branch}`;
  return `${yamlFilePath}|${ref}`;
}

/** A new workflow with one pipeline (POST /pipelines/yaml); a repeated request token answers the first one. */
export async function startWorkflow(deps: PipelineRunDeps, request: StartRequest, rerunOf: string | null = null): Promise<{ workflowId: string; pipelineId: string }> {
  const { principal } = request;
  if (request.requestToken) {
    const earlier = await findWorkflowByRequestToken(deps.store.db, principal.orgId, request.requestToken);
    if (earlier) return { workflowId: earlier.id, pipelineId: earlier.initial_ppl_id };
  }
  const now = deps.now();
  const workflowId = newJobId(now);
  const pipelineId = newJobId(now);
  const { origin } = request;
  const workflow = {
    id: workflowId, org_id: principal.orgId, initial_ppl_id: pipelineId, rerun_of: rerunOf, request_token: request.requestToken, created_by: principal.userId, created_at: now,
    project_id: origin?.projectId ?? null, hook_id: origin?.hookId ?? null, triggered_by: origin?.triggeredBy ?? null,
  };
  const rerun = rerunOf !== null;
  const pipeline = await pipelineRow(deps, { ...request, workflowId, pipelineId, now, partialOf: null, rerun, workflowRerun: rerun, requestToken: null });
  try {
    await insertPipelineRun(deps.store.db, { workflow, pipeline: pipeline.row, blocks: freshBlocks(request.plan, pipelineId, now, pipeline.row.state === 'done'), jobs: [] });
  } catch (error) {
    if (request.requestToken && isUniqueViolation(error)) return startWorkflow(deps, request, rerunOf);
    throw new Error(`insert pipeline ${pipelineId}`, { cause: error });
  }
  await announce(deps, principal, rerun ? 'pipeline.rerun' : 'pipeline.run', pipeline.row.id, { workflow: workflowId, file: request.yamlFilePath, ...(rerunOf ? { rerun_of: rerunOf } : {}) }, origin?.actor);
  emitCreated(deps, pipeline.row);
  await deps.pipelines.advance(pipelineId);
  return { workflowId, pipelineId };
}

interface RowInput extends StartRequest {
  workflowId: string;
  pipelineId: string;
  now: number;
  partialOf: PipelineRow | null;
  rerun: boolean;
  workflowRerun: boolean;
}

/** The pipeline row; a plan naming an agent type the organization lacks, or a secret, is done FAILED MALFORMED. */
async function pipelineRow(deps: PipelineRunDeps, input: RowInput) {
  const { plan, principal, context, now } = input;
  const types = machineTypesOf(plan);
  const known = await findAgentTypeIdsByName(deps.store.db, principal.orgId, types);
  const missingType = types.find((t) => !known.has(t));
  const secrets = await deps.secrets.resolve(principal.orgId, [...plan.blocks.flatMap((b) => b.jobs), ...plan.afterPipeline].flatMap((j) => j.secrets));
  const problem = input.problem || (missingType ? missingTypeText(missingType) : !secrets.ok ? describeSecretProblem(secrets) : '');
  const row = {
    id: input.pipelineId, org_id: principal.orgId, wf_id: input.workflowId, name: plan.name, yaml_file_path: input.yamlFilePath, plan: JSON.stringify(plan),
    branch_name: context.branch, tag_name: context.tag, pr_number: context.pullRequest, commit_sha: context.commitSha,
    queue_key: queueKeyOf(input.yamlFilePath, context), auto_cancel: plan.autoCancel.running ? ('stop' as const) : plan.autoCancel.queued ? ('cancel' as const) : ('none' as const),
    state: problem ? ('done' as const) : ('queuing' as const), result: problem ? ('failed' as const) : null, result_reason: problem ? 'malformed' : null,
    error_description: problem, terminate_request: null, terminate_reason: null, terminated_by: null, execution_time_limit_s: plan.executionTimeLimitSeconds,
    deadline_at: null, partial_rerun_of: input.partialOf?.id ?? null, artefact_id: input.partialOf?.artefact_id ?? input.pipelineId,
    is_rerun: input.rerun ? 1 : 0, workflow_rerun: input.workflowRerun ? 1 : 0, request_token: input.requestToken, active: problem ? 0 : 1,
    created_by: principal.userId, created_at: now, running_at: null, stopping_at: null, done_at: problem ? now : null, updated_at: now,
  };
  return { row, problem };
}

function blockRow(pipelineId: string, idx: number, now: number, fields: Partial<NewBlockRow> & { name: string }): NewBlockRow {
  return {
    id: newJobId(now), pipeline_id: pipelineId, idx, kind: 'block', dependencies: '[]', skipped: 0, state: 'waiting', result: null, result_reason: null,
    error_description: '', copied_from: null, started_at: null, done_at: null, updated_at: now, ...fields,
  };
}

/** A pipeline's blocks in file order, then its after_pipeline task; all done CANCELED (malformed) when it cannot run. */
function freshBlocks(plan: PipelinePlan, pipelineId: string, now: number, malformed: boolean): NewBlockRow[] {
  const dead = malformed ? { state: 'done' as const, result: 'canceled' as const, result_reason: 'malformed', done_at: now } : {};
  const blocks = plan.blocks.map((b, idx) => blockRow(pipelineId, idx, now, { name: b.name, dependencies: JSON.stringify(b.dependencies), skipped: b.skipped ? 1 : 0, ...dead }));
  if (plan.afterPipeline.length > 0) blocks.push(blockRow(pipelineId, plan.blocks.length, now, { name: 'After pipeline', kind: 'after_pipeline', ...dead }));
  return blocks;
}

export async function findPipelineOr404(deps: Pick<PipelineDeps, 'store'>, orgId: string, id: string): Promise<PipelineRow> {
  const pipeline = await findPipelineInOrg(deps.store.db, orgId, id);
  if (!pipeline) throw new HubError('NOT_FOUND', { what: `pipeline '${id}'` });
  return pipeline;
}

/** PATCH terminate_request: running jobs hear stop-job, queued ones end at once, the pipeline ends STOPPED (user). */
export async function stopPipeline(deps: PipelineRunDeps, principal: Principal, id: string): Promise<{ changed: boolean }> {
  const pipeline = await findPipelineOr404(deps, principal.orgId, id);
  const changed = await requestPipelineStop(deps.store.db, { id, reason: 'user', by: principal.userId, now: deps.now() });
  if (changed) await announce(deps, principal, 'pipeline.stopped', pipeline.id, { workflow: pipeline.wf_id });
  await deps.pipelines.advance(id);
  return { changed };
}

/** POST …/plumber-workflows/:id/reschedule: a new workflow running the workflow's first pipeline's plan again. */
export async function rerunWorkflow(deps: PipelineRunDeps, principal: Principal, workflowId: string, requestToken: string): Promise<{ workflowId: string; pipelineId: string }> {
  const workflow = await findWorkflowInOrg(deps.store.db, principal.orgId, workflowId);
  if (!workflow) throw new HubError('NOT_FOUND', { what: `workflow '${workflowId}'` });
  const initial = await findPipelineOr404(deps, principal.orgId, workflow.initial_ppl_id);
  const context = { branch: initial.branch_name, tag: initial.tag_name, pullRequest: initial.pr_number, commitSha: initial.commit_sha };
  // A rerun of a project's workflow is the same project run: its jobs check out the same commit the same way.
  const origin = workflow.project_id && workflow.hook_id ? { projectId: workflow.project_id, hookId: workflow.hook_id, triggeredBy: workflow.triggered_by === 'HOOK' ? ('HOOK' as const) : ('API' as const) } : undefined;
  const plan = JSON.parse(initial.plan) as PipelinePlan;
  // A pipeline whose file could not be read has no blocks: rerunning it reports the same problem.
  const problem = plan.blocks.length === 0 && initial.result_reason === 'malformed' ? initial.error_description : undefined;
  return startWorkflow(deps, { principal, plan, yamlFilePath: initial.yaml_file_path, context, requestToken, origin, problem }, workflow.id);
}

/**
 * POST /pipelines/:id/partial_rebuild: a new pipeline in the same workflow that carries the passed blocks over (their
 * results and jobs) and runs the failed and never-run ones again, as Semaphore's partial rebuild does.
 */
export async function rerunFailedBlocks(deps: PipelineRunDeps, principal: Principal, id: string, requestToken: string): Promise<string> {
  const earlier = await findPipelineByRequestToken(deps.store.db, principal.orgId, requestToken);
  if (earlier) return earlier.id;
  const source = await loadPipelineSnapshot(deps, (await findPipelineOr404(deps, principal.orgId, id)).id);
  if (!source) throw new HubError('NOT_FOUND', { what: `pipeline '${id}'` });
  if (source.pipeline.state !== 'done') throw new HubError('CONFLICT', { detail: `pipeline '${id}' is still ${source.pipeline.state}; rerun its failed blocks once it is done` });
  if (source.pipeline.result === 'passed') throw new HubError('CONFLICT', { detail: `pipeline '${id}' passed; there are no failed blocks to rerun` });
  const now = deps.now();
  const pipelineId = newJobId(now);
  const context = { branch: source.pipeline.branch_name, tag: source.pipeline.tag_name, pullRequest: source.pipeline.pr_number, commitSha: source.pipeline.commit_sha };
  const request = { principal, plan: source.plan, yamlFilePath: source.pipeline.yaml_file_path, context, requestToken };
  const pipeline = await pipelineRow(deps, { ...request, workflowId: source.pipeline.wf_id, pipelineId, now, partialOf: source.pipeline, rerun: true, workflowRerun: source.pipeline.workflow_rerun === 1 });
  const { blocks, jobs } = carriedBlocks(source, pipelineId, now, pipeline.row.state === 'done');
  try {
    await insertPipelineRun(deps.store.db, { workflow: null, pipeline: pipeline.row, blocks, jobs });
  } catch (error) {
    if (isUniqueViolation(error)) return rerunFailedBlocks(deps, principal, id, requestToken);
    throw new Error(`insert the partial rerun of pipeline ${id}`, { cause: error });
  }
  await announce(deps, principal, 'pipeline.rerun', pipelineId, { workflow: source.pipeline.wf_id, partial_rerun_of: id });
  emitCreated(deps, pipeline.row);
  await deps.pipelines.advance(pipelineId);
  return pipelineId;
}

/**
 * Passed blocks (skipped ones too) come over done with their jobs; the rest wait to run again. Of a block that did not
 * pass, the jobs that passed come over too unless the block says `partial_rerun: block` (Semaphore's default is
 * `jobs`): they are linked now, and the block queues only the others when it starts.
 */
function carriedBlocks(source: PipelineSnapshot, pipelineId: string, now: number, malformed: boolean) {
  const fresh = freshBlocks(source.plan, pipelineId, now, malformed);
  const jobs: NewJobLinkRow[] = [];
  const carry = (from: string, to: string, passedOnly: boolean) => {
    for (const job of source.jobs.filter((j) => j.block_id === from && (!passedOnly || j.result === 'passed'))) {
      jobs.push({ block_id: to, idx: job.idx, pipeline_id: pipelineId, name: job.name, job_id: job.job_id });
    }
  };
  const blocks = fresh.map((block) => {
    const old = source.blocks.find((b) => b.kind === 'block' && block.kind === 'block' && b.idx === block.idx);
    if (malformed || !old) return block;
    if (old.result !== 'passed') {
      if (source.plan.blocks[old.idx]?.partialRerun !== 'block') carry(old.id, block.id, true);
      return block;
    }
    carry(old.id, block.id, false);
    return { ...block, state: 'done' as const, result: old.result, result_reason: old.result_reason, copied_from: old.id, started_at: old.started_at, done_at: old.done_at };
  });
  return { blocks, jobs };
}

async function announce(
  deps: PipelineRunDeps,
  principal: Principal,
  action: 'pipeline.run' | 'pipeline.stopped' | 'pipeline.rerun',
  pipelineId: string,
  details: Record<string, string>,
  actor = `user:${principal.email}`,
): Promise<void> {
  deps.log.info({ pipelineId, action, actor }, 'pipeline request');
  await recordAuditEvent(deps, { orgId: principal.orgId, actor, action, target: { type: 'pipeline', name: pipelineId }, details });
}

/** A new pipeline is the first state change listeners hear of (queuing, or done when it cannot run). */
function emitCreated(deps: PipelineRunDeps, row: PipelineRow): void {
  deps.events?.emit({
    orgId: row.org_id, pipelineId: row.id, workflowId: row.wf_id, state: row.state, at: row.created_at,
    ...(row.state === 'done' && row.result ? { result: row.result, resultReason: row.result_reason ?? 'malformed' } : {}),
  });
}
