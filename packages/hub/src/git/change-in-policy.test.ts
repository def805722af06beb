import { describe, expect, it } from 'vitest';
import { decideChangeRange, matchesChanges, parseRev, patternMatches, resolvePattern, type RunRefFacts } from './change-in-policy.js';

const SHA = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);
const run = (over: Partial<RunRefFacts> = {}): RunRefFacts => ({ kind: 'branch', branch: 'feature', sha: SHA, commitRange: '', ...over });
const head = { kind: 'commit', sha: SHA, back: 0 };
const previous = { from: { ...head, back: 1 }, to: head, mergeBase: false };

describe('decideChangeRange', () => {
  it.each([
    { name: 'a tag always counts as changed (on_tags defaults to true)', run: run({ kind: 'tag', branch: '' }), options: {}, expected: { kind: 'changed' } },
    { name: 'a tag with on_tags: false compares the previous commit', run: run({ kind: 'tag', branch: '' }), options: { onTags: false }, expected: { kind: 'range', range: previous } },
    { name: 'the default branch (master by default) compares the previous commit', run: run({ branch: 'master' }), options: {}, expected: { kind: 'range', range: previous } },
    { name: 'default_branch names the default branch', run: run({ branch: 'main' }), options: { defaultBranch: 'main' }, expected: { kind: 'range', range: previous } },
    {
      name: 'another branch compares from the merge base with the default branch',
      run: run(),
      options: { defaultBranch: 'main' },
      expected: { kind: 'range', range: { from: { kind: 'branch', name: 'main', back: 0 }, to: head, mergeBase: true } },
    },
    {
      name: 'a pull request compares from the merge base with the branch it targets',
      run: run({ kind: 'pull_request', branch: 'develop' }),
      options: { defaultBranch: 'main' },
      expected: { kind: 'range', range: { from: { kind: 'branch', name: 'develop', back: 0 }, to: head, mergeBase: true } },
    },
    {
      name: 'branch_range replaces the range of other branches',
      run: run(),
      options: { branchRange: '$SEMAPHORE_MERGE_BASE..$SEMAPHORE_GIT_SHA' },
      expected: { kind: 'range', range: { from: { kind: 'branch', name: 'master', back: 0 }, to: head, mergeBase: false } },
    },
    {
      name: 'default_range replaces the range of the default branch',
      run: run({ branch: 'master' }),
      options: { defaultRange: 'HEAD~3..HEAD' },
      expected: { kind: 'range', range: { from: { ...head, back: 3 }, to: head, mergeBase: false } },
    },
    {
      name: '$SEMAPHORE_GIT_COMMIT_RANGE is the push range when the forge gave one',
      run: run({ branch: 'master', commitRange: `${OTHER}...${SHA}` }),
      options: { defaultRange: '$SEMAPHORE_GIT_COMMIT_RANGE' },
      expected: { kind: 'range', range: { from: { kind: 'commit', sha: OTHER, back: 0 }, to: head, mergeBase: true } },
    },
    {
      name: '$SEMAPHORE_GIT_COMMIT_RANGE is the previous commit otherwise',
      run: run({ branch: 'master' }),
      options: { defaultRange: '$SEMAPHORE_GIT_COMMIT_RANGE' },
      expected: { kind: 'range', range: previous },
    },
    { name: 'a range without dots', run: run(), options: { branchRange: 'main' }, expected: { kind: 'problem', problem: "change_in: 'main' is not a commit range; write A..B or A...B" } },
    {
      name: 'a revision that is not a name',
      run: run(),
      options: { branchRange: '$(id)..HEAD' },
      expected: { kind: 'problem', problem: "change_in: '$(id)' is not a revision: the branch name '$(id)' holds characters Outpost does not accept; use letters, digits and . _ - / + @ =" },
    },
  ])('$name', ({ run: facts, options, expected }) => {
    expect(decideChangeRange(facts, options)).toEqual(expected);
  });
});

describe('parseRev', () => {
  it.each([
    { text: 'HEAD', rev: { kind: 'commit', sha: SHA, back: 0 } },
    { text: 'HEAD^', rev: { kind: 'commit', sha: SHA, back: 1 } },
    { text: 'HEAD~2^', rev: { kind: 'commit', sha: SHA, back: 3 } },
    { text: OTHER.toUpperCase(), rev: { kind: 'commit', sha: OTHER, back: 0 } },
    { text: 'main~1', rev: { kind: 'branch', name: 'main', back: 1 } },
    { text: 'HEAD^2', rev: "'HEAD^2' names a second parent; only first parents (~N, ^) are supported" },
    { text: 'HEAD~5000', rev: "'HEAD~5000' goes back more than 1000 commits" },
  ])('$text', ({ text, rev }) => {
    expect(parseRev(text, SHA)).toEqual(rev);
  });
});

describe('patterns', () => {
  it.each([
    { pattern: '/lib', dir: '.semaphore', resolved: 'lib' },
    { pattern: '/backend/', dir: '.semaphore', resolved: 'backend' },
    { pattern: '../lib', dir: '.semaphore', resolved: 'lib' },
    { pattern: 'Gemfile.lock', dir: '.semaphore', resolved: '.semaphore/Gemfile.lock' },
    { pattern: '/', dir: '.semaphore', resolved: '' },
    { pattern: '../../x', dir: '.semaphore', resolved: null },
  ])('$pattern next to $dir is $resolved', ({ pattern, dir, resolved }) => {
    expect(resolvePattern(pattern, dir)).toBe(resolved);
  });

  it.each([
    { pattern: 'lib', file: 'lib/a/b.js', matches: true },
    { pattern: 'lib', file: 'lib', matches: true },
    { pattern: 'lib', file: 'library/x.js', matches: false },
    { pattern: 'lib/**/*.js', file: 'lib/a/b.js', matches: true },
    { pattern: 'lib/**/*.js', file: 'lib/b.js', matches: true },
    { pattern: 'lib/**/*.js', file: 'lib/a/b.ts', matches: false },
    { pattern: 'services/*', file: 'services/user/main.go', matches: true },
    { pattern: '*.md', file: 'README.md', matches: true },
    { pattern: '*.md', file: 'docs/x.md', matches: false },
    { pattern: 'a?c', file: 'abc', matches: true },
    { pattern: '', file: 'anything/at/all', matches: true },
    { pattern: '**/*.md', file: 'README.md', matches: true },
    { pattern: '**/*.md', file: 'docs/a/b.md', matches: true },
    { pattern: 'docs/**', file: 'docs/a/b.md', matches: true },
    { pattern: 'a**b', file: 'a/x/yb', matches: true },
    { pattern: 'lib/**/x', file: 'lib/x', matches: true },
    { pattern: 'lib/**/x', file: 'libx', matches: false },
    { pattern: 'lib/*/x', file: 'lib/a/b/x', matches: false },
    { pattern: 'a*b?d', file: 'axxbcd', matches: true },
    { pattern: 'a*b?d', file: 'axxb/d', matches: false },
    { pattern: '[abc]', file: '[abc]', matches: true },
    { pattern: 'a.b', file: 'axb', matches: false },
  ])('$pattern ~ $file: $matches', ({ pattern, file, matches }) => {
    expect(patternMatches(pattern, file)).toBe(matches);
  });
});

it('matches a pattern of many stars against a long path at once (no backtracking)', () => {
  const file = `${'a'.repeat(5000)}c`;
  // A backtracking regex for this pattern takes exponential time in the number of stars.
  expect(patternMatches('*a*a*a*a*a*a*a*a*a*a*a*a*b', file)).toBe(false);
  expect(patternMatches('**a**a**a**a**a**a**a**a**a**a**b', file)).toBe(false);
});

describe('matchesChanges', () => {
  const file = '.semaphore/semaphore.yml';
  it.each([
    { name: 'a changed file under the pattern', changed: ['backend/a.go'], paths: ['/backend'], options: {}, matches: true },
    { name: 'no changed file under it', changed: ['frontend/a.js'], paths: ['/backend'], options: {}, matches: false },
    { name: 'any of a list', changed: ['app/x'], paths: ['/lib', '/app'], options: {}, matches: true },
    { name: 'the pipeline file counts (pipeline_file: track)', changed: [file], paths: ['/backend'], options: {}, matches: true },
    { name: 'unless pipeline_file: ignore', changed: [file], paths: ['/backend'], options: { pipelineFile: 'ignore' }, matches: false },
    { name: 'exclude drops files first', changed: ['docs/a.md'], paths: ['/'], options: { excluded: ['/docs'] }, matches: false },
    { name: 'exclude keeps the others', changed: ['docs/a.md', 'src/a.ts'], paths: ['/'], options: { excluded: ['/docs'] }, matches: true },
    { name: 'nothing changed', changed: [], paths: ['/'], options: {}, matches: false },
  ])('$name', ({ changed, paths, options, matches }) => {
    expect(matchesChanges(changed, paths, options, file)).toBe(matches);
  });
});
