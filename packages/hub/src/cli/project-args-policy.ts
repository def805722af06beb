import type { Project, ProjectCredentialsInput, ProjectInput } from '@outpost/protocol';

/**
 * The `outpost projects` and `outpost workflows` arguments (pure): flags to a project document, and a branch, tag or
 * pull request to Semaphore's reference. A token is read from an environment variable named by --token-env and a
 * deploy key from a file, so neither is in the process list or shell history.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface ProjectFlags {
  url?: string;
  description?: string;
  pipelineFile?: string;
  runOn?: string;
  branches?: string;
  tags?: string;
  /** The deploy key's text (read from --deploy-key-file by the command). */
  deployKey?: string;
  /** The name of the environment variable holding the token. */
  tokenEnv?: string;
  tokenUser?: string;
  /** --no-credentials: remove what is set. */
  credentials?: boolean;
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The document to send: `base` (the current project for an update) with what the flags change. */
export function projectDocument(name: string, flags: ProjectFlags, env: Record<string, string | undefined>, base?: Project): Parsed<ProjectInput> {
  const credentials = credentialsFrom(flags, env);
  if (!credentials.ok) return credentials;
  const repo = base?.spec.repository;
  const url = flags.url ?? repo?.url;
  if (!url) return { ok: false, problem: '--url is required: the repository, e.g. https://github.com/org/repo.git, git@github.com:org/repo.git or file:///srv/git/repo.git' };
  const whitelist = flags.branches !== undefined || flags.tags !== undefined || repo
    ? { whitelist: { branches: flags.branches !== undefined ? list(flags.branches) : (repo?.whitelist.branches ?? []), tags: flags.tags !== undefined ? list(flags.tags) : (repo?.whitelist.tags ?? []) } }
    : {};
  return {
    ok: true,
    value: {
      apiVersion: 'v1alpha',
      kind: 'Project',
      metadata: { name, ...(base ? { id: base.metadata.id } : {}), ...(flags.description !== undefined ? { description: flags.description } : {}) },
      spec: {
        repository: {
          url,
          ...(flags.runOn !== undefined ? { run_on: list(flags.runOn) } : repo ? { run_on: repo.run_on } : {}),
          ...(flags.pipelineFile !== undefined ? { pipeline_file: flags.pipelineFile } : repo ? { pipeline_file: repo.pipeline_file } : {}),
          ...whitelist,
          ...(credentials.value ? { credentials: credentials.value } : {}),
        },
      },
    },
  };
}

function credentialsFrom(flags: ProjectFlags, env: Record<string, string | undefined>): Parsed<ProjectCredentialsInput | null> {
  const given = [flags.deployKey !== undefined, flags.tokenEnv !== undefined, flags.credentials === false].filter(Boolean).length;
  if (given > 1) return { ok: false, problem: 'give one of --deploy-key-file, --token-env and --no-credentials' };
  if (flags.credentials === false) return { ok: true, value: { kind: 'none' } };
  if (flags.deployKey !== undefined) return { ok: true, value: { kind: 'ssh_key', ssh_key: flags.deployKey } };
  if (flags.tokenEnv !== undefined) {
    const token = env[flags.tokenEnv];
    if (!token) return { ok: false, problem: `--token-env ${flags.tokenEnv}: set ${flags.tokenEnv} in this shell's environment to the token` };
    return { ok: true, value: { kind: 'token', token, ...(flags.tokenUser ? { username: flags.tokenUser } : {}) } };
  }
  if (flags.tokenUser !== undefined) return { ok: false, problem: '--token-user goes with --token-env' };
  return { ok: true, value: null };
}

/** --branch B, --tag T or --pull-request N as Semaphore's `reference`; a branch when none is given is refused. */
export function referenceOf(flags: { branch?: string; tag?: string; pullRequest?: string }): Parsed<string> {
  const given = [flags.branch, flags.tag, flags.pullRequest].filter((v) => v !== undefined);
  if (given.length !== 1) return { ok: false, problem: 'give one of --branch, --tag and --pull-request' };
  if (flags.branch !== undefined) return { ok: true, value: `refs/heads/${flags.branch}` };
  if (flags.tag !== undefined) return { ok: true, value: `refs/tags/${flags.tag}` };
  return { ok: true, value: `refs/pull/${flags.pullRequest}` };
}

/** --param NAME=VALUE (repeatable) as the run's parameters. */
export function parametersOf(args: readonly string[]): Parsed<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) return { ok: false, problem: `--param ${arg}: give NAME=VALUE` };
    out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return { ok: true, value: out };
}
