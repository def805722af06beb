// Checks a condition can fail without being evaluated: a regular expression that does not compile, and the
// `result` / `result_reason` keywords where they have no value. Semaphore validates every `when` of a pipeline
// with branch, tag and pull_request only (plumber's Ppl.DefinitionReviser.WhenValidator), and the docs say the
// two result keywords "can only be used in auto_promotions" (conditions-dsl.md#keywords).

import { conditionNodes, type Condition, type ConditionProblem } from './ast.js';
import { toRegExp } from './evaluate.js';

export interface ConditionRules {
  /** True only where the pipeline's result is known: promotions, which Outpost does not run yet. */
  allowResultKeywords: boolean;
}

export function conditionProblems(condition: Condition, rules: ConditionRules): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  for (const node of conditionNodes(condition.root)) {
    if (node.kind === 'keyword' && !rules.allowResultKeywords && (node.name === 'result' || node.name === 'result_reason')) {
      problems.push({
        offset: node.offset,
        message: `\`${node.name}\` has no value while a pipeline runs; Semaphore allows result and result_reason only in the auto_promote conditions of promotions`,
      });
    }
    if (node.kind === 'compare' && (node.operator === '=~' || node.operator === '!~') && node.right.kind === 'value') {
      const pattern = toRegExp(String(node.right.value));
      if (typeof pattern === 'string') problems.push({ offset: node.right.offset, message: pattern });
    }
  }
  return problems;
}

/** True when evaluating the condition would call change_in. */
export function usesChangeIn(condition: Condition): boolean {
  return conditionNodes(condition.root).some((node) => node.kind === 'change_in');
}
