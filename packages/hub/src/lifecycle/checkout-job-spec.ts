import type { EnvVar } from '@outpost/pipeline';
import type { JobInput } from '@outpost/protocol';

type JobSpec = JobInput['spec'];
import type { GitCredential } from '../git/git-env-policy.js';
import { DEFAULT_TOKEN_USERNAME } from '../git/git-env-policy.js';
import type { ResolvedSecret } from './pipeline-secrets.js';
import type { HookDetails } from './hook-details.js';
import {
  checkoutScript,
  cleanupCommand,
  CHECKOUT_SCRIPT,
  jobFilesDir,
  KNOWN_HOSTS_FILE,
  sourceCommand,
  SSH_KEY_FILE,
  TOKEN_FILE,
  TOKEN_USER_FILE,
} from './checkout-script.js';

/**
 * A project pipeline's job spec with its repository (pure): the SEMAPHORE_GIT_* and project variables of
 * reference/env-vars.md, the checkout script as a 0700 file, `source` of it as the first command, and the removal of
 * the job's checkout files as the last epilogue command. The credential files go to `secrets`, which travel encrypted
 * beside the spec (never inside it), reach the agent with the job and are masked out of its log.
 */
export interface ProjectRunFacts {
  projectId: string;
  projectName: string;
  url: string;
  /** SEMAPHORE_GIT_REPO_SLUG / _REPO_NAME / _DIR from the URL. */
  repoSlug: string;
  repoName: string;
  refKind: 'branch' | 'tag' | 'pull_request';
  sha: string;
  triggeredBy: 'HOOK' | 'API';
  hook: HookDetails;
  credential: GitCredential;
  /** Host keys the hub learned for this repository; '' when none yet. */
  knownHosts: string;
}

export const CREDENTIALS_SECRET_NAME = 'outpost-repository-credentials';

/** `ownVarCount`: how many env_vars at the end of the spec are the job's own (from the pipeline file); they keep winning. */
export function withCheckout(spec: JobSpec, jobId: string, facts: ProjectRunFacts, ownVarCount: number): { spec: JobSpec; secrets: ResolvedSecret[] } {
  const env = mergeEnv(spec.env_vars ?? [], projectVariables(facts), ownVarCount);
  const dir = jobFilesDir(jobId);
  const script = checkoutScript(jobId, { fetchRefs: fetchRefs(facts), strictHostKeys: facts.knownHosts.trim() !== '' });
  const files = [
    ...(spec.files ?? []),
    { path: `${dir}/${CHECKOUT_SCRIPT}`, content: base64(script), mode: '0700' },
    ...(facts.credential.kind === 'ssh_key' ? [{ path: `${dir}/${KNOWN_HOSTS_FILE}`, content: base64(facts.knownHosts), mode: '0600' }] : []),
  ];
  return {
    spec: {
      ...spec,
      env_vars: env,
      files,
      commands: [sourceCommand(jobId), ...(spec.commands ?? [])],
      epilogue_on_pass_commands: [...(spec.epilogue_on_pass_commands ?? []), cleanupCommand(jobId)],
      epilogue_on_fail_commands: [...(spec.epilogue_on_fail_commands ?? []), cleanupCommand(jobId)],
    },
    secrets: credentialSecrets(dir, facts.credential),
  };
}

/** The hub's variables, then the project's (replacing same-named ones), then the job's own: later entries win. */
function mergeEnv(existing: ReadonlyArray<{ name: string; value: string }>, project: EnvVar[], ownVarCount: number): Array<{ name: string; value: string }> {
  const names = new Set(project.map((v) => v.name));
  const cut = existing.length - ownVarCount;
  return [...existing.slice(0, cut).filter((v) => !names.has(v.name)), ...project, ...existing.slice(cut)];
}

export function projectVariables(f: ProjectRunFacts): EnvVar[] {
  const h = f.hook;
  const vars: Array<[string, string]> = [
    ['SEMAPHORE_PROJECT_ID', f.projectId],
    ['SEMAPHORE_PROJECT_NAME', f.projectName],
    ['SEMAPHORE_GIT_PROVIDER', h.provider],
    ['SEMAPHORE_GIT_URL', f.url],
    ['SEMAPHORE_GIT_DIR', f.repoName],
    ['SEMAPHORE_GIT_REPO_NAME', f.repoName],
    ['SEMAPHORE_GIT_REPO_SLUG', h.repoSlug || f.repoSlug],
    ['SEMAPHORE_GIT_SHA', f.sha],
    ['SEMAPHORE_GIT_COMMIT_RANGE', h.commitRange],
    ['SEMAPHORE_GIT_COMMIT_AUTHOR', h.author],
    ['SEMAPHORE_GIT_COMMITTER', h.author],
    ['SEMAPHORE_WORKFLOW_TRIGGERED_BY', h.author],
    ['SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK', String(f.triggeredBy === 'HOOK')],
    ['SEMAPHORE_WORKFLOW_TRIGGERED_BY_API', String(f.triggeredBy === 'API')],
    ['SEMAPHORE_WORKFLOW_TRIGGERED_BY_MANUAL_RUN', 'false'],
    ...refVariables(f),
  ];
  return [...vars, ...Object.entries(h.parameters)].map(([name, value]) => ({ name, value }));
}

function refVariables(f: ProjectRunFacts): Array<[string, string]> {
  const h = f.hook;
  if (f.refKind === 'tag') return [['SEMAPHORE_GIT_REF_TYPE', 'tag'], ['SEMAPHORE_GIT_REF', `refs/tags/${h.tag}`], ['SEMAPHORE_GIT_TAG_NAME', h.tag], ['SEMAPHORE_GIT_BRANCH', h.tag]];
  if (f.refKind === 'pull_request') {
    return [
      ['SEMAPHORE_GIT_REF_TYPE', 'pull-request'],
      ['SEMAPHORE_GIT_REF', `refs/pull/${h.prNumber}`],
      ['SEMAPHORE_GIT_BRANCH', h.branch],
      ['SEMAPHORE_GIT_WORKING_BRANCH', h.prBranch],
      ['SEMAPHORE_GIT_PR_BRANCH', h.prBranch],
      ['SEMAPHORE_GIT_PR_NUMBER', h.prNumber],
      ['SEMAPHORE_GIT_PR_NAME', h.prName],
      ['SEMAPHORE_GIT_PR_SHA', h.prSha || f.sha],
      ['SEMAPHORE_GIT_PR_SLUG', h.prSlug],
    ];
  }
  return [['SEMAPHORE_GIT_REF_TYPE', 'branch'], ['SEMAPHORE_GIT_REF', `refs/heads/${h.branch}`], ['SEMAPHORE_GIT_BRANCH', h.branch], ['SEMAPHORE_GIT_WORKING_BRANCH', h.branch]];
}

/** The refs `checkout` fetches when the server will not serve the commit by SHA (protocol v0). */
function fetchRefs(f: ProjectRunFacts): string[] {
  if (f.refKind === 'tag') return [`refs/tags/${f.hook.tag}`];
  if (f.refKind === 'pull_request') return [`refs/pull/${f.hook.prNumber}/head`, `refs/merge-requests/${f.hook.prNumber}/head`];
  return [`refs/heads/${f.hook.branch}`];
}

function credentialSecrets(dir: string, credential: GitCredential): ResolvedSecret[] {
  if (credential.kind === 'none') return [];
  const files =
    credential.kind === 'ssh_key'
      ? [{ path: `${dir}/${SSH_KEY_FILE}`, content: base64(credential.sshKey.endsWith('\n') ? credential.sshKey : `${credential.sshKey}\n`), mode: '0600' }]
      : [
          { path: `${dir}/${TOKEN_FILE}`, content: base64(credential.token), mode: '0600' },
          { path: `${dir}/${TOKEN_USER_FILE}`, content: base64(credential.username ?? DEFAULT_TOKEN_USERNAME), mode: '0600' },
        ];
  return [{ name: CREDENTIALS_SECRET_NAME, envVars: [], files }];
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
