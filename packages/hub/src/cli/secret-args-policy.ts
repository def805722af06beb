import type { Secret, SecretInput } from '@outpost/protocol';

/**
 * The `outpost secrets` arguments (pure): `-e NAME=VALUE` (or `-e NAME`, taking the value from the CLI's own
 * environment so it stays out of the process list and shell history), `-f LOCAL:REMOTE` (sem's form), and the body of
 * an update that changes only what the command names: every other variable and file is sent back blank, which the hub
 * reads as "keep".
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseEnvArg(arg: string, env: Record<string, string | undefined>): Parsed<{ name: string; value: string }> {
  const eq = arg.indexOf('=');
  if (eq === -1) {
    const value = env[arg];
    if (value === undefined || value === '') return { ok: false, problem: `-e ${arg}: give NAME=VALUE, or set ${arg} in this shell's environment to pass its value` };
    return { ok: true, value: { name: arg, value } };
  }
  const name = arg.slice(0, eq);
  if (name === '') return { ok: false, problem: `-e ${arg.slice(0, 1)}…: the variable needs a name before the =` };
  return { ok: true, value: { name, value: arg.slice(eq + 1) } };
}

export function parseFileArg(arg: string): Parsed<{ local: string; remote: string }> {
  const colon = arg.indexOf(':');
  if (colon <= 0 || colon === arg.length - 1) return { ok: false, problem: `-f ${arg}: give LOCAL_PATH:PATH_IN_JOB, e.g. -f ~/.ssh/id_rsa:.ssh/id_rsa` };
  return { ok: true, value: { local: arg.slice(0, colon), remote: arg.slice(colon + 1) } };
}

export interface SecretChanges {
  rename?: string;
  description?: string;
  setEnv: Array<{ name: string; value: string }>;
  /** Content base64. */
  setFiles: Array<{ path: string; content: string }>;
  removeEnv: string[];
  removeFiles: string[];
}

/** The PATCH body: current names and paths kept (blank), the named ones set or removed. */
export function updateBody(current: Secret, changes: SecretChanges): SecretInput {
  const env = new Map(current.data.env_vars.map((v) => [v.name, '']));
  for (const name of changes.removeEnv) env.delete(name);
  for (const v of changes.setEnv) env.set(v.name, v.value);
  const files = new Map(current.data.files.map((f) => [f.path, '']));
  for (const path of changes.removeFiles) files.delete(path);
  for (const f of changes.setFiles) files.set(f.path, f.content);
  return {
    metadata: { name: changes.rename ?? current.metadata.name, ...(changes.description !== undefined ? { description: changes.description } : {}) },
    data: { env_vars: [...env].map(([name, value]) => ({ name, value })), files: [...files].map(([path, content]) => ({ path, content })) },
  };
}
