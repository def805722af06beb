/**
 * What a run of a project knows besides its commit, kept with its hook row (project_hooks.details) and read again when
 * each block's jobs are made: the SEMAPHORE_GIT_* variables of reference/env-vars.md come from here.
 */
export interface HookDetails {
  /** The branch; for a pull request the branch it targets (SEMAPHORE_GIT_BRANCH). */
  branch: string;
  tag: string;
  prNumber: string;
  /** The pull request's own branch (SEMAPHORE_GIT_PR_BRANCH, SEMAPHORE_GIT_WORKING_BRANCH). */
  prBranch: string;
  /** The head commit of the pull request. */
  prSha: string;
  prName: string;
  /** owner/repo the pull request comes from. */
  prSlug: string;
  /** `before...after` of a push, `base...head` of a pull request; '' when unknown. */
  commitRange: string;
  /** The forge user who pushed (or opened the pull request); the commit's author name for API runs. */
  author: string;
  /** owner/repo as the forge names the repository; '' to take it from the URL. */
  repoSlug: string;
  /** github, gitlab or gitea for webhook runs; '' for API runs. */
  provider: string;
  /** Parameters of an API run: environment variables of every job of the initial pipeline. */
  parameters: Record<string, string>;
}

export function emptyHookDetails(): HookDetails {
  return { branch: '', tag: '', prNumber: '', prBranch: '', prSha: '', prName: '', prSlug: '', commitRange: '', author: '', repoSlug: '', provider: '', parameters: {} };
}

export function parseHookDetails(text: string): HookDetails {
  return { ...emptyHookDetails(), ...(JSON.parse(text) as Partial<HookDetails>) };
}
