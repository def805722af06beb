import {
  DEFAULT_PIPELINE_FILE,
  PROJECT_DESCRIPTION_MAX_CHARS,
  PROJECT_NAME_MAX_CHARS,
  PROJECT_RUN_ON,
  type ProjectCredentialKind,
  type ProjectInput,
  isUuid,
} from '@outpost/protocol';
import { credentialProblem, parseRepoUrl, type RepoUrl } from '../git/repo-url-policy.js';
import { parseRepoPath, refNameProblem } from '../git/ref-policy.js';
import type { GitCredential } from '../git/git-env-policy.js';

/**
 * A project document (`sem create -f project.yml`, POST/PATCH/PUT /api/v1alpha/projects) read into settings, every
 * refusal naming its field (pure). An update starts from the stored settings: what the body leaves out stays, and
 * credentials (write-only, never answered) stay unless the body sets them or says `{kind: 'none'}`.
 */
export interface ProjectSettings {
  name: string;
  description: string;
  repo: RepoUrl;
  runOn: string[];
  pipelineFile: string;
  whitelistBranches: string[];
  whitelistTags: string[];
  statusPipelineFiles: Array<{ path: string; level: string }>;
  forkedAllowedSecrets: string[];
  integrationType: string;
  /** Which credential the project has after the change. */
  credentialKind: ProjectCredentialKind;
  /** A new credential to store (null: none; undefined: keep what is stored). */
  newCredential: GitCredential | null | undefined;
}

export type StoredSettings = Omit<ProjectSettings, 'newCredential'>;
export type ProjectInputResult = { ok: true; settings: ProjectSettings } | { ok: false; field: string; problem: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TOKEN = /^[\x21-\x7e]+$/;
const USERNAME = /^[A-Za-z0-9._@-]+$/;
const PRIVATE_KEY = /^-----BEGIN ([A-Z0-9 ]+ )?PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END ([A-Z0-9 ]+ )?PRIVATE KEY-----\s*$/;
export const DEFAULT_RUN_ON = ['branches', 'tags'];

export function readProjectInput(body: ProjectInput, current: StoredSettings | null): ProjectInputResult {
  const header = headerProblem(body);
  if (header) return header;
  const repository = body.spec.repository;
  const name = body.metadata.name ?? current?.name;
  const nameProblem = projectNameProblem(name ?? '');
  if (nameProblem) return fail('metadata.name', nameProblem);
  const description = body.metadata.description ?? current?.description ?? '';
  if (description.length > PROJECT_DESCRIPTION_MAX_CHARS || description.includes('\u0000')) {
    return fail('metadata.description', `a description has at most ${PROJECT_DESCRIPTION_MAX_CHARS} characters of text`);
  }
  const url = repository.url === undefined ? current?.repo : parseRepoUrlOrProblem(repository.url);
  if (url === undefined) return fail('spec.repository.url', 'a project needs spec.repository.url, e.g. https://github.com/org/repo.git or git@github.com:org/repo.git');
  if (typeof url === 'string') return fail('spec.repository.url', url);
  const lists = readLists(repository, current);
  if (!lists.ok) return lists;
  const credentials = readCredentials(repository.credentials, url, current?.credentialKind ?? 'none');
  if (!credentials.ok) return credentials;
  const integrationType = repository.integration_type ?? current?.integrationType ?? '';
  if (!/^[A-Za-z0-9_.-]*$/.test(integrationType)) return fail('spec.repository.integration_type', 'integration_type is a word such as github_app or git');
  return {
    ok: true,
    settings: {
      name: name ?? '', description, repo: url, ...lists.value, integrationType,
      forkedAllowedSecrets: repository.forked_pull_requests?.allowed_secrets ?? current?.forkedAllowedSecrets ?? [],
      credentialKind: credentials.kind, newCredential: credentials.credential,
    },
  };
}

function headerProblem(body: ProjectInput): Extract<ProjectInputResult, { ok: false }> | null {
  if (body.apiVersion !== undefined && body.apiVersion !== 'v1alpha') return fail('apiVersion', `apiVersion must be v1alpha; got '${shown(body.apiVersion)}'`);
  if (body.kind !== undefined && body.kind !== 'Project') return fail('kind', `kind must be Project; got '${shown(body.kind)}'`);
  return null;
}

/** Letters, digits, dots, dashes and underscores, not shaped like a project id (names and ids share one path). */
export function projectNameProblem(name: string): string | null {
  if (name.length === 0) return 'a project needs metadata.name';
  if (name.length > PROJECT_NAME_MAX_CHARS) return `a project name has at most ${PROJECT_NAME_MAX_CHARS} characters`;
  if (!NAME.test(name)) return `'${shown(name)}' is not a valid project name: use letters, digits, dots, dashes and underscores, starting with a letter or digit`;
  if (isUuid(name)) return `'${name}' looks like a project id; choose a name that is not in UUID format`;
  return null;
}

function parseRepoUrlOrProblem(text: string): RepoUrl | string {
  const parsed = parseRepoUrl(text);
  return parsed.ok ? parsed.repo : parsed.problem;
}

type Lists = Pick<ProjectSettings, 'runOn' | 'pipelineFile' | 'whitelistBranches' | 'whitelistTags' | 'statusPipelineFiles'>;

function readLists(repository: ProjectInput['spec']['repository'], current: StoredSettings | null): { ok: true; value: Lists } | Extract<ProjectInputResult, { ok: false }> {
  const runOn = repository.run_on ?? current?.runOn ?? DEFAULT_RUN_ON;
  for (const [i, value] of runOn.entries()) {
    if (value === 'forked_pull_requests') {
      return fail(`spec.repository.run_on[${i}]`, 'forked_pull_requests is not supported: a fork would get the project\'s secrets and repository credentials');
    }
    if (!(PROJECT_RUN_ON as readonly string[]).includes(value)) return fail(`spec.repository.run_on[${i}]`, `'${shown(value)}' is not a run_on value; use branches, tags, pull_requests or draft_pull_requests`);
  }
  const file = parseRepoPath(repository.pipeline_file ?? current?.pipelineFile ?? DEFAULT_PIPELINE_FILE);
  if (!file.ok) return fail('spec.repository.pipeline_file', file.problem);
  const branches = repository.whitelist?.branches ?? current?.whitelistBranches ?? [];
  const tags = repository.whitelist?.tags ?? current?.whitelistTags ?? [];
  for (const [field, list, kind] of [['branches', branches, 'branch'], ['tags', tags, 'tag']] as const) {
    for (const [i, entry] of list.entries()) {
      const problem = whitelistEntryProblem(entry, kind);
      if (problem) return fail(`spec.repository.whitelist.${field}[${i}]`, problem);
    }
  }
  const status = repository.status === null ? undefined : repository.status?.pipeline_files;
  const statusFiles = status ?? current?.statusPipelineFiles ?? [{ path: file.path, level: 'pipeline' }];
  for (const [i, entry] of statusFiles.entries()) {
    const path = parseRepoPath(entry.path);
    if (!path.ok) return fail(`spec.repository.status.pipeline_files[${i}].path`, path.problem);
    if (entry.level !== 'pipeline' && entry.level !== 'block') return fail(`spec.repository.status.pipeline_files[${i}].level`, "level must be 'pipeline' or 'block'");
  }
  return { ok: true, value: { runOn: [...new Set(runOn)], pipelineFile: file.path, whitelistBranches: branches, whitelistTags: tags, statusPipelineFiles: statusFiles } };
}

/** A name, or a regular expression between slashes (`/^release-.*$/`), as Semaphore's whitelist takes them. */
export function whitelistEntryProblem(entry: string, kind: 'branch' | 'tag'): string | null {
  if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) {
    try {
      new RegExp(entry.slice(1, -1));
      return null;
    } catch (error) {
      return `'${shown(entry)}' is not a valid regular expression: ${(error as Error).message}`;
    }
  }
  return refNameProblem(entry, kind);
}

type CredentialRead = { ok: true; kind: ProjectCredentialKind; credential: GitCredential | null | undefined } | Extract<ProjectInputResult, { ok: false }>;

function readCredentials(input: ProjectInput['spec']['repository']['credentials'], repo: RepoUrl, currentKind: ProjectCredentialKind): CredentialRead {
  const field = 'spec.repository.credentials';
  if (input === undefined) {
    const kept = credentialProblem(repo, currentKind);
    return kept ? fail(field, `${kept} (the project keeps its ${currentKind}; set credentials to {kind: none} or to one that fits)`) : { ok: true, kind: currentKind, credential: undefined };
  }
  const problem = credentialProblem(repo, input.kind);
  if (problem) return fail(field, problem);
  if (input.kind === 'none') return { ok: true, kind: 'none', credential: null };
  if (input.kind === 'ssh_key') {
    if (!PRIVATE_KEY.test(input.ssh_key)) return fail(`${field}.ssh_key`, 'ssh_key must be a private key in OpenSSH or PEM form (-----BEGIN … PRIVATE KEY-----), without a passphrase');
    if (/ENCRYPTED/.test(input.ssh_key.split('\n', 3).join('\n'))) return fail(`${field}.ssh_key`, 'ssh_key has a passphrase; give a deploy key without one');
    return { ok: true, kind: 'ssh_key', credential: { kind: 'ssh_key', sshKey: input.ssh_key } };
  }
  if (!TOKEN.test(input.token)) return fail(`${field}.token`, 'a token is one word of printable characters');
  if (input.username !== undefined && !USERNAME.test(input.username)) return fail(`${field}.username`, 'a user name is letters, digits, dots, dashes, underscores and @');
  return { ok: true, kind: 'token', credential: { kind: 'token', token: input.token, ...(input.username ? { username: input.username } : {}) } };
}

function fail(field: string, problem: string): Extract<ProjectInputResult, { ok: false }> {
  return { ok: false, field, problem };
}

function shown(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  return cut.replace(/[\u0000-\u001f\u007f]/g, '?');
}
