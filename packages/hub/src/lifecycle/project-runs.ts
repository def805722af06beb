import type { PipelinePlan } from '@outpost/pipeline';
import { HubError } from '../errors.js';
import type { Principal } from '../store/principals.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { deleteProjectHook, deleteStaleHook, findHookByDelivery, insertProjectHook, markHookStarted, resolveHook, type ProjectHookRow, type ProjectRow } from '../store/projects.js';
import type { HookEvent, HookProvider } from '../store/project-schema.js';
import type { GitRef } from '../git/ref-policy.js';
import type { RepositoryCache } from '../git/repository-cache.js';
import type { ProjectVault } from '../secrets/project-vault.js';
import { newTimeOrderedId } from '../ids/time-ordered-id.js';
import { readPipelineAtCommit } from './pipeline-at-commit.js';
import { startWorkflow, type PipelineRunDeps } from './pipeline-runs.js';
import { repoAccessOf } from './projects.js';
import type { HookDetails } from './hook-details.js';

/**
 * Running a project's pipeline file at a commit, for the API, the CLI and forge webhooks alike: the run is recorded
 * (a delivery seen before answers as a duplicate and runs nothing), the hub fetches the commit and compiles its
 * pipeline file, and a workflow starts. A file missing or invalid at the commit still makes a workflow, FAILED with
 * reason MALFORMED and the problem as its error; a repository the hub cannot reach makes none (the forge may redeliver).
 */
export interface ProjectRunDeps extends PipelineRunDeps {
  projectVault: ProjectVault;
  repositories: RepositoryCache;
}

export interface ProjectRunRequest {
  project: ProjectRow;
  /** The caller (API) or the project's owner standing in for a forge (webhooks). */
  principal: Principal;
  ref: GitRef;
  sha: string | null;
  pipelineFile: string;
  provider: HookProvider;
  deliveryId: string | null;
  event: HookEvent;
  details: HookDetails;
  triggeredBy: 'HOOK' | 'API';
  /** Who the audit log names: `user:<email>` or `hook:<forge>`. */
  actor: string;
}

export type ProjectRunResult =
  | { kind: 'started'; hookId: string; workflowId: string; pipelineId: string; sha: string; malformed: boolean }
  | { kind: 'duplicate'; hook: ProjectHookRow };

export async function runProjectWorkflow(deps: ProjectRunDeps, request: ProjectRunRequest): Promise<ProjectRunResult> {
  const { project } = request;
  const now = deps.now();
  const hookId = newTimeOrderedId(now);
  const recorded = await recordHook(deps, request, hookId, now);
  if (recorded) return { kind: 'duplicate', hook: recorded };
  let read;
  try {
    read = await readPipelineAtCommit(deps.repositories, repoAccessOf(deps.projectVault, project), {
      ref: request.ref, sha: request.sha, pipelineFile: request.pipelineFile, commitRange: request.details.commitRange, targetBranch: request.details.branch,
    });
  } catch (error) {
    await deleteProjectHook(deps.store.db, hookId);
    throw error;
  }
  if (!read.ok && read.kind !== 'malformed') {
    await deleteProjectHook(deps.store.db, hookId);
    if (read.kind === 'not-found') throw new HubError('GIT_REF_NOT_FOUND', { detail: `${read.message} (project '${project.name}')` });
    throw new HubError('GIT_FETCH_FAILED', { name: project.name, detail: read.message });
  }
  const details: HookDetails = { ...request.details, author: request.details.author || read.commit.author };
  await resolveHook(deps.store.db, { id: hookId, commitSha: read.sha, details: JSON.stringify(details) });
  const started = await startWorkflow(deps, {
    principal: request.principal,
    plan: read.ok ? read.plan : placeholderPlan(request.pipelineFile),
    yamlFilePath: request.pipelineFile,
    context: runContext(request.ref, details, read.sha),
    requestToken: null,
    origin: { projectId: project.id, hookId, triggeredBy: request.triggeredBy, actor: request.actor },
    ...(read.ok ? {} : { problem: read.problem }),
  });
  const message = read.ok ? `started ${request.pipelineFile} at ${read.sha.slice(0, 12)}` : `${request.pipelineFile} at ${read.sha.slice(0, 12)} cannot run: it is not a valid pipeline`;
  await markHookStarted(deps.store.db, { id: hookId, workflowId: started.workflowId, pipelineId: started.pipelineId, message });
  deps.log.info({ projectId: project.id, hookId, provider: request.provider, sha: read.sha, workflowId: started.workflowId, malformed: !read.ok }, 'project workflow started');
  return { kind: 'started', hookId, workflowId: started.workflowId, pipelineId: started.pipelineId, sha: read.sha, malformed: !read.ok };
}

// A delivery still processing this long after it arrived was left by a hub that stopped in the middle (each git command
// ends within OUTPOST_GIT_TIMEOUT_MS, 2 min by default, and a run takes a handful): a redelivery may run it.
const STALE_PROCESSING_MS = 15 * 60_000;

/** Inserts the hook row; answers the earlier row when the forge sent this delivery before. */
async function recordHook(deps: ProjectRunDeps, request: ProjectRunRequest, id: string, now: number, retried = false): Promise<ProjectHookRow | null> {
  try {
    await insertProjectHook(deps.store.db, {
      id, org_id: request.project.org_id, project_id: request.project.id, provider: request.provider, delivery_id: request.deliveryId, event: request.event,
      reference: request.ref.ref, commit_sha: request.sha ?? '', details: JSON.stringify(request.details), outcome: 'processing', message: '',
      workflow_id: null, pipeline_id: null, created_by: request.principal.userId || null, created_at: now,
    });
    return null;
  } catch (error) {
    if (!request.deliveryId || !isUniqueViolation(error)) throw new Error(`record a run of project ${request.project.id}`, { cause: error });
    const earlier = await findHookByDelivery(deps.store.db, request.project.id, request.provider, request.deliveryId);
    if (!earlier) throw new Error(`find delivery ${request.deliveryId} of project ${request.project.id}`, { cause: error });
    if (retried || earlier.outcome !== 'processing' || now - earlier.created_at < STALE_PROCESSING_MS) return earlier;
    await deleteStaleHook(deps.store.db, earlier.id);
    return recordHook(deps, request, id, now, true);
  }
}

function runContext(ref: GitRef, details: HookDetails, sha: string) {
  if (ref.kind === 'tag') return { branch: '', tag: ref.name, pullRequest: '', commitSha: sha };
  if (ref.kind === 'pull_request') return { branch: details.branch, tag: '', pullRequest: ref.number, commitSha: sha };
  return { branch: ref.name, tag: '', pullRequest: '', commitSha: sha };
}

/** The plan of a pipeline that could not be read: no blocks; its run ends at once with the problem. */
function placeholderPlan(pipelineFile: string): PipelinePlan {
  return {
    name: pipelineFile,
    executionTimeLimitSeconds: 3600,
    blocks: [],
    failFast: { stop: false, cancel: false },
    autoCancel: { running: false, queued: false },
    afterPipeline: [],
  };
}
