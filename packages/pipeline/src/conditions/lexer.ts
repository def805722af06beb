// Tokens of the Conditions DSL, following the `when` library Semaphore evaluates conditions with
// (renderedtext/when src/when_lexer.xrl): keywords, `and`/`or` and booleans in all-lower or ALL-UPPER case only,
// single-quoted strings without escapes, integers, floats, identifiers and `key:` map keys.
// Outpost also reads double-quoted strings and the empty string '', which Semaphore's lexer refuses.

import { CONDITION_KEYWORDS, type ConditionKeyword, type ConditionProblem } from './ast.js';

export type Token =
  | { kind: 'keyword'; name: ConditionKeyword; offset: number; text: string }
  | { kind: 'logical'; operator: 'and' | 'or'; offset: number; text: string }
  | { kind: 'boolean'; value: boolean; offset: number; text: string }
  | { kind: 'compare'; operator: '=' | '!=' | '=~' | '!~'; offset: number; text: string }
  | { kind: 'string'; value: string; offset: number; text: string }
  | { kind: 'number'; value: number; offset: number; text: string }
  | { kind: 'identifier'; name: string; offset: number; text: string }
  | { kind: 'map_key'; name: string; offset: number; text: string }
  | { kind: 'punctuation'; char: '(' | ')' | '[' | ']' | '{' | '}' | ','; offset: number; text: string };

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: ConditionProblem };

/** Far more than any real condition needs (the longest in Semaphore's docs has 11 tokens); the cap keeps the
 * recursive parser and evaluator within the stack on hostile input. */
export const MAX_CONDITION_TOKENS = 1000;

const WORD = /[A-Za-z][A-Za-z0-9_-]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?/y;
const COMPARE = /=~|!~|!=|=/y;
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',']);

export function tokenizeCondition(text: string): LexResult {
  const tokens: Token[] = [];
  let offset = 0;
  while (offset < text.length) {
    const char = text[offset] ?? '';
    if (/\s/.test(char)) {
      offset += 1;
      continue;
    }
    const read = readToken(text, offset);
    if ('message' in read) return { ok: false, error: read };
    if (tokens.length === MAX_CONDITION_TOKENS) {
      return { ok: false, error: { offset, message: `the condition has more than ${MAX_CONDITION_TOKENS} tokens; split it across blocks or simplify it` } };
    }
    tokens.push(read);
    offset += read.text.length;
  }
  return { ok: true, tokens };
}

function readToken(text: string, offset: number): Token | ConditionProblem {
  const char = text[offset] ?? '';
  if (PUNCTUATION.has(char)) {
    return { kind: 'punctuation', char: char as '(' | ')' | '[' | ']' | '{' | '}' | ',', offset, text: char };
  }
  if (char === "'" || char === '"') return readString(text, offset, char);
  const compare = matchAt(COMPARE, text, offset);
  if (compare !== null) return { kind: 'compare', operator: compare as '=' | '!=' | '=~' | '!~', offset, text: compare };
  const number = matchAt(NUMBER, text, offset);
  if (number !== null) return { kind: 'number', value: Number(number), offset, text: number };
  const word = matchAt(WORD, text, offset);
  if (word !== null) return classifyWord(word, text, offset);
  return { offset, message: `unexpected character \`${char}\`` };
}

function readString(text: string, offset: number, quote: string): Token | ConditionProblem {
  const end = text.indexOf(quote, offset + 1);
  if (end === -1) {
    return { offset, message: `the string that starts here is never closed; end it with ${quote}` };
  }
  return { kind: 'string', value: text.slice(offset + 1, end), offset, text: text.slice(offset, end + 1) };
}

function classifyWord(word: string, text: string, offset: number): Token {
  if (text[offset + word.length] === ':') {
    return { kind: 'map_key', name: word, offset, text: `${word}:` };
  }
  const lower = word.toLowerCase();
  // Semaphore's lexer knows each word in two spellings only: all lower case and all upper case.
  const spelledAsSemaphoreDoes = word === lower || word === word.toUpperCase();
  if (spelledAsSemaphoreDoes && (CONDITION_KEYWORDS as readonly string[]).includes(lower)) {
    return { kind: 'keyword', name: lower as ConditionKeyword, offset, text: word };
  }
  if (spelledAsSemaphoreDoes && (lower === 'and' || lower === 'or')) {
    return { kind: 'logical', operator: lower, offset, text: word };
  }
  if (spelledAsSemaphoreDoes && (lower === 'true' || lower === 'false')) {
    return { kind: 'boolean', value: lower === 'true', offset, text: word };
  }
  return { kind: 'identifier', name: word, offset, text: word };
}

function matchAt(pattern: RegExp, text: string, offset: number): string | null {
  pattern.lastIndex = offset;
  const match = pattern.exec(text);
  return match === null ? null : match[0];
}
