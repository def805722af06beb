import {
  envVarNameProblem,
  SECRET_CONTENT_MAX_BYTES,
  SECRET_DESCRIPTION_MAX_CHARS,
  SECRET_FILE_PATH_MAX_CHARS,
  secretNameProblem,
  type SecretInput,
} from '@outpost/protocol';

/**
 * What a create or update body asks for (pure). Every refusal is a sentence with the field at fault, and no refusal
 * ever quotes a value or a file's content. In an update a blank value or content means "keep what is stored under this
 * name or path" (what `get` answers is blank, so a read–edit–write keeps the values nobody touched).
 */
export interface WantedSecret {
  /** null: keep the current name (update only). */
  name: string | null;
  /** null: keep the current description (update only). */
  description: string | null;
  /** null: keep the current variables and files (an update without `data`). */
  content: WantedContent | null;
}

export interface WantedContent {
  /** value null: keep the stored value of this name. */
  envVars: Array<{ name: string; value: string | null }>;
  /** content null: keep the stored file at this path. */
  files: Array<{ path: string; content: Buffer | null }>;
}

export type SecretInputResult = { ok: true; wanted: WantedSecret } | { ok: false; problem: string; field: string };

type Refusal = { ok: false; problem: string; field: string };
const refuse = (problem: string, field: string): Refusal => ({ ok: false, problem, field });

export function readSecretInput(body: SecretInput, mode: 'create' | 'update'): SecretInputResult {
  const rawName = body.metadata?.name;
  let name: string | null = null;
  if (mode === 'create' || (rawName !== undefined && rawName !== '')) {
    const problem = secretNameProblem(rawName ?? '');
    if (problem) return refuse(problem, 'metadata.name');
    name = rawName ?? '';
  }
  const description = body.metadata?.description;
  if (description !== undefined && description.length > SECRET_DESCRIPTION_MAX_CHARS) {
    return refuse(`a description has at most ${SECRET_DESCRIPTION_MAX_CHARS} characters; this one has ${description.length}`, 'metadata.description');
  }
  if (description !== undefined && hasControlCharacter(description, true)) return refuse('the description contains a control character', 'metadata.description');
  if (body.data === undefined && mode === 'update') return { ok: true, wanted: { name, description: description ?? null, content: null } };
  const envVars = readEnvVars(body.data?.env_vars ?? [], mode);
  if (!envVars.ok) return envVars;
  const files = readFiles(body.data?.files ?? [], mode);
  if (!files.ok) return files;
  return {
    ok: true,
    wanted: { name, description: description ?? (mode === 'create' ? '' : null), content: { envVars: envVars.list, files: files.list } },
  };
}

function readEnvVars(list: ReadonlyArray<{ name: string; value?: string }>, mode: 'create' | 'update') {
  const seen = new Set<string>();
  const out: WantedContent['envVars'] = [];
  for (const [i, item] of list.entries()) {
    const field = `data.env_vars[${i}]`;
    const problem = envVarNameProblem(item.name);
    if (problem) return refuse(problem, `${field}.name`);
    if (seen.has(item.name)) return refuse(`the environment variable ${item.name} is listed twice`, `${field}.name`);
    seen.add(item.name);
    const value = item.value ?? '';
    if (value === '' && mode === 'create') return refuse(`the environment variable ${item.name} needs a value`, `${field}.value`);
    if (value.includes('\u0000')) return refuse(`the value of ${item.name} contains a NUL byte, which an environment variable cannot hold`, `${field}.value`);
    out.push({ name: item.name, value: value === '' ? null : value });
  }
  return { ok: true as const, list: out };
}

function readFiles(list: ReadonlyArray<{ path: string; content?: string }>, mode: 'create' | 'update') {
  const seen = new Set<string>();
  const out: WantedContent['files'] = [];
  for (const [i, item] of list.entries()) {
    const field = `data.files[${i}]`;
    const problem = filePathProblem(item.path);
    if (problem) return refuse(problem, `${field}.path`);
    if (seen.has(item.path)) return refuse(`the file ${item.path} is listed twice`, `${field}.path`);
    seen.add(item.path);
    const text = (item.content ?? '').replace(/\s+/g, '');
    if (text === '' && mode === 'create') return refuse(`the file ${item.path} needs content (base64)`, `${field}.content`);
    const content = text === '' ? null : decodeBase64(text);
    if (content === undefined) return refuse(`the content of ${item.path} is not valid base64`, `${field}.content`);
    out.push({ path: item.path, content });
  }
  return { ok: true as const, list: out };
}

export function filePathProblem(path: string): string | null {
  if (path.trim() === '') return 'a file needs a path';
  if (path.length > SECRET_FILE_PATH_MAX_CHARS) return `a file path has at most ${SECRET_FILE_PATH_MAX_CHARS} characters`;
  if (hasControlCharacter(path, false)) return 'a file path cannot contain control characters (newlines, tabs, NUL)';
  return null;
}

/** Strict base64 (standard alphabet, padding as needed); undefined when it is not. */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** Semaphore's limit, counted as it counts: the values' bytes plus the base64 contents' length. */
export function contentSizeProblem(content: { envVars: ReadonlyArray<{ value: string }>; files: ReadonlyArray<{ content: Buffer }> }): string | null {
  let bytes = 0;
  for (const v of content.envVars) bytes += Buffer.byteLength(v.value, 'utf8');
  for (const f of content.files) bytes += Math.ceil(f.content.length / 3) * 4;
  if (bytes <= SECRET_CONTENT_MAX_BYTES) return null;
  return `a secret holds at most ${SECRET_CONTENT_MAX_BYTES / 1024 / 1024} MiB of values and files (base64); this one has ${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function hasControlCharacter(text: string, allowNewlines: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !(allowNewlines && code === 0x0a)) || code === 0x7f) return true;
  }
  return false;
}
