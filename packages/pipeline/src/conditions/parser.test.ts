import { describe, expect, it } from 'vitest';
import type { ConditionNode } from './ast.js';
import { parseCondition } from './parser.js';

/** The tree as text with every grouping made explicit, so precedence is visible in a table. */
function show(node: ConditionNode): string {
  switch (node.kind) {
    case 'keyword':
      return node.name;
    case 'value':
      return JSON.stringify(node.value);
    case 'change_in':
      return `change_in(${JSON.stringify(node.paths)}, ${JSON.stringify(node.options)})`;
    case 'compare':
    case 'logical':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
  }
}

function parsed(text: string): string {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.offset}`);
  return show(result.condition.root);
}

describe('parseCondition: the grammar of conditions-dsl.md', () => {
  it.each([
    { text: 'true', tree: 'true' },
    { text: 'FALSE', tree: 'false' },
    { text: "'master'", tree: '"master"' },
    { text: '42', tree: '42' },
    { text: "branch = 'master'", tree: '(branch = "master")' },
    { text: "'master' = branch", tree: '("master" = branch)' },
    { text: "'a' != 'b'", tree: '("a" != "b")' },
    { text: "tag =~ '^v1\\.'", tree: '(tag =~ "^v1\\\\.")' },
    { text: "pull_request !~ '.*'", tree: '(pull_request !~ ".*")' },
    { text: "branch = 'staging' OR branch = 'master'", tree: '((branch = "staging") or (branch = "master"))' },
    { text: '(true)', tree: 'true' },
    { text: '((true))', tree: 'true' },
    { text: "change_in('/lib')", tree: 'change_in(["/lib"], {})' },
    { text: "change_in(['/lib', '/app'])", tree: 'change_in(["/lib","/app"], {})' },
    { text: "change_in('/', {exclude: ['/docs'], default_branch: 'main', pipeline_file: 'ignore', on_tags: false, branch_range: 'a...b', default_range: 'c..d'})", tree: 'change_in(["/"], {"excluded":["/docs"],"defaultBranch":"main","pipelineFile":"ignore","onTags":false,"branchRange":"a...b","defaultRange":"c..d"})' },
    { text: "change_in('/lib') = false", tree: '(change_in(["/lib"], {}) = false)' },
    { text: "branch = 'master' and change_in('/docs/')", tree: '((branch = "master") and change_in(["/docs/"], {}))' },
    { text: '[]', tree: '[]' },
    { text: '{}', tree: '{}' },
  ])('reads $text', ({ text, tree }) => {
    expect(parsed(text)).toBe(tree);
  });

  // The EBNF's `expression = expression, bool_operator, term` gives and/or one precedence, grouped from the left.
  it.each([
    { text: 'true or false and false', tree: '((true or false) and false)' },
    { text: 'false and true or true', tree: '((false and true) or true)' },
    { text: 'true or (false and false)', tree: '(true or (false and false))' },
    { text: 'true and true and false', tree: '((true and true) and false)' },
    { text: "(branch !~ '^dev/' and branch = 'x') or branch = 'master'", tree: '(((branch !~ "^dev/") and (branch = "x")) or (branch = "master"))' },
  ])('groups $text as Semaphore does', ({ text, tree }) => {
    expect(parsed(text)).toBe(tree);
  });

  it('keeps the offset of every node', () => {
    const result = parseCondition("  branch = 'x' or tag = 'y'");
    expect(result.ok && result.condition.root).toMatchObject({
      kind: 'logical', offset: 15,
      left: { kind: 'compare', offset: 9, left: { offset: 2 }, right: { offset: 11 } },
      right: { kind: 'compare', offset: 22, left: { offset: 18 }, right: { offset: 24 } },
    });
  });

  it.each([
    { name: 'an empty condition', text: '   ', offset: 0, message: "the condition is empty; write one such as branch = 'master', or true" },
    { name: 'a keyword alone', text: 'branch', offset: 6, message: 'the condition ends where =, !=, =~ or !~ after `branch` was expected' },
    { name: 'a keyword without an operator', text: "branch 'master'", offset: 7, message: "expected =, !=, =~ or !~ after `branch`, found the string 'master'" },
    { name: 'a missing right side', text: 'branch =', offset: 8, message: 'the condition ends where a quoted string after `=` was expected' },
    { name: 'an unquoted branch name', text: 'branch = master', offset: 9, message: "expected a quoted string after `=`, e.g. branch = 'master'; found `master`" },
    { name: 'two keywords compared', text: 'branch = tag', offset: 9, message: "`branch = tag` compares two keywords; compare a keyword with a quoted string, e.g. branch = 'master'" },
    { name: 'a missing bool operator', text: "branch = 'a' tag = 'b'", offset: 13, message: 'unexpected `tag` after a complete condition; join conditions with and / or' },
    { name: 'a dangling and', text: "branch = 'a' and", offset: 16, message: 'the condition ends where a condition was expected' },
    { name: 'a leading or', text: 'or true', offset: 0, message: 'expected a condition, found `or`' },
    { name: 'an unclosed parenthesis', text: '(true', offset: 0, message: 'this ( is never closed; add a )' },
    { name: 'a stray closing parenthesis', text: 'true)', offset: 4, message: 'unexpected `)` after a complete condition; join conditions with and / or' },
    { name: 'an operator first', text: "= 'x'", offset: 0, message: 'expected a condition, found `=`' },
    { name: 'a mixed-case keyword', text: "Branch = 'x'", offset: 0, message: '`Branch` is written in mixed case; Semaphore reads it as branch or BRANCH only' },
    { name: 'a mixed-case boolean', text: 'True', offset: 0, message: '`True` is written in mixed case; Semaphore reads it as true or TRUE only' },
    { name: 'an unknown word', text: 'always', offset: 0, message: 'unknown word `always`; expected a keyword (branch, tag, pull_request, result, result_reason), true, false, a quoted string or change_in(...)' },
    { name: 'an unknown function', text: "changed('/lib')", offset: 0, message: 'unknown function `changed`; the Conditions DSL has one function, change_in' },
    { name: 'change_in without patterns', text: 'change_in()', offset: 0, message: "change_in needs the file patterns to watch, e.g. change_in('/lib') or change_in(['/lib', '/app'])" },
    { name: 'change_in with a number', text: 'change_in(1)', offset: 10, message: "the first argument of change_in must be a quoted file pattern or a non-empty list of them, e.g. '/lib'" },
    { name: 'change_in with an empty list', text: 'change_in([])', offset: 10, message: "the first argument of change_in must be a quoted file pattern or a non-empty list of them, e.g. '/lib'" },
    { name: 'change_in with a list as options', text: "change_in('/a', ['/b'])", offset: 16, message: "the second argument of change_in must be an options map, e.g. {default_branch: 'main'}" },
    { name: 'change_in with three arguments', text: "change_in('/a', {}, true)", offset: 20, message: 'change_in takes two arguments: the file patterns and an options map' },
    { name: 'an unknown change_in option', text: "change_in('/a', {branch: 'x'})", offset: 16, message: 'change_in has no option `branch`; the options are on_tags, default_branch, pipeline_file, branch_range, default_range, exclude' },
    { name: 'a wrong pipeline_file', text: "change_in('/a', {pipeline_file: 'keep'})", offset: 16, message: "pipeline_file must be 'track' or 'ignore'" },
    { name: 'a quoted on_tags', text: "change_in('/a', {on_tags: 'false'})", offset: 16, message: 'on_tags must be true or false' },
    { name: 'exclude as a map', text: "change_in('/a', {exclude: {}})", offset: 16, message: "exclude must be a list of quoted file patterns, e.g. ['/docs']" },
    { name: 'default_branch as a number', text: "change_in('/a', {default_branch: 1})", offset: 16, message: "default_branch must be a quoted branch name, e.g. 'main'" },
    { name: 'branch_range as a list', text: "change_in('/a', {branch_range: []})", offset: 16, message: "branch_range must be a quoted commit range, e.g. 'main...HEAD'" },
    { name: 'default_range as a boolean', text: "change_in('/a', {default_range: true})", offset: 16, message: "default_range must be a quoted commit range, e.g. 'HEAD~1..HEAD'" },
    { name: 'an unclosed call', text: "change_in('/a'", offset: 9, message: 'the condition ends where ) to close the ( of the call was expected' },
    { name: 'arguments without a comma', text: "change_in('/a' '/b')", offset: 15, message: "expected , or ) in the argument list, found the string '/b'" },
    { name: 'a map without keys', text: "change_in('/a', {'x'})", offset: 17, message: "expected a map key such as exclude:, found the string 'x'" },
    { name: 'an unclosed list', text: "change_in(['/a'", offset: 10, message: 'the condition ends where ] to close the [ here was expected' },
    { name: 'a keyword as an argument', text: 'change_in(branch)', offset: 10, message: 'expected a value (a quoted string, number, true, false, [list] or {map}), found `branch`' },
    { name: 'a lexer error', text: "branch = 'x", offset: 9, message: "the string that starts here is never closed; end it with '" },
  ])('refuses $name at offset $offset', ({ text, offset, message }) => {
    expect(parseCondition(text)).toEqual({ ok: false, error: { offset, message } });
  });
});
