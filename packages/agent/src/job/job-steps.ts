import { posix } from 'node:path';
import type { JobCommand, JobEnvVar, JobFile } from '@outpost/protocol';
import type { HostEnvVar } from '../config/config-policy.js';

/**
 * The pure parts of running a job the way the official shell executor does (spec §3.2–3.3): base64 decoding,
 * the environment file, file paths and modes, the hook commands and their warning lines.
 */

/** Go's base64.StdEncoding: padding required, \r and \n ignored, anything else outside the alphabet is an error. */
export function decodeBase64Strict(text: string): Buffer | null {
  const clean = text.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  return Buffer.from(clean, 'base64');
}

export interface EnvVar {
  name: string;
  value: string;
}

/** Job variables decoded, the agent's env-vars on top (they win), sorted by name; null when a value is not base64. */
export function jobEnvironment(jobVars: readonly JobEnvVar[], hostVars: readonly HostEnvVar[]): EnvVar[] | null {
  const env = new Map<string, string>();
  for (const v of jobVars) {
    const decoded = decodeBase64Strict(v.value);
    if (decoded === null) return null;
    env.set(v.name, decoded.toString('utf8'));
  }
  for (const v of hostVars) env.set(v.name, v.value);
  return [...env.keys()].sort(compareBytes).map((name) => ({ name, value: env.get(name) ?? '' }));
}

/** Go's sort.Strings order (bytewise), not the locale's. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** One `export NAME=value` line per variable, values quoted so spaces, quotes and `$PATH` stay literal. */
export function envFileContent(vars: readonly EnvVar[]): string {
  return vars.map((v) => `export ${v.name}=${shellQuote(v.value)}\n`).join('');
}

/** The official agent's quoting: bare when only safe characters, else single quotes with ' → '"'"'. */
export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** Absolute stays; a leading ~ has every ~ replaced by the home directory; anything else is under home. */
export function normaliseFilePath(path: string, home: string): string {
  if (posix.isAbsolute(path)) return path;
  if (path.startsWith('~')) return path.replaceAll('~', home);
  return posix.join(home, path);
}

/** Go's strconv.ParseUint(mode, 8, 32); chmod takes the permission bits only (FileMode.Perm). */
export function parseFileMode(mode: string): number | null {
  if (!/^[0-7]+$/.test(mode)) return null;
  const value = Number.parseInt(mode, 8);
  if (value > 0xffffffff) return null;
  return value & 0o777;
}

export function fileModeProblem(mode: string): string {
  return `bad file permission '${mode}'`;
}

export interface HookOptions {
  preJobHookPath: string;
  postJobHookPath: string;
  sourcePreJobHook: boolean;
  failOnPreJobHookError: boolean;
}

export const PRE_JOB_HOOK_WARNING = {
  fail: 'The agent is configured to fail the job if the pre-job hook fails.',
  proceed: 'The agent is configured to proceed with the job even if the pre-job hook fails.',
} as const;

/** `source <path>` keeps the hook's exports in the job's shell; `bash <path>` runs it apart. */
export function preJobHookCommand(hooks: HookOptions): JobCommand & { warning: string } {
  return {
    directive: `${hooks.sourcePreJobHook ? 'source' : 'bash'} ${hooks.preJobHookPath}`,
    alias: 'Running the pre-job hook configured in the agent',
    warning: hooks.failOnPreJobHookError ? PRE_JOB_HOOK_WARNING.fail : PRE_JOB_HOOK_WARNING.proceed,
  };
}

export function postJobHookCommand(hooks: HookOptions): JobCommand {
  return { directive: `bash ${hooks.postJobHookPath}`, alias: 'Running the post-job hook configured in the agent' };
}

/** A file of the job request with its target path resolved. */
export interface PlannedFile {
  file: JobFile;
  path: string;
}

export function planFiles(files: readonly JobFile[], home: string): PlannedFile[] {
  return files.map((file) => ({ file, path: normaliseFilePath(file.path, home) }));
}
