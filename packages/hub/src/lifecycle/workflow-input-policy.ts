import { envVarNameProblem, WORKFLOW_PARAMETERS_MAX, type WorkflowRunInput } from '@outpost/protocol';
import { parseCommitSha, parseReference, parseRepoPath, type GitRef } from '../git/ref-policy.js';

/**
 * The body of POST /api/v1alpha/plumber-workflows beyond its schema (pure): the reference, the commit and the file are
 * checked before git sees them, and each parameter must be a shell variable name (it becomes one in every job).
 */
export interface WorkflowRunWanted {
  ref: GitRef;
  sha: string | null;
  /** null: the project's pipeline file. */
  pipelineFile: string | null;
  parameters: Record<string, string>;
}

export type WorkflowRunCheck = { ok: true; wanted: WorkflowRunWanted } | { ok: false; field: string; problem: string };

export function readWorkflowRunInput(body: WorkflowRunInput): WorkflowRunCheck {
  const ref = parseReference(body.reference);
  if (!ref.ok) return { ok: false, field: 'reference', problem: ref.problem };
  let sha: string | null = null;
  if (body.commit_sha !== undefined && body.commit_sha !== '') {
    const parsed = parseCommitSha(body.commit_sha);
    if (!parsed.ok) return { ok: false, field: 'commit_sha', problem: parsed.problem };
    sha = parsed.sha;
  }
  let pipelineFile: string | null = null;
  if (body.pipeline_file !== undefined && body.pipeline_file !== '') {
    const path = parseRepoPath(body.pipeline_file);
    if (!path.ok) return { ok: false, field: 'pipeline_file', problem: path.problem };
    pipelineFile = path.path;
  }
  const parameters = body.parameters ?? {};
  const names = Object.keys(parameters);
  if (names.length > WORKFLOW_PARAMETERS_MAX) return { ok: false, field: 'parameters', problem: `a run takes at most ${WORKFLOW_PARAMETERS_MAX} parameters` };
  for (const name of names) {
    const problem = envVarNameProblem(name);
    if (problem) return { ok: false, field: 'parameters', problem: `parameter ${problem}` };
    if ((parameters[name] ?? '').includes('\u0000')) return { ok: false, field: 'parameters', problem: `parameter ${name} contains a NUL byte` };
  }
  return { ok: true, wanted: { ref: ref.ref, sha, pipelineFile, parameters } };
}
