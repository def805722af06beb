// Which `agent.machine.type` values Outpost can run: only self-hosted agent types, whose names follow the rule the
// hub enforces when they are created (`s1-…`, @outpost/protocol). Whether the type exists in the organization is
// the hub's question; `machineTypesOf(plan)` lists the ones a plan uses.

import { agentTypeNameProblem } from '@outpost/protocol';

/** Semaphore Cloud's machine names: e1-standard-2, a2-standard-4, f1-standard-2, … (reference/machine-types.md). */
const CLOUD_MACHINE_TYPE = /^[a-z][0-9]+-standard-[0-9]+$/;

const SELF_HOSTED_ONLY = 'Outpost runs self-hosted agent types, whose names start with s1-';

export function machineTypeProblem(type: string): string | null {
  if (CLOUD_MACHINE_TYPE.test(type)) return `agent.machine.type "${type}" is a Semaphore cloud machine; ${SELF_HOSTED_ONLY}`;
  if (!type.startsWith('s1-')) return `agent.machine.type "${type}" is not a self-hosted agent type; ${SELF_HOSTED_ONLY}`;
  const problem = agentTypeNameProblem(type);
  return problem === null ? null : `agent.machine.type "${type}" cannot name an agent type: ${problem}`;
}
