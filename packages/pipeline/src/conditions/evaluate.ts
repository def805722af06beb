// Evaluating a parsed condition against the values of one pipeline run. The rules are those of the `when` library
// Semaphore uses (renderedtext/when lib/when/reducer.ex and lib/when/ast.ex):
// - a keyword without a value reads as '' (Semaphore passes '' for the branch of a tag build, and so on);
// - `=~` is false and `!~` true when the value is '', whatever the pattern;
// - a lone value is true unless it is false, 'false', a negative number, or an empty list or map;
// - both sides of `and`/`or` are evaluated, so an error on either side is reported.

import type { ConditionContext } from '../plan.js';
import type { ChangeInCall, Condition, ConditionKeyword, ConditionNode, ConditionProblem, ConditionValue } from './ast.js';

export type ConditionEvaluation = { ok: true; value: boolean } | { ok: false; error: ConditionProblem };

type Evaluated = { ok: true; value: ConditionValue } | { ok: false; error: ConditionProblem };

export const CHANGE_IN_NEEDS_GIT_MESSAGE =
  'change_in needs a project with a git repository to compare commits; this pipeline was started without one';

export function evaluateCondition(condition: Condition, context: ConditionContext): ConditionEvaluation {
  const result = evaluateNode(condition.root, context);
  return result.ok ? { ok: true, value: toBoolean(result.value) } : result;
}

/** Truthiness as the `when` library defines it (When.Ast.to_bool). */
export function toBoolean(value: ConditionValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value >= 0;
  if (typeof value === 'string') return value !== 'false';
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

/** Semaphore's patterns are PCRE; JavaScript reads nearly all of them the same way. A leading `(?i)` — PCRE's way
 * to ignore case, unknown to Node 20's RegExp — becomes the `i` flag. */
export function toRegExp(pattern: string): RegExp | string {
  const caseless = pattern.startsWith('(?i)');
  try {
    return new RegExp(caseless ? pattern.slice(4) : pattern, caseless ? 'i' : '');
  } catch (error) {
    return `'${pattern}' is not a valid regular expression: ${(error as Error).message}`;
  }
}

function evaluateNode(node: ConditionNode, context: ConditionContext): Evaluated {
  switch (node.kind) {
    case 'value':
      return { ok: true, value: node.value };
    case 'keyword':
      return { ok: true, value: keywordValue(node.name, context) };
    case 'change_in':
      return evaluateChangeIn(node, context);
    case 'logical': {
      const left = evaluateNode(node.left, context);
      const right = evaluateNode(node.right, context);
      if (!left.ok) return left;
      if (!right.ok) return right;
      const value = node.operator === 'and' ? toBoolean(left.value) && toBoolean(right.value) : toBoolean(left.value) || toBoolean(right.value);
      return { ok: true, value };
    }
    case 'compare':
      return evaluateComparison(node, context);
  }
}

function evaluateComparison(node: Extract<ConditionNode, { kind: 'compare' }>, context: ConditionContext): Evaluated {
  const left = evaluateNode(node.left, context);
  const right = evaluateNode(node.right, context);
  if (!left.ok) return left;
  if (!right.ok) return right;
  if (node.operator === '=') return { ok: true, value: sameValue(left.value, right.value) };
  if (node.operator === '!=') return { ok: true, value: !sameValue(left.value, right.value) };
  // The pattern is on the right, the value it is matched against on the left (When.Reducer.binary_op).
  const pattern = toRegExp(String(right.value));
  if (typeof pattern === 'string') return { ok: false, error: { offset: node.right.offset, message: pattern } };
  if (typeof left.value !== 'string') {
    return { ok: false, error: { offset: node.left.offset, message: `${node.operator} matches text; its left side is not text` } };
  }
  const matches = left.value !== '' && pattern.test(left.value);
  return { ok: true, value: node.operator === '=~' ? matches : !matches };
}

function evaluateChangeIn(call: ChangeInCall, context: ConditionContext): Evaluated {
  if (context.changeIn === undefined) return { ok: false, error: { offset: call.offset, message: CHANGE_IN_NEEDS_GIT_MESSAGE } };
  return { ok: true, value: context.changeIn(call.paths, call.options) };
}

function keywordValue(keyword: ConditionKeyword, context: ConditionContext): string {
  const values: Record<ConditionKeyword, string | undefined> = {
    branch: context.branch,
    tag: context.tag,
    pull_request: context.pullRequest,
    result: context.result,
    result_reason: context.resultReason,
  };
  return values[keyword] ?? '';
}

function sameValue(left: ConditionValue, right: ConditionValue): boolean {
  if (typeof left !== 'object' || typeof right !== 'object') return left === right;
  return JSON.stringify(left) === JSON.stringify(right);
}
