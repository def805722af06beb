// The top level of a pipeline file (pipeline-yaml.md): version, name, agent, blocks, after_pipeline,
// execution_time_limit, global_job_config, fail_fast, auto_cancel, queue, partial_rerun.

import { isScalar, isSeq } from 'yaml';
import { SUPPORTED_PIPELINE_VERSION } from '../limits.js';
import type { YamlNode } from '../parse/source-file.js';
import { readAgent } from './agent-reader.js';
import { readBlocks, readPartialRerun } from './block-reader.js';
import { readJobConfig } from './job-config-reader.js';
import { EMPTY_JOB_CONFIG, type PipelineDef, type TaskDef, type WhenDef } from './model.js';
import { defined, describeNode, optional, readList, readMap, readNonEmptyString, readString, report, rootSlot, type Reader, type Slot } from './reader.js';
import { readTask } from './task-reader.js';
import { readTimeLimit } from './time-limit-reader.js';
import { readWhen, readWhenHolder } from './when-reader.js';

const PIPELINE_KEYS = [
  'version', 'name', 'agent', 'blocks', 'after_pipeline', 'execution_time_limit', 'global_job_config',
  'fail_fast', 'auto_cancel', 'queue', 'partial_rerun',
] as const;

const PROMOTIONS_REFUSED = 'promotions are not supported yet: Outpost runs one pipeline per workflow; start the other pipeline on its own';

export function readPipeline(reader: Reader, root: YamlNode): PipelineDef | undefined {
  const slot = rootSlot(reader, root);
  const fields = readMap(reader, slot, {
    known: PIPELINE_KEYS,
    required: {
      version: `the pipeline needs \`version: ${SUPPORTED_PIPELINE_VERSION}\``,
      blocks: 'the pipeline needs `blocks`, a list of blocks with their jobs',
    },
    refused: { promotions: PROMOTIONS_REFUSED },
    noun: 'a map with the keys version, name, agent and blocks',
  });
  if (fields === undefined) return undefined;
  const get = (key: (typeof PIPELINE_KEYS)[number]): Slot | undefined => fields.get(key);
  optional(get('version'), (versionSlot) => readVersion(reader, versionSlot));
  const globalSlot = get('global_job_config');
  const pipeline: PipelineDef = {
    blocks: optional(get('blocks'), (blocksSlot) => readBlocks(reader, blocksSlot)) ?? [],
    globalJobConfig: optional(globalSlot, (configSlot) => readGlobalJobConfig(reader, configSlot)) ?? EMPTY_JOB_CONFIG,
    failFast: optional(get('fail_fast'), (failFastSlot) => readPolicy(reader, failFastSlot, 'stop', 'cancel')) ?? {},
    autoCancel: optional(get('auto_cancel'), (autoCancelSlot) => readPolicy(reader, autoCancelSlot, 'running', 'queued')) ?? {},
    queueConditions: optional(get('queue'), (queueSlot) => readQueue(reader, queueSlot)) ?? [],
    slot,
  };
  return Object.assign(pipeline, defined({
    name: optional(get('name'), (nameSlot) => readNonEmptyString(reader, nameSlot, 'a non-empty string')),
    agent: optional(get('agent'), (agentSlot) => readAgent(reader, agentSlot)),
    afterPipeline: optional(get('after_pipeline'), (afterSlot) => readAfterPipeline(reader, afterSlot)),
    timeLimit: optional(get('execution_time_limit'), (limitSlot) => readTimeLimit(reader, limitSlot)),
    partialRerun: optional(get('partial_rerun'), (rerunSlot) => readPartialRerun(reader, rerunSlot)),
  }));
}

/** `version: v1.0` only; a YAML number (`version: 1.0`) is a different value, not a spelling of it. */
function readVersion(reader: Reader, slot: Slot): void {
  if (isScalar(slot.node) && slot.node.value === SUPPORTED_PIPELINE_VERSION) return;
  report(reader, slot.anchor, slot.path,
    `\`version\` must be ${SUPPORTED_PIPELINE_VERSION}, the only version of Semaphore's pipeline YAML; found ${describeNode(slot.node)}`);
}

function readGlobalJobConfig(reader: Reader, slot: Slot): PipelineDef['globalJobConfig'] | undefined {
  const fields = readMap(reader, slot, { known: ['prologue', 'epilogue', 'secrets', 'env_vars', 'priority'] });
  return fields === undefined ? undefined : readJobConfig(reader, fields);
}

function readAfterPipeline(reader: Reader, slot: Slot): TaskDef | undefined {
  const fields = readMap(reader, slot, {
    known: ['task'],
    required: { task: '`after_pipeline` needs a `task` with its `jobs`' },
    noun: 'a map with a `task`, e.g. after_pipeline: { task: { jobs: [...] } }',
  });
  const taskSlot = fields?.get('task');
  return taskSlot === undefined ? undefined : readTask(reader, taskSlot);
}

/** fail_fast (stop, cancel) and auto_cancel (running, queued): at least one of two `when` holders. */
function readPolicy<K extends string>(reader: Reader, slot: Slot, first: K, second: K): Partial<Record<K, WhenDef>> | undefined {
  const fields = readMap(reader, slot, { known: [first, second] });
  if (fields === undefined) return undefined;
  if (fields.size === 0) {
    report(reader, slot.anchor, slot.path, `\`${slot.name}\` needs \`${first}\` or \`${second}\`, each with a \`when\` condition`);
  }
  const policy: Partial<Record<K, WhenDef>> = {};
  for (const key of [first, second]) {
    const when = optional(fields.get(key), (holder) => readWhenHolder(reader, holder));
    if (when !== undefined) policy[key] = when;
  }
  return policy;
}

/** `queue` (pipeline-yaml.md#queue): one map or a list of conditional maps. Outpost checks it and has one queue. */
function readQueue(reader: Reader, slot: Slot): WhenDef[] {
  const items = isSeq(slot.node) ? (readList(reader, slot, 'a list of queue rules') ?? []) : [slot];
  const conditions: WhenDef[] = [];
  for (const item of items) {
    const fields = readMap(reader, item, {
      known: ['name', 'scope', 'processing', 'when'],
      noun: 'a map with `name`, `scope`, `processing` or `when`',
    });
    if (fields === undefined) continue;
    if (!fields.has('name') && !fields.has('processing')) report(reader, item.anchor, item.path, 'a queue rule needs `name` or `processing`');
    optional(fields.get('name'), (nameSlot) => readNonEmptyString(reader, nameSlot, 'a non-empty string'));
    optional(fields.get('scope'), (scopeSlot) => readChoice(reader, scopeSlot, ['project', 'organization']));
    optional(fields.get('processing'), (processingSlot) => readChoice(reader, processingSlot, ['serialized', 'parallel']));
    const when = optional(fields.get('when'), (whenSlot) => readWhen(reader, whenSlot));
    if (when !== undefined) conditions.push(when);
  }
  return conditions;
}

function readChoice(reader: Reader, slot: Slot, choices: readonly string[]): string | undefined {
  const value = readString(reader, slot, `one of ${choices.join(', ')}`);
  if (value === undefined || choices.includes(value)) return value;
  report(reader, slot.anchor, slot.path, `\`${slot.name}\` must be one of ${choices.join(', ')}; found ${describeNode(slot.node)}`);
  return undefined;
}
