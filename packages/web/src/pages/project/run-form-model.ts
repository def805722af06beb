import type { WorkflowRunInput } from '@outpost/protocol';

/** The Run form: a branch or a tag, an optional commit (pure). */
export interface RunFormState {
  kind: 'branch' | 'tag';
  name: string;
  sha: string;
}

export type RunCheck = { ok: true; input: WorkflowRunInput } | { ok: false; field: 'name' | 'sha'; problem: string };

export function runInput(projectId: string, form: RunFormState): RunCheck {
  const name = form.name.trim().replace(/^refs\/(heads|tags)\//, '');
  if (!name) return { ok: false, field: 'name', problem: form.kind === 'branch' ? 'Name the branch to run, e.g. main.' : 'Name the tag to run, e.g. v1.0.0.' };
  if (/\s/.test(name)) return { ok: false, field: 'name', problem: 'A branch or tag name has no spaces.' };
  const sha = form.sha.trim();
  if (sha && !/^[0-9a-f]{7,64}$/i.test(sha)) return { ok: false, field: 'sha', problem: 'A commit SHA is 7 to 64 hexadecimal characters; leave it empty to run the head.' };
  const reference = `${form.kind === 'branch' ? 'refs/heads/' : 'refs/tags/'}${name}`;
  return { ok: true, input: { project_id: projectId, reference, ...(sha ? { commit_sha: sha.toLowerCase() } : {}) } };
}
