// The settings a task and `global_job_config` share: prologue, epilogue, env_vars, secrets, priority
// (pipeline-yaml.md#task, #global-job-config). Also used by jobs for env_vars and priority.

import { MAX_JOB_PRIORITY, MIN_JOB_PRIORITY } from '../limits.js';
import type { EnvVar } from '../plan.js';
import { EMPTY_EPILOGUE, type EpilogueDef, type JobConfigDef, type PriorityRuleDef } from './model.js';
import { readInteger, readList, readMap, readNonEmptyString, readString, readStringList, report, type Reader, type Slot } from './reader.js';
import { readWhen } from './when-reader.js';

export const COMMANDS_FILE_REFUSED =
  'commands_file is not supported yet: Outpost reads the pipeline file only, not the files beside it; list the commands under `commands`';

/** A POSIX shell variable name: the agent exports each env var, and a shell refuses any other name. */
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readJobConfig(reader: Reader, fields: Map<string, Slot> | undefined): JobConfigDef {
  const prologue = fields?.get('prologue');
  const epilogue = fields?.get('epilogue');
  const envVars = fields?.get('env_vars');
  const secrets = fields?.get('secrets');
  const priority = fields?.get('priority');
  return {
    prologue: (prologue && readCommandSection(reader, prologue)) ?? [],
    epilogue: (epilogue && readEpilogue(reader, epilogue)) ?? EMPTY_EPILOGUE,
    envVars: (envVars && readEnvVars(reader, envVars)) ?? [],
    secrets: (secrets && readSecrets(reader, secrets)) ?? [],
    priority: (priority && readPriority(reader, priority)) ?? [],
  };
}

/** `{ commands: [...] }`, the shape of prologue and of each epilogue part. */
export function readCommandSection(reader: Reader, slot: Slot): string[] | undefined {
  const fields = readMap(reader, slot, {
    known: ['commands'],
    required: { commands: `\`${slot.name}\` needs \`commands\`, a list of shell commands` },
    refused: { commands_file: COMMANDS_FILE_REFUSED },
    noun: `a map with \`commands\`, e.g. ${slot.name}: { commands: [checkout] }`,
  });
  const commands = fields?.get('commands');
  return commands === undefined ? undefined : readCommands(reader, commands);
}

export function readCommands(reader: Reader, slot: Slot): string[] | undefined {
  return readStringList(reader, slot, 'a list of strings, one shell command per item');
}

function readEpilogue(reader: Reader, slot: Slot): EpilogueDef | undefined {
  const fields = readMap(reader, slot, { known: ['always', 'on_pass', 'on_fail'] });
  if (fields === undefined) return undefined;
  const part = (key: string): string[] => {
    const section = fields.get(key);
    return (section && readCommandSection(reader, section)) ?? [];
  };
  return { always: part('always'), onPass: part('on_pass'), onFail: part('on_fail') };
}

export function readEnvVars(reader: Reader, slot: Slot): EnvVar[] | undefined {
  const items = readList(reader, slot, 'a list of { name, value } pairs');
  if (items === undefined) return undefined;
  const envVars: EnvVar[] = [];
  for (const item of items) {
    const fields = readMap(reader, item, {
      known: ['name', 'value'],
      required: { name: 'an env var needs a `name`', value: 'an env var needs a `value` (a string; quote numbers)' },
      noun: 'a map with `name` and `value`, e.g. { name: NODE_ENV, value: production }',
    });
    const nameSlot = fields?.get('name');
    const valueSlot = fields?.get('value');
    const name = nameSlot && readEnvVarName(reader, nameSlot);
    const value = valueSlot && readString(reader, valueSlot);
    if (name !== undefined && value !== undefined) envVars.push({ name, value });
  }
  return envVars;
}

export function readEnvVarName(reader: Reader, slot: Slot): string | undefined {
  const name = readNonEmptyString(reader, slot, 'an environment variable name');
  if (name === undefined || ENV_VAR_NAME.test(name)) return name;
  report(reader, slot.anchor, slot.path, `"${name}" is not a valid environment variable name: use letters, digits and _, not starting with a digit`);
  return undefined;
}

function readSecrets(reader: Reader, slot: Slot): string[] | undefined {
  const items = readList(reader, slot, 'a list of { name } entries, e.g. - name: aws-credentials');
  if (items === undefined) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const fields = readMap(reader, item, {
      known: ['name'],
      required: { name: 'a secret needs a `name`' },
      noun: 'a map with the secret\'s `name`, e.g. - name: aws-credentials',
    });
    const nameSlot = fields?.get('name');
    const name = nameSlot && readNonEmptyString(reader, nameSlot, 'the name of a secret');
    if (name !== undefined) names.push(name);
  }
  return names;
}

export function readPriority(reader: Reader, slot: Slot): PriorityRuleDef[] | undefined {
  const items = readList(reader, slot, 'a list of { value, when } rules');
  if (items === undefined) return undefined;
  const rules: PriorityRuleDef[] = [];
  for (const item of items) {
    const fields = readMap(reader, item, {
      known: ['value', 'when'],
      required: { value: `a priority rule needs a \`value\` from ${MIN_JOB_PRIORITY} to ${MAX_JOB_PRIORITY}`, when: 'a priority rule needs a `when` condition (true to always apply)' },
      noun: "a map with `value` and `when`, e.g. { value: 70, when: \"branch = 'master'\" }",
    });
    const valueSlot = fields?.get('value');
    const whenSlot = fields?.get('when');
    const value = valueSlot && readPriorityValue(reader, valueSlot);
    const when = whenSlot && readWhen(reader, whenSlot);
    if (value !== undefined && when !== undefined) rules.push({ value, when });
  }
  return rules;
}

function readPriorityValue(reader: Reader, slot: Slot): number | undefined {
  const noun = `a whole number from ${MIN_JOB_PRIORITY} to ${MAX_JOB_PRIORITY}`;
  const value = readInteger(reader, slot, noun);
  if (value === undefined || (value >= MIN_JOB_PRIORITY && value <= MAX_JOB_PRIORITY)) return value;
  report(reader, slot.anchor, slot.path, `\`value\` must be ${noun}; found ${value}`);
  return undefined;
}
