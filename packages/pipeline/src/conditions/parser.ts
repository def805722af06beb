// Recursive descent over the Conditions DSL grammar (conditions-dsl.md, "Formal syntax definition"):
//
//   expression = expression, bool_operator, term | term;
//   term = "(", expression, ")" | keyword, operator, string | string, operator, keyword | string, operator, string
//        | basic_val | fun | fun, operator, term;
//
// `and` and `or` therefore share one precedence and group from the left, exactly as Semaphore reads them:
// `a or b and c` means `(a or b) and c`. Parentheses are the way to say otherwise.

import type { CallArgument, Condition, ConditionNode, ConditionProblem, ConditionValue } from './ast.js';
import { toChangeInCall } from './change-in.js';
import { tokenizeCondition, type Token } from './lexer.js';

export type ConditionParseResult = { ok: true; condition: Condition } | { ok: false; error: ConditionProblem };

/** Thrown inside the parser only, turned into a result at its edge. */
class ConditionSyntaxError extends Error {
  readonly problem: ConditionProblem;
  constructor(problem: ConditionProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

interface Cursor {
  tokens: Token[];
  index: number;
  /** Offset reported for "the condition ends here". */
  end: number;
}

export function parseCondition(text: string): ConditionParseResult {
  const lexed = tokenizeCondition(text);
  if (!lexed.ok) return lexed;
  if (lexed.tokens.length === 0) {
    return { ok: false, error: { offset: 0, message: "the condition is empty; write one such as branch = 'master', or true" } };
  }
  const cursor: Cursor = { tokens: lexed.tokens, index: 0, end: text.trimEnd().length };
  try {
    const root = parseExpression(cursor);
    const extra = peek(cursor);
    if (extra !== undefined) fail(extra.offset, `unexpected ${describe(extra)} after a complete condition; join conditions with and / or`);
    return { ok: true, condition: { text, root } };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { ok: false, error: error.problem };
    throw error;
  }
}

function parseExpression(cursor: Cursor): ConditionNode {
  let left = parseTerm(cursor);
  for (let next = peek(cursor); next?.kind === 'logical'; next = peek(cursor)) {
    cursor.index += 1;
    const right = parseTerm(cursor);
    left = { kind: 'logical', operator: next.operator, left, right, offset: next.offset };
  }
  return left;
}

function parseTerm(cursor: Cursor): ConditionNode {
  const token = take(cursor, 'a condition');
  switch (token.kind) {
    case 'punctuation':
      if (token.char === '(') return parseParenthesised(cursor, token);
      if (token.char === '[' || token.char === '{') return { kind: 'value', value: parseCollection(cursor, token), offset: token.offset };
      return fail(token.offset, `expected a condition, found ${describe(token)}`);
    case 'keyword':
      return parseKeywordComparison(cursor, token);
    case 'string':
      return parseStringTerm(cursor, token);
    case 'boolean':
    case 'number':
      return { kind: 'value', value: token.value, offset: token.offset };
    case 'identifier':
      return parseCallTerm(cursor, token);
    default:
      return fail(token.offset, `expected a condition, found ${describe(token)}`);
  }
}

function parseParenthesised(cursor: Cursor, open: Token): ConditionNode {
  const inner = parseExpression(cursor);
  const close = peek(cursor);
  if (close?.kind !== 'punctuation' || close.char !== ')') {
    fail(open.offset, close === undefined ? 'this ( is never closed; add a )' : `expected ) to close the ( here, found ${describe(close)}`);
  }
  cursor.index += 1;
  return inner;
}

function parseKeywordComparison(cursor: Cursor, keyword: Extract<Token, { kind: 'keyword' }>): ConditionNode {
  const operator = takeOperator(cursor, `\`${keyword.text}\``);
  const value = take(cursor, `a quoted string after \`${operator.operator}\``);
  if (value.kind === 'keyword') {
    fail(value.offset, `\`${keyword.text} ${operator.operator} ${value.text}\` compares two keywords; compare a keyword with a quoted string, e.g. ${keyword.text} ${operator.operator} 'master'`);
  }
  if (value.kind !== 'string') {
    fail(value.offset, `expected a quoted string after \`${operator.operator}\`, e.g. ${keyword.text} ${operator.operator} 'master'; found ${describe(value)}`);
  }
  const left: ConditionNode = { kind: 'keyword', name: keyword.name, offset: keyword.offset };
  const right: ConditionNode = { kind: 'value', value: value.value, offset: value.offset };
  return { kind: 'compare', operator: operator.operator, left, right, offset: operator.offset };
}

function parseStringTerm(cursor: Cursor, string: Extract<Token, { kind: 'string' }>): ConditionNode {
  const left: ConditionNode = { kind: 'value', value: string.value, offset: string.offset };
  if (peek(cursor)?.kind !== 'compare') return left;
  const operator = takeOperator(cursor, 'a string');
  const other = take(cursor, `a keyword or a quoted string after \`${operator.operator}\``);
  if (other.kind === 'keyword') {
    return { kind: 'compare', operator: operator.operator, left, right: { kind: 'keyword', name: other.name, offset: other.offset }, offset: operator.offset };
  }
  if (other.kind === 'string') {
    return { kind: 'compare', operator: operator.operator, left, right: { kind: 'value', value: other.value, offset: other.offset }, offset: operator.offset };
  }
  return fail(other.offset, `expected a keyword or a quoted string after \`${operator.operator}\`, found ${describe(other)}`);
}

function parseCallTerm(cursor: Cursor, name: Extract<Token, { kind: 'identifier' }>): ConditionNode {
  const open = peek(cursor);
  if (open?.kind !== 'punctuation' || open.char !== '(') return fail(name.offset, unknownWordMessage(name.name));
  if (name.name !== 'change_in') {
    fail(name.offset, `unknown function \`${name.name}\`; the Conditions DSL has one function, change_in`);
  }
  cursor.index += 1;
  const args = parseArguments(cursor, open);
  const call = toChangeInCall(args, name.offset);
  if ('message' in call) return fail(call.offset, call.message);
  if (peek(cursor)?.kind !== 'compare') return call;
  const operator = takeOperator(cursor, 'change_in(...)');
  const right = parseTerm(cursor);
  return { kind: 'compare', operator: operator.operator, left: call, right, offset: operator.offset };
}

function parseArguments(cursor: Cursor, open: Token): CallArgument[] {
  const args: CallArgument[] = [];
  if (isPunctuation(peek(cursor), ')')) {
    cursor.index += 1;
    return args;
  }
  for (;;) {
    const first = take(cursor, 'an argument');
    args.push({ value: parseValue(cursor, first), offset: first.offset });
    const separator = take(cursor, ') to close the ( of the call', open.offset);
    if (isPunctuation(separator, ')')) return args;
    if (!isPunctuation(separator, ',')) fail(separator.offset, `expected , or ) in the argument list, found ${describe(separator)}`);
  }
}

function parseValue(cursor: Cursor, token: Token): ConditionValue {
  if (token.kind === 'string' || token.kind === 'number' || token.kind === 'boolean') return token.value;
  if (isPunctuation(token, '[') || isPunctuation(token, '{')) return parseCollection(cursor, token);
  return fail(token.offset, `expected a value (a quoted string, number, true, false, [list] or {map}), found ${describe(token)}`);
}

function parseCollection(cursor: Cursor, open: Token): ConditionValue {
  const closing = isPunctuation(open, '[') ? ']' : '}';
  const list: ConditionValue[] = [];
  const map: Record<string, ConditionValue> = {};
  if (isPunctuation(peek(cursor), closing)) {
    cursor.index += 1;
    return closing === ']' ? list : map;
  }
  for (;;) {
    if (closing === ']') list.push(parseValue(cursor, take(cursor, 'a list item')));
    else {
      const key = take(cursor, 'a map key such as exclude:');
      if (key.kind !== 'map_key') fail(key.offset, `expected a map key such as exclude:, found ${describe(key)}`);
      map[key.name] = parseValue(cursor, take(cursor, `a value for ${key.name}:`));
    }
    const separator = take(cursor, `${closing} to close the ${open.text} here`, open.offset);
    if (isPunctuation(separator, closing)) return closing === ']' ? list : map;
    if (!isPunctuation(separator, ',')) fail(separator.offset, `expected , or ${closing}, found ${describe(separator)}`);
  }
}

function takeOperator(cursor: Cursor, after: string): Extract<Token, { kind: 'compare' }> {
  const token = take(cursor, `=, !=, =~ or !~ after ${after}`);
  if (token.kind !== 'compare') fail(token.offset, `expected =, !=, =~ or !~ after ${after}, found ${describe(token)}`);
  return token;
}

function take(cursor: Cursor, expected: string, openedAt?: number): Token {
  const token = cursor.tokens[cursor.index];
  if (token === undefined) {
    return fail(openedAt ?? cursor.end, `the condition ends where ${expected} was expected`);
  }
  cursor.index += 1;
  return token;
}

function peek(cursor: Cursor): Token | undefined {
  return cursor.tokens[cursor.index];
}

function isPunctuation(token: Token | undefined, char: string): boolean {
  return token?.kind === 'punctuation' && token.char === char;
}

function fail(offset: number, message: string): never {
  throw new ConditionSyntaxError({ offset, message });
}

function describe(token: Token): string {
  return token.kind === 'string' ? `the string ${token.text}` : `\`${token.text}\``;
}

function unknownWordMessage(word: string): string {
  const lower = word.toLowerCase();
  if (['branch', 'tag', 'pull_request', 'result', 'result_reason', 'and', 'or', 'true', 'false'].includes(lower)) {
    return `\`${word}\` is written in mixed case; Semaphore reads it as ${lower} or ${word.toUpperCase()} only`;
  }
  return `unknown word \`${word}\`; expected a keyword (branch, tag, pull_request, result, result_reason), true, false, a quoted string or change_in(...)`;
}
