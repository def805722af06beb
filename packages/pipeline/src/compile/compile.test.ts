import { describe, expect, it } from 'vitest';
import type { ConditionContext, PipelinePlan, PlannedJob } from '../plan.js';
import { machineTypesOf } from '../plan-queries.js';
import { compilePipeline, validatePipeline } from './compile.js';

const MASTER: ConditionContext = { branch: 'master' };

function file(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const HEAD = ['version: v1.0', 'name: P', 'agent:', '  machine:', '    type: s1-linux', 'blocks:'];

function planOf(text: string, context: ConditionContext = MASTER): PipelinePlan {
  const result = compilePipeline(text, { fileName: 'p.yml', context });
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column} ${error.message}`).join('\n'));
  return result.plan;
}

function onlyJob(text: string, context: ConditionContext = MASTER): PlannedJob {
  const job = planOf(text, context).blocks[0]?.jobs[0];
  if (job === undefined) throw new Error('no job');
  return job;
}

/** One block, its task given as lines under `task:`. */
function task(...lines: string[]): string {
  return file(...HEAD, '  - name: B', '    task:', ...lines.map((line) => `      ${line}`));
}

describe('compilePipeline: a plan for every key', () => {
  it('plans a minimal pipeline with the defaults of the docs', () => {
    expect(planOf(file('version: v1.0', 'agent: { machine: { type: s1-linux } }', 'blocks:', '  - task: { jobs: [{ commands: [echo hi] }] }'))).toEqual({
      name: 'Pipeline',
      executionTimeLimitSeconds: 3600,
      blocks: [{
        name: 'Nameless block 1',
        dependencies: [],
        skipped: false,
        partialRerun: 'jobs',
        jobs: [{
          name: 'Nameless 1',
          machineType: 's1-linux',
          commands: ['echo hi'],
          envVars: [],
          secrets: [],
          epilogue: { always: [], onPass: [], onFail: [] },
          executionTimeLimitSeconds: 3600,
          priority: 60,
        }],
      }],
      failFast: { stop: false, cancel: false },
      autoCancel: { running: false, queued: false },
      afterPipeline: [],
    });
  });

  it('keeps os_image and takes a task agent over the pipeline one', () => {
    const plan = planOf(file('version: v1.0', 'agent:', '  machine:', '    type: s1-linux', '    os_image: ubuntu2404', 'blocks:',
      '  - name: A', '    task: { jobs: [{ name: a, commands: [x] }] }',
      '  - name: B', '    task:', '      agent: { machine: { type: s1-mac } }', '      jobs: [{ name: b, commands: [x] }]'));
    expect(plan.blocks.map((block) => block.jobs.map(({ machineType, osImage }) => ({ machineType, osImage })))).toEqual([
      [{ machineType: 's1-linux', osImage: 'ubuntu2404' }],
      [{ machineType: 's1-mac', osImage: undefined }],
    ]);
    expect(machineTypesOf(plan)).toEqual(['s1-linux', 's1-mac']);
  });

  it('runs without a top-level agent when every task has one', () => {
    const plan = planOf(file('version: v1.0', 'blocks:', '  - task:', '      agent: { machine: { type: s1-arm } }', '      jobs: [{ commands: [x] }]'));
    expect(machineTypesOf(plan)).toEqual(['s1-arm']);
  });

  it('prepends the global and task prologues, and runs the task epilogue before the global one', () => {
    const text = file(...HEAD.slice(0, 5),
      'global_job_config:',
      '  prologue: { commands: [checkout] }',
      '  epilogue:',
      '    always: { commands: [global-always] }',
      '    on_fail: { commands: [global-fail] }',
      'blocks:', '  - name: B', '    task:',
      '      prologue: { commands: [npm ci] }',
      '      epilogue:',
      '        always: { commands: [task-always] }',
      '        on_pass: { commands: [task-pass] }',
      '        on_fail: { commands: [task-fail] }',
      '      jobs: [{ name: J, commands: [npm test] }]');
    expect(onlyJob(text)).toMatchObject({
      commands: ['checkout', 'npm ci', 'npm test'],
      epilogue: { always: ['task-always', 'global-always'], onPass: ['task-pass'], onFail: ['task-fail', 'global-fail'] },
    });
  });

  it('merges env vars global → task → job → matrix, the later value winning', () => {
    const text = file(...HEAD.slice(0, 5),
      'global_job_config:',
      '  env_vars: [{ name: APP_ENV, value: global }, { name: G, value: g }]',
      'blocks:', '  - name: B', '    task:',
      '      env_vars: [{ name: APP_ENV, value: prod }, { name: VAR_1, value: task }]',
      '      jobs:',
      '        - name: J',
      '          commands: [x]',
      '          env_vars: [{ name: VAR_1, value: job }, { name: NODE, value: job }]',
      '          matrix: [{ env_var: NODE, values: ["20"] }]');
    expect(onlyJob(text).envVars).toEqual([
      { name: 'APP_ENV', value: 'prod' },
      { name: 'G', value: 'g' },
      { name: 'VAR_1', value: 'job' },
      { name: 'NODE', value: '20' },
    ]);
  });

  it('lists secrets global first, each once', () => {
    const text = file(...HEAD.slice(0, 5), 'global_job_config:', '  secrets: [{ name: github }, { name: aws }]',
      'blocks:', '  - task:', '      secrets: [{ name: aws }, { name: docker }]', '      jobs: [{ commands: [x] }]');
    expect(onlyJob(text).secrets).toEqual(['github', 'aws', 'docker']);
  });

  it.each([
    { name: 'the first job rule that holds', context: MASTER, priority: 70 },
    { name: 'a later job rule', context: { branch: 'dev' }, priority: 45 },
    { name: 'a global rule after the job rules', context: { tag: 'v1' }, priority: 30 },
    { name: 'the default when no rule holds', context: { pullRequest: '3', branch: 'x' }, priority: 50 },
  ])('sets the priority from $name', ({ context, priority }) => {
    const text = file(...HEAD.slice(0, 5), 'global_job_config:', '  priority:', "    - { value: 30, when: \"tag =~ '.*'\" }",
      'blocks:', '  - task:', '      jobs:', '        - commands: [x]', '          priority:',
      "            - { value: 70, when: \"branch = 'master'\" }", "            - { value: 45, when: \"branch = 'dev'\" }");
    expect(onlyJob(text, context).priority).toBe(priority);
  });

  it.each([
    { name: 'the pipeline default for every job', lines: [], pipeline: 3600, job: 3600 },
    { name: "the pipeline's limit", lines: ['execution_time_limit: { hours: 3 }'], pipeline: 10800, job: 10800 },
    { name: "the block's limit", lines: ['execution_time_limit: { hours: 3 }'], block: ['    execution_time_limit: { hours: 2 }'], pipeline: 10800, job: 7200 },
    { name: "the job's own limit", lines: [], jobLimit: ['          execution_time_limit: { minutes: 15 }'], pipeline: 3600, job: 900 },
  ])('gives jobs $name', ({ lines, block = [], jobLimit = [], pipeline, job }) => {
    const plan = planOf(file(...HEAD.slice(0, 5), ...lines, 'blocks:', '  - name: B', ...block, '    task:', '      jobs:', '        - commands: [x]', ...jobLimit));
    expect([plan.executionTimeLimitSeconds, plan.blocks[0]?.jobs[0]?.executionTimeLimitSeconds]).toEqual([pipeline, job]);
  });

  it.each([
    { name: 'skip.when holds', lines: ['    skip:', "      when: \"branch = 'master'\""], context: MASTER, skipped: true },
    { name: 'skip.when does not hold', lines: ['    skip:', "      when: \"branch = 'master'\""], context: { branch: 'dev' }, skipped: false },
    { name: 'run.when holds', lines: ['    run:', "      when: \"branch = 'master'\""], context: MASTER, skipped: false },
    { name: 'run.when does not hold', lines: ['    run:', "      when: \"branch = 'master'\""], context: { branch: 'dev' }, skipped: true },
    { name: 'run.when is false', lines: ['    run:', '      when: false'], context: MASTER, skipped: true },
  ])('skips a block when $name: $skipped', ({ lines, context, skipped }) => {
    const plan = planOf(file(...HEAD, '  - name: B', ...lines, '    task: { jobs: [{ commands: [x] }] }'), context);
    expect(plan.blocks[0]?.skipped).toBe(skipped);
    expect(plan.blocks[0]?.jobs).toHaveLength(1);
  });

  it.each([
    { name: 'stop alone', lines: ['fail_fast:', '  stop:', "    when: \"branch != 'master'\""], context: { branch: 'dev' }, failFast: { stop: true, cancel: false } },
    { name: 'stop on master', lines: ['fail_fast:', '  stop:', "    when: \"branch != 'master'\""], context: MASTER, failFast: { stop: false, cancel: false } },
    { name: 'cancel alone', lines: ['fail_fast:', '  cancel: { when: true }'], context: MASTER, failFast: { stop: false, cancel: true } },
    { name: 'both: stop is evaluated first', lines: ['fail_fast:', '  stop: { when: true }', '  cancel: { when: true }'], context: MASTER, failFast: { stop: true, cancel: false } },
    { name: 'both, stop not holding', lines: ['fail_fast:', '  stop: { when: false }', '  cancel: { when: true }'], context: MASTER, failFast: { stop: false, cancel: true } },
  ])('evaluates fail_fast: $name', ({ lines, context, failFast }) => {
    expect(planOf(file(...HEAD.slice(0, 5), ...lines, 'blocks:', '  - task: { jobs: [{ commands: [x] }] }'), context).failFast).toEqual(failFast);
  });

  it.each([
    { name: 'running', lines: ['auto_cancel:', '  running:', "    when: \"branch != 'master'\""], context: { branch: 'dev' }, autoCancel: { running: true, queued: false } },
    { name: 'queued', lines: ['auto_cancel:', '  queued: { when: true }'], context: MASTER, autoCancel: { running: false, queued: true } },
    { name: 'both: running is evaluated first', lines: ['auto_cancel:', '  running: { when: true }', '  queued: { when: true }'], context: MASTER, autoCancel: { running: true, queued: false } },
    { name: 'the mixed strategy of pipelines.md on master', lines: ['auto_cancel:', "  running: { when: \"branch != 'master'\" }", "  queued: { when: \"branch = 'master'\" }"], context: MASTER, autoCancel: { running: false, queued: true } },
  ])('evaluates auto_cancel: $name', ({ lines, context, autoCancel }) => {
    expect(planOf(file(...HEAD.slice(0, 5), ...lines, 'blocks:', '  - task: { jobs: [{ commands: [x] }] }'), context).autoCancel).toEqual(autoCancel);
  });

  it('plans after_pipeline jobs without global_job_config, under the pipeline limit, at priority 45', () => {
    const plan = planOf(file(...HEAD.slice(0, 5),
      'execution_time_limit: { hours: 2 }',
      'global_job_config:',
      '  prologue: { commands: [checkout] }',
      '  secrets: [{ name: global }]',
      'blocks:', '  - task: { jobs: [{ commands: [x] }] }',
      'after_pipeline:',
      '  task:',
      '    secrets: [{ name: statsd }]',
      '    jobs:',
      '      - name: Submit Metrics',
      '        commands: [submit]',
      '      - name: Publish Tests',
      '        execution_time_limit: { hours: 3 }',
      '        commands: [test-results gen-pipeline-report]'));
    expect(plan.afterPipeline).toEqual([
      { name: 'Submit Metrics', machineType: 's1-linux', commands: ['submit'], envVars: [], secrets: ['statsd'], epilogue: { always: [], onPass: [], onFail: [] }, executionTimeLimitSeconds: 7200, priority: 45 },
      { name: 'Publish Tests', machineType: 's1-linux', commands: ['test-results gen-pipeline-report'], envVars: [], secrets: ['statsd'], epilogue: { always: [], onPass: [], onFail: [] }, executionTimeLimitSeconds: 10800, priority: 45 },
    ]);
  });

  it('expands matrix and parallelism jobs inside after_pipeline too', () => {
    const plan = planOf(file(...HEAD, '  - task: { jobs: [{ commands: [x] }] }', 'after_pipeline:', '  task:', '    jobs:', '      - name: Notify', '        parallelism: 2', '        commands: [x]'));
    expect(plan.afterPipeline.map((job) => job.name)).toEqual(['Notify - 1/2', 'Notify - 2/2']);
  });

  it.each([
    { name: 'the pipeline setting', lines: ['partial_rerun: block'], block: [], rerun: 'block' },
    { name: "the block's own", lines: ['partial_rerun: block'], block: ['    partial_rerun: jobs'], rerun: 'jobs' },
  ])('resolves partial_rerun from $name', ({ lines, block, rerun }) => {
    const plan = planOf(file(...HEAD.slice(0, 5), ...lines, 'blocks:', '  - name: B', ...block, '    task: { jobs: [{ commands: [x] }] }'));
    expect(plan.blocks[0]?.partialRerun).toBe(rerun);
  });

  it('accepts a queue and does not act on it', () => {
    const plan = planOf(file(...HEAD.slice(0, 5), 'queue:', "  - when: \"branch = 'master'\"", '    name: Production', '    scope: organization', '  - when: true', '    processing: parallel', 'blocks:', '  - task: { jobs: [{ commands: [x] }] }'));
    expect(plan.blocks).toHaveLength(1);
  });

  it('makes the blocks of a file without dependencies run in file order', () => {
    const plan = planOf(file(...HEAD, '  - name: A', '    task: { jobs: [{ commands: [x] }] }', '  - name: B', '    task: { jobs: [{ commands: [x] }] }', '  - task: { jobs: [{ commands: [x] }] }'));
    expect(plan.blocks.map(({ name, dependencies }) => ({ name, dependencies }))).toEqual([
      { name: 'A', dependencies: [] },
      { name: 'B', dependencies: ['A'] },
      { name: 'Nameless block 1', dependencies: ['B'] },
    ]);
  });
});

describe('compilePipeline: change_in', () => {
  const text = task('jobs: [{ commands: [x] }]').replace('  - name: B\n', "  - name: B\n    run:\n      when: \"branch = 'master' and change_in(['/lib', '/app'], {exclude: ['/lib/docs']})\"\n");

  it('evaluates change_in through the context', () => {
    const calls: unknown[] = [];
    const changed = planOf(text, { branch: 'master', changeIn: (paths, options) => (calls.push({ paths, options }), true) });
    const unchanged = planOf(text, { branch: 'master', changeIn: () => false });
    expect([changed.blocks[0]?.skipped, unchanged.blocks[0]?.skipped]).toEqual([false, true]);
    expect(calls).toEqual([{ paths: ['/lib', '/app'], options: { excluded: ['/lib/docs'] } }]);
  });

  it('fails at the call when the project has no git repository, even where evaluation would not reach it', () => {
    expect(compilePipeline(text, { fileName: 'p.yml', context: { branch: 'dev' } })).toEqual({
      ok: false,
      errors: [{ file: 'p.yml', line: 9, column: 36, path: 'blocks[0].run.when', message: 'change_in needs a project with a git repository to compare commits; this pipeline was started without one' }],
    });
  });

  it('reports a change_in of a global priority rule once, not once per job', () => {
    const withGlobal = file(...HEAD.slice(0, 5), 'global_job_config:', '  priority:', "    - { value: 70, when: \"change_in('/lib')\" }", 'blocks:', '  - task: { jobs: [{ commands: [x] }, { commands: [y] }] }');
    const result = compilePipeline(withGlobal, { fileName: 'p.yml', context: MASTER });
    expect(result.ok ? [] : result.errors.map(({ line, column }) => [line, column])).toEqual([[8, 27]]);
  });

  it('is no error for validatePipeline, which does not evaluate conditions', () => {
    expect(validatePipeline(text, { fileName: 'p.yml' })).toEqual([]);
  });
});
