import { describe, expect, it } from 'vitest';
import { DEFAULT_EXECUTION_TIME_LIMIT_MINUTES } from '../limits.js';
import { mergeEnvVars, mergeSecrets } from './env-vars.js';
import { cartesianProduct, expandJob, variantCount } from './job-variants.js';
import { choosePriority, defaultPriority } from './priority-policy.js';
import { effectiveLimitMinutes, formatMinutes, timeLimitProblems } from './time-limit-policy.js';

describe('expandJob: matrix (pipeline-yaml.md#matrix-in-jobs, plumber JobMatrix.Handler)', () => {
  it('names each combination of the docs example, the first axis varying slowest', () => {
    const matrix = [{ envVar: 'ELIXIR', values: ['1.3', '1.4'] }, { envVar: 'ERLANG', values: ['19', '20', '21'] }];
    expect(expandJob('Elixir + Erlang matrix', { matrix }).map((job) => job.name)).toEqual([
      'Elixir + Erlang matrix - ELIXIR=1.3, ERLANG=19',
      'Elixir + Erlang matrix - ELIXIR=1.3, ERLANG=20',
      'Elixir + Erlang matrix - ELIXIR=1.3, ERLANG=21',
      'Elixir + Erlang matrix - ELIXIR=1.4, ERLANG=19',
      'Elixir + Erlang matrix - ELIXIR=1.4, ERLANG=20',
      'Elixir + Erlang matrix - ELIXIR=1.4, ERLANG=21',
    ]);
  });

  it('gives each job its values as env vars, in axis order', () => {
    const matrix = [{ envVar: 'PKG_MNGR', values: ['npm', 'yarn'] }, { envVar: 'NODE_VER', values: ['22.5.1'] }];
    expect(expandJob('Job', { matrix })).toEqual([
      { name: 'Job - PKG_MNGR=npm, NODE_VER=22.5.1', envVars: [{ name: 'PKG_MNGR', value: 'npm' }, { name: 'NODE_VER', value: '22.5.1' }] },
      { name: 'Job - PKG_MNGR=yarn, NODE_VER=22.5.1', envVars: [{ name: 'PKG_MNGR', value: 'yarn' }, { name: 'NODE_VER', value: '22.5.1' }] },
    ]);
  });

  it.each([
    { axes: [['a', 'b']], combinations: 2 },
    { axes: [['a', 'b'], ['1', '2', '3']], combinations: 6 },
    { axes: [['a', 'b'], ['1', '2'], ['x', 'y']], combinations: 8 },
    { axes: [['only']], combinations: 1 },
  ])('a matrix of $axes has $combinations jobs, counted without building them', ({ axes, combinations }) => {
    const matrix = axes.map((values, index) => ({ envVar: `V${index}`, values }));
    expect(cartesianProduct(matrix)).toHaveLength(combinations);
    expect(variantCount({ matrix })).toBe(combinations);
  });

  it('orders three axes like nested loops', () => {
    const matrix = [{ envVar: 'A', values: ['1', '2'] }, { envVar: 'B', values: ['x'] }, { envVar: 'C', values: ['p', 'q'] }];
    expect(cartesianProduct(matrix).map((envVars) => envVars.map((envVar) => envVar.value).join(''))).toEqual(['1xp', '1xq', '2xp', '2xq']);
  });
});

describe('expandJob: parallelism (pipeline-yaml.md#parallelism-in-jobs)', () => {
  it('makes the four jobs of the docs example', () => {
    expect(expandJob('Parallel job', { parallelism: 4 })).toEqual([1, 2, 3, 4].map((index) => ({
      name: `Parallel job - ${index}/4`,
      envVars: [{ name: 'SEMAPHORE_JOB_INDEX', value: String(index) }, { name: 'SEMAPHORE_JOB_COUNT', value: '4' }],
    })));
    expect(variantCount({ parallelism: 4 })).toBe(4);
  });

  it('leaves a plain job as it is', () => {
    expect(expandJob('Lint', {})).toEqual([{ name: 'Lint', envVars: [] }]);
    expect(variantCount({})).toBe(1);
  });
});

describe('mergeEnvVars / mergeSecrets', () => {
  it.each([
    { name: 'layers in order', layers: [[{ name: 'A', value: '1' }], [{ name: 'B', value: '2' }]], merged: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
    { name: 'a later layer wins and the name keeps its first place', layers: [[{ name: 'A', value: 'global' }, { name: 'B', value: 'b' }], [{ name: 'A', value: 'task' }], [{ name: 'A', value: 'job' }]], merged: [{ name: 'A', value: 'job' }, { name: 'B', value: 'b' }] },
    { name: 'no layers', layers: [], merged: [] },
  ])('$name', ({ layers, merged }) => {
    expect(mergeEnvVars(...layers)).toEqual(merged);
  });

  it('keeps each secret once, global first', () => {
    expect(mergeSecrets(['github', 'aws'], ['aws', 'docker'])).toEqual(['github', 'aws', 'docker']);
  });
});

describe('priority (jobs.md#default-priority)', () => {
  it.each([
    { name: 'master branch', context: { branch: 'master' }, kind: 'block' as const, priority: 60 },
    { name: 'another branch', context: { branch: 'main' }, kind: 'block' as const, priority: 50 },
    { name: 'a tag', context: { tag: 'v1.0' }, kind: 'block' as const, priority: 50 },
    { name: 'a pull request into master', context: { branch: 'master', pullRequest: '7' }, kind: 'block' as const, priority: 50 },
    { name: 'no values at all', context: {}, kind: 'block' as const, priority: 50 },
    { name: 'an after-pipeline job on master', context: { branch: 'master' }, kind: 'after_pipeline' as const, priority: 45 },
  ])('the default for $name is $priority', ({ context, kind, priority }) => {
    expect(defaultPriority(context, kind)).toBe(priority);
  });

  it('takes the first rule that holds and evaluates no further', () => {
    const asked: number[] = [];
    const rule = (value: number, holds: boolean) => ({ value, holds: () => (asked.push(value), holds) });
    expect(choosePriority([rule(70, false), rule(45, true), rule(10, true)], 50)).toBe(45);
    expect(asked).toEqual([70, 45]);
    expect(choosePriority([rule(70, false)], 50)).toBe(50);
  });
});

describe('execution time limits', () => {
  it.each([
    { minutes: 1, words: '1 minute' },
    { minutes: 45, words: '45 minutes' },
    { minutes: 60, words: '1 hour' },
    { minutes: 90, words: '1 hour and 30 minutes' },
    { minutes: 121, words: '2 hours and 1 minute' },
    { minutes: 1440, words: '24 hours' },
  ])('$minutes minutes read "$words"', ({ minutes, words }) => {
    expect(formatMinutes(minutes)).toBe(words);
  });

  it.each([
    { name: 'a job with its own limit', job: 10, block: 30, pipeline: 120, minutes: 10 },
    { name: "a job under its block's", job: undefined, block: 30, pipeline: 120, minutes: 30 },
    { name: "a job under the pipeline's", job: undefined, block: undefined, pipeline: 120, minutes: 120 },
    { name: 'a job under the default', job: undefined, block: undefined, pipeline: undefined, minutes: DEFAULT_EXECUTION_TIME_LIMIT_MINUTES },
  ])('$name runs for $minutes minutes', ({ job, block, pipeline, minutes }) => {
    expect(effectiveLimitMinutes(job, block, pipeline)).toBe(minutes);
  });

  it.each([
    { name: 'limits that nest', pipeline: 180, block: 120, job: 60, messages: [] },
    { name: 'equal limits', pipeline: 60, block: 60, job: 60, messages: [] },
    { name: 'a block longer than the default pipeline limit', pipeline: undefined, block: 120, job: undefined, messages: ['block "B" has an execution_time_limit of 2 hours, longer than the pipeline\'s limit of 1 hour (the default); the pipeline would stop it first'] },
    { name: 'a block longer than the pipeline', pipeline: 30, block: 45, job: undefined, messages: ['block "B" has an execution_time_limit of 45 minutes, longer than the pipeline\'s limit of 30 minutes; the pipeline would stop it first'] },
    { name: 'a job longer than its block', pipeline: 180, block: 60, job: 90, messages: ['job "J" has an execution_time_limit of 1 hour and 30 minutes, longer than the limit of its block "B" (1 hour); the block would stop it first'] },
    { name: 'a job longer than the pipeline', pipeline: undefined, block: undefined, job: 120, messages: ['job "J" has an execution_time_limit of 2 hours, longer than the pipeline\'s limit of 1 hour (the default); the pipeline would stop it first'] },
  ])('$name', ({ pipeline, block, job, messages }) => {
    const blocks = [{
      name: 'B',
      ...(block === undefined ? {} : { limit: { minutes: block, at: 'block' } }),
      jobs: [{ name: 'J', ...(job === undefined ? {} : { limit: { minutes: job, at: 'job' } }) }],
    }];
    expect(timeLimitProblems(pipeline, blocks).map((problem) => problem.message)).toEqual(messages);
  });
});
