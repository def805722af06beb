import { envVarNameProblem, SECRET_MASK_MIN_CHARS, secretNameProblem, type Secret, type SecretInput } from '@outpost/protocol';
import { sentence } from '../../format/sentence.js';

/**
 * The secret form as data (pure): rows of variables and files, what is sent, and which row a server error points at.
 * Values are write-only: a row loaded from a secret has `stored` set and a blank value, which the hub reads as "keep".
 * Renaming a stored row makes it new, so it needs a value again.
 */
export interface EnvRow {
  key: number;
  name: string;
  value: string;
  /** The name this row had when loaded; a blank value keeps the value stored under it. */
  storedName: string | null;
}

export interface FileRow {
  key: number;
  path: string;
  /** Base64 of a chosen file; null keeps the stored content (or, for a new row, none was chosen yet). */
  content: string | null;
  fileName: string;
  bytes: number;
  storedPath: string | null;
}

export interface SecretFormState {
  name: string;
  description: string;
  envVars: EnvRow[];
  files: FileRow[];
  nextKey: number;
}

export type FieldErrors = Record<string, string>;

export const envField = (row: EnvRow, part: 'name' | 'value') => `env.${row.key}.${part}`;
export const fileField = (row: FileRow, part: 'path' | 'content') => `file.${row.key}.${part}`;

export function emptyForm(): SecretFormState {
  return { name: '', description: '', envVars: [blankEnv(0)], files: [], nextKey: 1 };
}

export const blankEnv = (key: number): EnvRow => ({ key, name: '', value: '', storedName: null });
export const blankFile = (key: number): FileRow => ({ key, path: '', content: null, fileName: '', bytes: 0, storedPath: null });

export function formFromSecret(secret: Secret): SecretFormState {
  let key = 0;
  const envVars = secret.data.env_vars.map((v) => ({ key: key++, name: v.name, value: '', storedName: v.name }));
  const files = secret.data.files.map((f) => ({ key: key++, path: f.path, content: null, fileName: '', bytes: 0, storedPath: f.path }));
  return { name: secret.metadata.name, description: secret.metadata.description, envVars, files, nextKey: key };
}

/** Rows that are sent: a new variable row left entirely blank is ignored (the form starts with one). */
export function submittedEnv(state: SecretFormState): EnvRow[] {
  return state.envVars.filter((row) => row.storedName !== null || row.name.trim() !== '' || row.value !== '');
}

export function submittedFiles(state: SecretFormState): FileRow[] {
  return state.files.filter((row) => row.storedPath !== null || row.path.trim() !== '' || row.content !== null);
}

const keeps = (row: EnvRow) => row.storedName !== null && row.storedName === row.name.trim();
const keepsFile = (row: FileRow) => row.storedPath !== null && row.storedPath === row.path.trim();

/** What the browser can check before asking the hub (which checks everything again). */
export function localProblems(state: SecretFormState): FieldErrors {
  const problems: FieldErrors = {};
  const nameProblem = secretNameProblem(state.name.trim());
  if (nameProblem) problems.name = sentence(nameProblem);
  const names = new Set<string>();
  for (const row of submittedEnv(state)) {
    const name = row.name.trim();
    const problem = envVarNameProblem(name);
    if (problem) problems[envField(row, 'name')] = sentence(problem);
    else if (names.has(name)) problems[envField(row, 'name')] = `${name} is already in this secret.`;
    names.add(name);
    if (row.value === '' && !keeps(row)) problems[envField(row, 'value')] = 'Enter a value.';
  }
  const paths = new Set<string>();
  for (const row of submittedFiles(state)) {
    const path = row.path.trim();
    if (path === '') problems[fileField(row, 'path')] = 'Enter the path the file gets in the job, e.g. .ssh/id_rsa.';
    else if (paths.has(path)) problems[fileField(row, 'path')] = `${path} is already in this secret.`;
    paths.add(path);
    if (row.content === null && !keepsFile(row)) problems[fileField(row, 'content')] = 'Choose a file.';
  }
  return problems;
}

export function formToInput(state: SecretFormState): SecretInput {
  return {
    metadata: { name: state.name.trim(), description: state.description.trim() },
    data: {
      env_vars: submittedEnv(state).map((row) => ({ name: row.name.trim(), value: row.value })),
      files: submittedFiles(state).map((row) => ({ path: row.path.trim(), content: row.content ?? '' })),
    },
  };
}

/** The form field a hub error names (`data.env_vars[2].value` → the third sent variable's value). */
export function fieldOfError(field: string | undefined, state: SecretFormState): string {
  if (field === 'metadata.name') return 'name';
  if (field === 'metadata.description') return 'description';
  const env = /^data\.env_vars\[(\d+)\]\.(name|value)$/.exec(field ?? '');
  const envRow = env ? submittedEnv(state)[Number(env[1])] : undefined;
  if (env && envRow) return envField(envRow, env[2] as 'name' | 'value');
  const file = /^data\.files\[(\d+)\]\.(path|content)$/.exec(field ?? '');
  const fileRow = file ? submittedFiles(state)[Number(file[1])] : undefined;
  if (file && fileRow) return fileField(fileRow, file[2] as 'path' | 'content');
  return 'form';
}

/** A new value too short to be masked in job logs (the hub's rule), so the form can say so. */
export function isTooShortToMask(value: string): boolean {
  return value.trim() !== '' && value.trim().length < SECRET_MASK_MIN_CHARS;
}


/** Row edits (pure): each returns the next state. */
export const changeEnv = (state: SecretFormState, key: number, patch: Partial<EnvRow>): SecretFormState => ({ ...state, envVars: state.envVars.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
export const changeFile = (state: SecretFormState, key: number, patch: Partial<FileRow>): SecretFormState => ({ ...state, files: state.files.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
export const addEnv = (state: SecretFormState): SecretFormState => ({ ...state, envVars: [...state.envVars, blankEnv(state.nextKey)], nextKey: state.nextKey + 1 });
export const addFile = (state: SecretFormState): SecretFormState => ({ ...state, files: [...state.files, blankFile(state.nextKey)], nextKey: state.nextKey + 1 });
export const removeEnv = (state: SecretFormState, key: number): SecretFormState => ({ ...state, envVars: state.envVars.filter((r) => r.key !== key) });
export const removeFile = (state: SecretFormState, key: number): SecretFormState => ({ ...state, files: state.files.filter((r) => r.key !== key) });
