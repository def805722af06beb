// Evaluates the `when` conditions of one file against one run's values, each condition once: a global priority
// rule is consulted for every job, and its error (change_in without git) should still be reported once.

import { evaluateCondition } from '../conditions/evaluate.js';
import type { ConditionContext } from '../plan.js';
import type { WhenDef } from '../validate/model.js';
import { report, type Reader } from '../validate/reader.js';

export type WhenEvaluator = (when: WhenDef) => boolean;

/** An evaluator whose failures are reported to `reader` and count as false. */
export function createWhenEvaluator(reader: Reader, context: ConditionContext): WhenEvaluator {
  const results = new Map<WhenDef, boolean>();
  return (when) => {
    const known = results.get(when);
    if (known !== undefined) return known;
    const evaluation = evaluateCondition(when.condition, context);
    if (!evaluation.ok) report(reader, when.sourceOffset(evaluation.error.offset), when.slot.path, evaluation.error.message);
    const value = evaluation.ok && evaluation.value;
    results.set(when, value);
    return value;
  };
}
