// `agent` at the top of the file, in a task, or in after_pipeline (pipeline-yaml.md#agent): a `machine` with a
// `type` and an optional `os_image`. `containers` is Semaphore's Docker executor, which Outpost's agents do not have.

import type { AgentDef } from './model.js';
import { machineTypeProblem } from './machine-type-policy.js';
import { readMap, readNonEmptyString, readString, report, type Reader, type Slot } from './reader.js';

const CONTAINERS_REFUSED =
  "agent.containers is not supported: Outpost's self-hosted agents run jobs with the shell executor, not in Docker containers; remove `containers` and run the commands on the agent's machine";

export function readAgent(reader: Reader, slot: Slot): AgentDef | undefined {
  const agent = readMap(reader, slot, {
    known: ['machine'],
    required: { machine: '`agent` needs a `machine` with a `type`, e.g. machine: { type: s1-linux }' },
    refused: { containers: CONTAINERS_REFUSED, image_pull_secrets: CONTAINERS_REFUSED },
  });
  const machineSlot = agent?.get('machine');
  if (machineSlot === undefined) return undefined;
  const machine = readMap(reader, machineSlot, {
    known: ['type', 'os_image'],
    required: { type: '`machine` needs a `type`: the name of a self-hosted agent type, e.g. s1-linux' },
  });
  const typeSlot = machine?.get('type');
  const osImageSlot = machine?.get('os_image');
  const osImage = osImageSlot === undefined ? undefined : readString(reader, osImageSlot);
  const type = typeSlot === undefined ? undefined : readNonEmptyString(reader, typeSlot, 'the name of a self-hosted agent type, e.g. s1-linux');
  if (typeSlot === undefined || type === undefined) return undefined;
  const problem = machineTypeProblem(type);
  if (problem !== null) {
    report(reader, typeSlot.anchor, typeSlot.path, problem);
    return undefined;
  }
  return osImage === undefined ? { machineType: type, slot } : { machineType: type, osImage, slot };
}
