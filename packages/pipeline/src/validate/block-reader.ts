// `blocks[]` (pipeline-yaml.md#blocks): name, dependencies, task, skip, run, execution_time_limit, partial_rerun.

import { MAX_BLOCKS_PER_PIPELINE } from '../limits.js';
import type { BlockDef, DependenciesDef, PartialRerun } from './model.js';
import { defined, optional, readList, readMap, readNonEmptyString, readString, report, type Reader, type Slot } from './reader.js';
import { readTask } from './task-reader.js';
import { readTimeLimit } from './time-limit-reader.js';
import { readWhenHolder } from './when-reader.js';

const BLOCK_KEYS = ['name', 'dependencies', 'task', 'skip', 'run', 'execution_time_limit', 'partial_rerun'] as const;

export function readBlocks(reader: Reader, slot: Slot): BlockDef[] {
  const items = readList(reader, slot, 'a list of blocks');
  if (items === undefined) return [];
  if (items.length === 0) report(reader, slot.anchor, slot.path, '`blocks` must list at least one block');
  if (items.length > MAX_BLOCKS_PER_PIPELINE) {
    report(reader, slot.anchor, slot.path, `a pipeline may have at most ${MAX_BLOCKS_PER_PIPELINE} blocks; this one has ${items.length}`);
  }
  return items.map((item) => readBlock(reader, item)).filter((block): block is BlockDef => block !== undefined);
}

function readBlock(reader: Reader, slot: Slot): BlockDef | undefined {
  const fields = readMap(reader, slot, {
    known: BLOCK_KEYS,
    required: { task: 'a block needs a `task` with its `jobs`' },
    noun: 'a map with the block\'s `name` and `task`',
  });
  if (fields === undefined) return undefined;
  const get = (key: (typeof BLOCK_KEYS)[number]): Slot | undefined => fields.get(key);
  const block: BlockDef = { slot };
  const name = optional(get('name'), (nameSlot) => readNonEmptyString(reader, nameSlot, 'a non-empty string'));
  const dependencies = optional(get('dependencies'), (dependenciesSlot) => readDependencies(reader, dependenciesSlot));
  const task = optional(get('task'), (taskSlot) => readTask(reader, taskSlot));
  const timeLimit = optional(get('execution_time_limit'), (limitSlot) => readTimeLimit(reader, limitSlot));
  const partialRerun = optional(get('partial_rerun'), (rerunSlot) => readPartialRerun(reader, rerunSlot));
  const skip = optional(get('skip'), (skipSlot) => readWhenHolder(reader, skipSlot));
  const runSlot = get('run');
  if (runSlot !== undefined && get('skip') !== undefined) {
    report(reader, runSlot.anchor, runSlot.path, 'a block takes `skip` or `run`, not both');
  }
  const run = get('skip') === undefined ? optional(runSlot, (slotOfRun) => readWhenHolder(reader, slotOfRun)) : undefined;
  return Object.assign(block, defined({ name, dependencies, task, timeLimit, partialRerun, skip, run }));
}

function readDependencies(reader: Reader, slot: Slot): DependenciesDef | undefined {
  const items = readList(reader, slot, 'a list of block names, e.g. dependencies: [Build]');
  if (items === undefined) return undefined;
  const names: DependenciesDef['names'] = [];
  for (const item of items) {
    const name = readString(reader, item, 'the name of a block');
    if (name !== undefined) names.push({ name, slot: item });
  }
  return { names, slot };
}

export function readPartialRerun(reader: Reader, slot: Slot): PartialRerun | undefined {
  const value = readString(reader, slot, '`jobs` or `block`');
  if (value === undefined || value === 'jobs' || value === 'block') return value;
  report(reader, slot.anchor, slot.path, `\`partial_rerun\` must be \`jobs\` or \`block\`; found "${value}"`);
  return undefined;
}
