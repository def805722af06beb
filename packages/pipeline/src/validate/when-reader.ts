// `when` values: a condition in the Conditions DSL, or a YAML boolean (pipeline-yaml.md#priority-in-jobs uses
// `when: true`). Syntax errors point at the character inside the YAML value where the condition goes wrong.

import { isScalar, type Scalar } from 'yaml';
import { conditionProblems } from '../conditions/checks.js';
import { parseCondition } from '../conditions/parser.js';
import { sourceOffsetInScalar } from '../parse/scalar-offsets.js';
import type { WhenDef } from './model.js';
import { describeNode, readMap, report, type Reader, type Slot } from './reader.js';

/** `key: { when: … }`, the shape of skip, run, fail_fast.stop and the others. */
export function readWhenHolder(reader: Reader, slot: Slot): WhenDef | undefined {
  const fields = readMap(reader, slot, {
    known: ['when'],
    required: { when: `\`${slot.name}\` needs a \`when\` condition, e.g. when: "branch = 'master'"` },
    noun: `a map with a \`when\` condition, e.g. ${slot.name}: { when: "branch = 'master'" }`,
  });
  const when = fields?.get('when');
  return when === undefined ? undefined : readWhen(reader, when);
}

export function readWhen(reader: Reader, slot: Slot): WhenDef | undefined {
  const { node } = slot;
  if (isScalar(node) && typeof node.value === 'boolean') {
    const text = String(node.value);
    return { condition: { text, root: { kind: 'value', value: node.value, offset: 0 } }, slot, sourceOffset: () => node.range?.[0] ?? 0 };
  }
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    report(reader, slot.anchor, slot.path, `\`when\` must be a condition such as "branch = 'master'", or true or false; found ${describeNode(node)}`);
    return undefined;
  }
  const scalar: Scalar = node;
  const sourceOffset = (offset: number): number => sourceOffsetInScalar(reader.file, scalar, offset);
  const parsed = parseCondition(scalar.value as string);
  if (!parsed.ok) {
    report(reader, sourceOffset(parsed.error.offset), slot.path, parsed.error.message);
    return undefined;
  }
  const problems = conditionProblems(parsed.condition, { allowResultKeywords: false });
  for (const problem of problems) report(reader, sourceOffset(problem.offset), slot.path, problem.message);
  return problems.length === 0 ? { condition: parsed.condition, slot, sourceOffset } : undefined;
}
