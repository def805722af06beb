import type { JobInput } from '@outpost/protocol';

type JobSpec = JobInput['spec'];
import { HubError } from '../errors.js';
import type { Store } from '../store/database.js';
import { findWorkflowInOrg, type PipelineRow } from '../store/pipelines.js';
import { findProjectById, findProjectHook } from '../store/projects.js';
import type { ProjectVault } from '../secrets/project-vault.js';
import type { RepositoryCache } from '../git/repository-cache.js';
import { parseRepoUrl } from '../git/repo-url-policy.js';
import type { ResolvedSecret } from './pipeline-secrets.js';
import { openCredential } from './projects.js';
import { emptyHookDetails, parseHookDetails } from './hook-details.js';
import { withCheckout, type ProjectRunFacts } from './checkout-job-spec.js';

/**
 * What a pipeline's jobs get from the project that ran it, looked up when a block's jobs are made (so a credential
 * changed meanwhile reaches later blocks): pipelines run from YAML text get nothing; a project that was deleted, or
 * whose credential this hub cannot decrypt, fails the block MALFORMED with the reason.
 */
export interface PipelineJobContext {
  decorate(spec: JobSpec, jobId: string, ownVarCount: number): { spec: JobSpec; secrets: ResolvedSecret[] };
}

export type JobContextResult = { kind: 'none' } | { kind: 'ready'; context: PipelineJobContext } | { kind: 'problem'; problem: string };

export interface JobContextProvider {
  forPipeline(pipeline: PipelineRow): Promise<JobContextResult>;
}

export function createProjectJobContext(deps: { store: Store; projectVault: ProjectVault; repositories: RepositoryCache }): JobContextProvider {
  return {
    async forPipeline(pipeline) {
      const workflow = await findWorkflowInOrg(deps.store.db, pipeline.org_id, pipeline.wf_id);
      if (!workflow?.project_id) return { kind: 'none' };
      const project = await findProjectById(deps.store.db, pipeline.org_id, workflow.project_id);
      if (!project) return { kind: 'problem', problem: `the project of this pipeline (${workflow.project_id}) was deleted; its jobs cannot check out the repository` };
      const url = parseRepoUrl(project.repo_url);
      if (!url.ok) return { kind: 'problem', problem: `the repository URL of project '${project.name}' is not valid: ${url.problem}` };
      let credential;
      try {
        credential = openCredential(deps.projectVault, project);
      } catch (error) {
        if (error instanceof HubError) return { kind: 'problem', problem: error.message };
        throw error;
      }
      const hook = workflow.hook_id ? await findProjectHook(deps.store.db, workflow.hook_id) : undefined;
      const details = hook ? parseHookDetails(hook.details) : { ...emptyHookDetails(), branch: pipeline.branch_name, tag: pipeline.tag_name, prNumber: pipeline.pr_number };
      const facts: ProjectRunFacts = {
        projectId: project.id,
        projectName: project.name,
        url: project.repo_url,
        repoSlug: url.repo.slug,
        repoName: url.repo.name,
        refKind: pipeline.pr_number ? 'pull_request' : pipeline.tag_name ? 'tag' : 'branch',
        sha: pipeline.commit_sha,
        triggeredBy: workflow.triggered_by === 'HOOK' ? 'HOOK' : 'API',
        hook: details,
        credential,
        knownHosts: credential.kind === 'ssh_key' ? await deps.repositories.knownHosts(project.id) : '',
      };
      return { kind: 'ready', context: { decorate: (spec, jobId, ownVarCount) => withCheckout(spec, jobId, facts, ownVarCount) } };
    },
  };
}
