// `task` (pipeline-yaml.md#task) and its `jobs` (#jobs): name, commands, env_vars, priority, matrix,
// parallelism, execution_time_limit.

import { MIN_PARALLELISM } from '../limits.js';
import { readAgent } from './agent-reader.js';
import { COMMANDS_FILE_REFUSED, readCommands, readEnvVarName, readEnvVars, readJobConfig, readPriority } from './job-config-reader.js';
import type { JobDef, MatrixAxisDef, TaskDef } from './model.js';
import { readInteger, readList, readMap, readNonEmptyString, readStringList, report, type Reader, type Slot } from './reader.js';
import { readTimeLimit } from './time-limit-reader.js';

const TASK_KEYS = ['jobs', 'agent', 'prologue', 'epilogue', 'env_vars', 'secrets'] as const;
const JOB_KEYS = ['name', 'commands', 'env_vars', 'priority', 'matrix', 'parallelism', 'execution_time_limit'] as const;

export function readTask(reader: Reader, slot: Slot): TaskDef | undefined {
  const fields = readMap(reader, slot, {
    known: TASK_KEYS,
    required: { jobs: '`task` needs `jobs`, a list of jobs with their commands' },
  });
  if (fields === undefined) return undefined;
  const agentSlot = fields.get('agent');
  const jobsSlot = fields.get('jobs');
  const agent = agentSlot && readAgent(reader, agentSlot);
  const jobs = jobsSlot && readJobs(reader, jobsSlot);
  const task: TaskDef = { ...readJobConfig(reader, fields), jobs: jobs ?? [], slot };
  return agent === undefined ? task : { ...task, agent };
}

function readJobs(reader: Reader, slot: Slot): JobDef[] | undefined {
  const items = readList(reader, slot, 'a list of jobs');
  if (items === undefined) return undefined;
  if (items.length === 0) report(reader, slot.anchor, slot.path, '`jobs` must list at least one job');
  return items.map((item) => readJob(reader, item)).filter((job): job is JobDef => job !== undefined);
}

function readJob(reader: Reader, slot: Slot): JobDef | undefined {
  const fields = readMap(reader, slot, {
    known: JOB_KEYS,
    required: { commands: 'a job needs `commands`, a list of shell commands' },
    refused: { commands_file: COMMANDS_FILE_REFUSED },
    noun: 'a map with the job\'s `name` and `commands`',
  });
  if (fields === undefined) return undefined;
  const get = (key: (typeof JOB_KEYS)[number]): Slot | undefined => fields.get(key);
  const nameSlot = get('name');
  const commandsSlot = get('commands');
  const envVarsSlot = get('env_vars');
  const prioritySlot = get('priority');
  const limitSlot = get('execution_time_limit');
  const name = nameSlot && readNonEmptyString(reader, nameSlot, 'a non-empty string');
  const commands = commandsSlot && readCommands(reader, commandsSlot);
  const job: JobDef = {
    commands: commands ?? [],
    envVars: (envVarsSlot && readEnvVars(reader, envVarsSlot)) ?? [],
    priority: (prioritySlot && readPriority(reader, prioritySlot)) ?? [],
    slot,
  };
  const timeLimit = limitSlot && readTimeLimit(reader, limitSlot);
  const expansion = readExpansion(reader, get('matrix'), get('parallelism'));
  if (name !== undefined) job.name = name;
  if (timeLimit !== undefined) job.timeLimit = timeLimit;
  return { ...job, ...expansion };
}

function readExpansion(reader: Reader, matrixSlot: Slot | undefined, parallelismSlot: Slot | undefined): Pick<JobDef, 'matrix' | 'parallelism'> {
  if (matrixSlot !== undefined && parallelismSlot !== undefined) {
    report(reader, parallelismSlot.anchor, parallelismSlot.path,
      'a job takes `matrix` or `parallelism`, not both; parallelism is a matrix over SEMAPHORE_JOB_INDEX');
    return {};
  }
  if (parallelismSlot !== undefined) {
    const parallelism = readParallelism(reader, parallelismSlot);
    return parallelism === undefined ? {} : { parallelism };
  }
  if (matrixSlot !== undefined) {
    const matrix = readMatrix(reader, matrixSlot);
    return matrix === undefined ? {} : { matrix };
  }
  return {};
}

function readParallelism(reader: Reader, slot: Slot): number | undefined {
  const noun = `a whole number of jobs, at least ${MIN_PARALLELISM}`;
  const value = readInteger(reader, slot, noun);
  if (value === undefined || value >= MIN_PARALLELISM) return value;
  report(reader, slot.anchor, slot.path, `\`parallelism\` must be ${noun}; found ${value}`);
  return undefined;
}

function readMatrix(reader: Reader, slot: Slot): MatrixAxisDef[] | undefined {
  const items = readList(reader, slot, 'a list of { env_var, values } axes');
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(reader, slot.anchor, slot.path, '`matrix` must list at least one { env_var, values } axis');
    return undefined;
  }
  const axes: MatrixAxisDef[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const axis = readMatrixAxis(reader, item);
    if (axis === undefined) continue;
    if (seen.has(axis.envVar)) {
      report(reader, item.anchor, item.path, `the matrix sets ${axis.envVar} twice; each env_var may appear once`);
      continue;
    }
    seen.add(axis.envVar);
    axes.push(axis);
  }
  return axes.length === items.length ? axes : undefined;
}

function readMatrixAxis(reader: Reader, slot: Slot): MatrixAxisDef | undefined {
  const fields = readMap(reader, slot, {
    known: ['env_var', 'values'],
    required: { env_var: 'a matrix axis needs an `env_var`', values: 'a matrix axis needs `values`, a list of strings' },
    noun: 'a map with `env_var` and `values`, e.g. { env_var: NODE, values: ["20", "22"] }',
  });
  const envVarSlot = fields?.get('env_var');
  const valuesSlot = fields?.get('values');
  const envVar = envVarSlot && readEnvVarName(reader, envVarSlot);
  const values = valuesSlot && readStringList(reader, valuesSlot, 'a non-empty list of strings');
  if (valuesSlot !== undefined && values?.length === 0) {
    report(reader, valuesSlot.anchor, valuesSlot.path, '`values` must be a non-empty list of strings; found an empty list');
    return undefined;
  }
  return envVar === undefined || values === undefined ? undefined : { envVar, values };
}
