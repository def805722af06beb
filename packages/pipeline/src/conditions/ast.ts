// The Conditions DSL's syntax tree (semaphoreio/semaphore docs/reference/conditions-dsl.md, the EBNF under
// "Formal syntax definition"). Every node keeps the offset of its first character in the condition text, so an
// error found after parsing (an unevaluable `change_in`, a bad regular expression) can still point at a column.

import type { ChangeInOptions } from '../plan.js';

export const CONDITION_KEYWORDS = ['branch', 'tag', 'pull_request', 'result', 'result_reason'] as const;
export type ConditionKeyword = (typeof CONDITION_KEYWORDS)[number];

export type CompareOperator = '=' | '!=' | '=~' | '!~';
export type LogicalOperator = 'and' | 'or';

/** `basic_val` of the grammar: what a string, number, boolean, list or map literal evaluates to. */
export type ConditionValue = string | number | boolean | ConditionValue[] | { [key: string]: ConditionValue };

/** An argument of a function call, with the offset it starts at. */
export interface CallArgument {
  value: ConditionValue;
  offset: number;
}

/** `change_in(file_patterns, options)`, its arguments checked when parsed (conditions-dsl.md#options). */
export interface ChangeInCall {
  kind: 'change_in';
  paths: string[];
  options: ChangeInOptions;
  offset: number;
}

export type ConditionNode =
  | { kind: 'keyword'; name: ConditionKeyword; offset: number }
  | { kind: 'value'; value: ConditionValue; offset: number }
  | ChangeInCall
  | { kind: 'compare'; operator: CompareOperator; left: ConditionNode; right: ConditionNode; offset: number }
  | { kind: 'logical'; operator: LogicalOperator; left: ConditionNode; right: ConditionNode; offset: number };

/** A parsed condition: the tree plus the text it came from. */
export interface Condition {
  text: string;
  root: ConditionNode;
}

/** A problem inside a condition; `offset` is 0-based in the condition text. */
export interface ConditionProblem {
  offset: number;
  message: string;
}

/** Every node of a tree, depth first, for checks that look at all of them. */
export function conditionNodes(node: ConditionNode): ConditionNode[] {
  if (node.kind === 'compare' || node.kind === 'logical') {
    return [node, ...conditionNodes(node.left), ...conditionNodes(node.right)];
  }
  return [node];
}
