import { describe, expect, it } from 'vitest';
import type { ChangeInOptions, ConditionContext } from '../plan.js';
import { conditionProblems, usesChangeIn } from './checks.js';
import type { ConditionValue } from './ast.js';
import { CHANGE_IN_NEEDS_GIT_MESSAGE, evaluateCondition, toBoolean } from './evaluate.js';
import { parseCondition } from './parser.js';

function evaluate(text: string, context: ConditionContext): boolean {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const result = evaluateCondition(parsed.condition, context);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const master: ConditionContext = { branch: 'master' };
const feature: ConditionContext = { branch: 'dev/login' };
const tagBuild: ConditionContext = { tag: 'v1.2.0' };
const pullRequest: ConditionContext = { branch: 'main', pullRequest: '42' };

describe('evaluateCondition (renderedtext/when reducer semantics)', () => {
  it.each([
    { text: 'true', context: feature, value: true },
    { text: 'false', context: master, value: false },
    { text: "branch = 'master'", context: master, value: true },
    { text: "branch = 'master'", context: feature, value: false },
    { text: "branch != 'master'", context: feature, value: true },
    { text: "BRANCH = 'master'", context: master, value: true },
    { text: "'master' = branch", context: master, value: true },
    { text: "branch =~ '^dev/'", context: feature, value: true },
    { text: "branch !~ '^dev/'", context: feature, value: false },
    { text: "branch =~ '.*'", context: master, value: true },
    { text: "tag =~ '^v1\\.'", context: tagBuild, value: true },
    { text: "tag =~ '^v2\\.'", context: tagBuild, value: false },
    // A keyword without a value is '' and `=~` never matches '' (When.Reducer.regex_match?).
    { text: "tag =~ '.*'", context: master, value: false },
    { text: "tag !~ '.*'", context: master, value: true },
    { text: "branch =~ '.*'", context: tagBuild, value: false },
    { text: "tag = ''", context: master, value: true },
    { text: "pull_request =~ '.*'", context: pullRequest, value: true },
    { text: "pull_request = '42'", context: pullRequest, value: true },
    { text: "pull_request =~ '.*'", context: master, value: false },
    { text: "result = 'passed'", context: { result: 'passed' }, value: true },
    { text: "result_reason = 'test'", context: { result: 'failed', resultReason: 'test' }, value: true },
    { text: "branch = 'staging' OR branch = 'master'", context: master, value: true },
    { text: "branch = 'master' and tag =~ '.*'", context: master, value: false },
    { text: "branch = 'master' OR tag =~ '.*'", context: tagBuild, value: true },
    // Left to right: (true or false) and false.
    { text: 'true or false and false', context: master, value: false },
    { text: 'true or (false and false)', context: master, value: true },
    { text: "(branch !~ '^dev/' and branch = 'x') or branch = 'master'", context: master, value: true },
    { text: "'a' = 'a'", context: master, value: true },
    { text: "'a' != 'a'", context: master, value: false },
    { text: "branch =~ '(?i)^MASTER$'", context: master, value: true },
    { text: "branch =~ '^MASTER$'", context: master, value: false },
  ])('$text is $value for $context', ({ text, context, value }) => {
    expect(evaluate(text, context)).toBe(value);
  });

  it.each<{ value: ConditionValue; expected: boolean }>([
    { value: true, expected: true },
    { value: false, expected: false },
    { value: 'false', expected: false },
    { value: 'anything', expected: true },
    { value: '', expected: true },
    { value: 0, expected: true },
    { value: -1, expected: false },
    { value: -0.5, expected: false },
    { value: [], expected: false },
    { value: ['x'], expected: true },
    { value: {}, expected: false },
    { value: { a: 1 }, expected: true },
  ])('a lone $value counts as $expected (When.Ast.to_bool)', ({ value, expected }) => {
    expect(toBoolean(value)).toBe(expected);
  });

  it('calls context.changeIn with the patterns and options of change_in', () => {
    const calls: [string[], ChangeInOptions][] = [];
    const context: ConditionContext = {
      branch: 'master',
      changeIn: (paths, options) => {
        calls.push([paths, options]);
        return paths.includes('/docs/');
      },
    };
    expect(evaluate("branch = 'master' and change_in('/docs/', {default_branch: 'main', exclude: ['/docs/x']})", context)).toBe(true);
    expect(evaluate("change_in(['/lib', '/app'])", context)).toBe(false);
    expect(evaluate("change_in('/lib') = false", context)).toBe(true);
    expect(calls).toEqual([
      [['/docs/'], { defaultBranch: 'main', excluded: ['/docs/x'] }],
      [['/lib', '/app'], {}],
      [['/lib'], {}],
    ]);
  });

  it('refuses change_in when the context has no git repository, at the call', () => {
    const parsed = parseCondition("branch = 'master' and change_in('/lib')");
    if (!parsed.ok) throw new Error('parse');
    expect(evaluateCondition(parsed.condition, master)).toEqual({ ok: false, error: { offset: 22, message: CHANGE_IN_NEEDS_GIT_MESSAGE } });
  });

  it('refuses a pattern that is not a regular expression, at the pattern', () => {
    const parsed = parseCondition("branch =~ '[a-'");
    if (!parsed.ok) throw new Error('parse');
    expect(evaluateCondition(parsed.condition, master)).toEqual({
      ok: false,
      error: { offset: 10, message: "'[a-' is not a valid regular expression: Invalid regular expression: /[a-/: Unterminated character class" },
    });
  });

  it('uses the keyword as the pattern when the string is on the left, as Semaphore does', () => {
    expect(evaluate("'release-1' =~ branch", { branch: '^release-' })).toBe(true);
  });
});

describe('conditionProblems (checks that need no values)', () => {
  function problems(text: string, allowResultKeywords = false): unknown {
    const parsed = parseCondition(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return conditionProblems(parsed.condition, { allowResultKeywords });
  }

  it.each([
    { name: 'an invalid pattern', text: "branch =~ '[unclosed'", found: [{ offset: 10, message: "'[unclosed' is not a valid regular expression: Invalid regular expression: /[unclosed/: Unterminated character class" }] },
    { name: 'an invalid pattern after !~', text: "tag !~ '(x'", found: [{ offset: 7, message: "'(x' is not a valid regular expression: Invalid regular expression: /(x/: Unterminated group" }] },
    { name: 'result in a pipeline', text: "result = 'passed'", found: [{ offset: 0, message: '`result` has no value while a pipeline runs; Semaphore allows result and result_reason only in the auto_promote conditions of promotions' }] },
    { name: 'result_reason in a pipeline', text: "true and result_reason = 'test'", found: [{ offset: 9, message: '`result_reason` has no value while a pipeline runs; Semaphore allows result and result_reason only in the auto_promote conditions of promotions' }] },
    { name: 'a valid condition', text: "branch =~ '^release/' or tag = 'x'", found: [] },
  ])('reports $name', ({ text, found }) => {
    expect(problems(text)).toEqual(found);
  });

  it('allows result keywords where a result is known', () => {
    expect(problems("result = 'passed'", true)).toEqual([]);
  });

  it.each([
    { text: "change_in('/a')", uses: true },
    { text: "true and (false or change_in('/a'))", uses: true },
    { text: "branch = 'change_in'", uses: false },
  ])('usesChangeIn($text) is $uses', ({ text, uses }) => {
    const parsed = parseCondition(text);
    expect(parsed.ok && usesChangeIn(parsed.condition)).toBe(uses);
  });
});
