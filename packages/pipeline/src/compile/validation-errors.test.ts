import { describe, expect, it } from 'vitest';
import { validatePipeline } from './compile.js';

// Every error message of the language, each with the line, column and path it is reported at. Files are built from
// lines so a row shows exactly where its error sits: HEAD is lines 1–5, a block starts on line 6.
const HEAD = ['version: v1.0', 'agent:', '  machine:', '    type: s1-linux', 'blocks:'];
const BLOCK = ['  - name: B', '    task:', '      jobs:', '        - name: J', '          commands: [make]'];

function file(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A file whose only block's task is `taskLines` (indented under `task:` on line 7). */
function withTask(...taskLines: string[]): string {
  return file(...HEAD, '  - name: B', '    task:', ...taskLines.map((line) => `      ${line}`));
}

/** A file whose only job is `jobLines` (its first line on line 9). */
function withJob(...jobLines: string[]): string {
  return withTask('jobs:', ...jobLines.map((line, index) => `${index === 0 ? '  - ' : '    '}${line}`));
}

function at(line: number, column: number, path: string, message: string): { line: number; column: number; path: string; message: string } {
  return { line, column, path, message };
}

function errorsOf(text: string): unknown[] {
  return validatePipeline(text, { fileName: '.semaphore/semaphore.yml' }).map(({ line, column, path, message }) => ({ line, column, path, message }));
}

const AGENT_EXAMPLE = 'the pipeline needs an `agent` with a machine type, e.g. agent: { machine: { type: s1-linux } }, or every task its own `agent`';
const TOP_KEYS = 'version, name, agent, blocks, after_pipeline, execution_time_limit, global_job_config, fail_fast, auto_cancel, queue, partial_rerun';
const SELF_HOSTED = 'Outpost runs self-hosted agent types, whose names start with s1-';

describe('validatePipeline: the top level', () => {
  it.each([
    { name: 'an empty file', text: '', errors: [at(1, 1, '', 'the file is empty; a pipeline needs at least `version: v1.0`, an `agent` and `blocks`')] },
    { name: 'a list at the top', text: file('- a'), errors: [at(1, 1, '', 'the file must be a map with the keys version, name, agent and blocks; found a list')] },
    { name: 'no version', text: file(...HEAD.slice(1), ...BLOCK), errors: [at(1, 1, '', 'the pipeline needs `version: v1.0`')] },
    { name: 'version as a YAML number', text: file('version: 1.0', ...HEAD.slice(1), ...BLOCK), errors: [at(1, 10, 'version', "`version` must be v1.0, the only version of Semaphore's pipeline YAML; found the number 1")] },
    { name: 'another version', text: file('version: v2.0', ...HEAD.slice(1), ...BLOCK), errors: [at(1, 10, 'version', '`version` must be v1.0, the only version of Semaphore\'s pipeline YAML; found the string "v2.0"')] },
    { name: 'an unknown key', text: file(...HEAD, ...BLOCK, 'stages: []'), errors: [at(11, 1, 'stages', `unknown key \`stages\` at the top level; expected one of ${TOP_KEYS}`)] },
    { name: 'promotions', text: file(...HEAD, ...BLOCK, 'promotions:', '  - name: Deploy', '    pipeline_file: deploy.yml'), errors: [at(11, 1, 'promotions', 'promotions are not supported yet: Outpost runs one pipeline per workflow; start the other pipeline on its own')] },
    { name: 'a numeric name', text: file('name: 42', ...HEAD, ...BLOCK), errors: [at(1, 7, 'name', '`name` must be a non-empty string; found the number 42; put it in quotes to make it a string, e.g. "42"')] },
    { name: 'an empty name', text: file('name: ""', ...HEAD, ...BLOCK), errors: [at(1, 7, 'name', '`name` must be a non-empty string; found an empty string')] },
    { name: 'no blocks', text: file(...HEAD.slice(0, 4)), errors: [at(1, 1, '', 'the pipeline needs `blocks`, a list of blocks with their jobs')] },
    { name: 'blocks as a map', text: file(...HEAD, '  a: 1'), errors: [at(6, 3, 'blocks', '`blocks` must be a list of blocks; found a map')] },
    { name: 'an empty block list', text: file(...HEAD.slice(0, 4), 'blocks: []'), errors: [at(5, 9, 'blocks', '`blocks` must list at least one block')] },
    {
      name: 'more than 100 blocks',
      text: file(...HEAD, ...Array.from({ length: 101 }, (_, index) => `  - { name: B${index}, task: { jobs: [{ commands: [x] }] } }`)),
      errors: [at(6, 3, 'blocks', 'a pipeline may have at most 100 blocks; this one has 101')],
    },
    { name: 'an unknown partial_rerun', text: file(...HEAD, ...BLOCK, 'partial_rerun: all'), errors: [at(11, 16, 'partial_rerun', '`partial_rerun` must be `jobs` or `block`; found "all"')] },
  ])('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

describe('validatePipeline: agent', () => {
  const agent = (...lines: string[]): string => file('version: v1.0', 'agent:', ...lines, 'blocks:', ...BLOCK);
  it.each([
    { name: 'no agent anywhere', text: file('version: v1.0', 'blocks:', ...BLOCK), errors: [at(1, 1, '', AGENT_EXAMPLE)] },
    { name: 'a Semaphore cloud machine', text: agent('  machine:', '    type: e1-standard-2', '    os_image: ubuntu2404'), errors: [at(4, 11, 'agent.machine.type', `agent.machine.type "e1-standard-2" is a Semaphore cloud machine; ${SELF_HOSTED}`)] },
    { name: 'an Apple cloud machine', text: agent('  machine:', '    type: a2-standard-4'), errors: [at(4, 11, 'agent.machine.type', `agent.machine.type "a2-standard-4" is a Semaphore cloud machine; ${SELF_HOSTED}`)] },
    { name: 'a name without s1-', text: agent('  machine:', '    type: linux-large'), errors: [at(4, 11, 'agent.machine.type', `agent.machine.type "linux-large" is not a self-hosted agent type; ${SELF_HOSTED}`)] },
    { name: 'an s1- name no agent type can have', text: agent('  machine:', '    type: s1-big box'), errors: [at(4, 11, 'agent.machine.type', "agent.machine.type \"s1-big box\" cannot name an agent type: the agent type name 's1-big box' may only contain letters, digits, '-' and '_' after 's1-'")] },
    { name: 'an empty type', text: agent('  machine:', '    type: ""'), errors: [at(4, 11, 'agent.machine.type', '`type` must be the name of a self-hosted agent type, e.g. s1-linux; found an empty string')] },
    { name: 'a machine without type', text: agent('  machine:', '    os_image: ubuntu2404'), errors: [at(4, 5, 'agent.machine', '`machine` needs a `type`: the name of a self-hosted agent type, e.g. s1-linux')] },
    { name: 'an agent without machine', text: agent('  os_image: ubuntu2404'), errors: [at(3, 3, 'agent.os_image', 'unknown key `os_image` in `agent`; expected one of machine'), at(3, 3, 'agent', '`agent` needs a `machine` with a `type`, e.g. machine: { type: s1-linux }')] },
    { name: 'an unknown machine key', text: agent('  machine:', '    type: s1-linux', '    cpu: 4'), errors: [at(5, 5, 'agent.machine.cpu', 'unknown key `cpu` in `agent.machine`; expected one of type, os_image')] },
    { name: 'a numeric os_image', text: agent('  machine:', '    type: s1-linux', '    os_image: 2404'), errors: [at(5, 15, 'agent.machine.os_image', '`os_image` must be a string; found the number 2404; put it in quotes to make it a string, e.g. "2404"')] },
    { name: 'an agent written as a string', text: file('version: v1.0', 'agent: s1-linux', 'blocks:', ...BLOCK), errors: [at(2, 8, 'agent', '`agent` must be a map with the keys machine; found the string "s1-linux"')] },
    {
      name: 'Docker containers',
      text: agent('  machine:', '    type: s1-linux', '  containers:', '    - name: main', '      image: ruby:3'),
      errors: [at(5, 3, 'agent.containers', "agent.containers is not supported: Outpost's self-hosted agents run jobs with the shell executor, not in Docker containers; remove `containers` and run the commands on the agent's machine")],
    },
    {
      name: 'a task agent with a cloud machine',
      text: withTask('agent:', '  machine:', '    type: f1-standard-2', 'jobs:', '  - commands: [x]'),
      errors: [at(10, 17, 'blocks[0].task.agent.machine.type', `agent.machine.type "f1-standard-2" is a Semaphore cloud machine; ${SELF_HOSTED}`)],
    },
    {
      name: 'a block without agent when only another block has one',
      text: file('version: v1.0', 'blocks:', '  - name: A', '    task:', '      agent: { machine: { type: s1-linux } }', '      jobs: [{ commands: [x] }]', '  - name: B', '    task:', '      jobs: [{ commands: [x] }]'),
      errors: [at(9, 7, 'blocks[1].task', 'block "B" has no agent: set `agent` at the top of the file or `agent` in this task')],
    },
  ])('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

describe('validatePipeline: pipeline settings', () => {
  it.each([
    { name: 'both hours and minutes', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  hours: 1', '  minutes: 30'), errors: [at(13, 12, 'execution_time_limit.minutes', '`execution_time_limit` takes `hours` or `minutes`, not both')] },
    { name: 'neither hours nor minutes', text: file(...HEAD, ...BLOCK, 'execution_time_limit: {}'), errors: [at(11, 23, 'execution_time_limit', '`execution_time_limit` needs `hours` or `minutes`, e.g. execution_time_limit: { hours: 2 }')] },
    { name: 'more than 24 hours', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  hours: 25'), errors: [at(12, 10, 'execution_time_limit.hours', '`hours` must be a whole number of hours from 1 to 24; found 25')] },
    { name: 'zero minutes', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  minutes: 0'), errors: [at(12, 12, 'execution_time_limit.minutes', '`minutes` must be a whole number of minutes from 1 to 1440; found 0')] },
    { name: 'more than 1440 minutes', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  minutes: 1441'), errors: [at(12, 12, 'execution_time_limit.minutes', '`minutes` must be a whole number of minutes from 1 to 1440; found 1441')] },
    { name: 'fractional hours', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  hours: 1.5'), errors: [at(12, 10, 'execution_time_limit.hours', '`hours` must be a whole number of hours from 1 to 24; found the number 1.5')] },
    { name: 'hours as a string', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  hours: "2"'), errors: [at(12, 10, 'execution_time_limit.hours', '`hours` must be a whole number of hours from 1 to 24; found the string "2"')] },
    { name: 'a limit given as a number', text: file(...HEAD, ...BLOCK, 'execution_time_limit: 60'), errors: [at(11, 23, 'execution_time_limit', '`execution_time_limit` must be a map with `hours` or `minutes`, e.g. execution_time_limit: { hours: 2 }; found the number 60')] },
    { name: 'an unknown limit unit', text: file(...HEAD, ...BLOCK, 'execution_time_limit:', '  days: 1'), errors: [at(12, 3, 'execution_time_limit.days', 'unknown key `days` in `execution_time_limit`; expected one of hours, minutes'), at(12, 3, 'execution_time_limit', '`execution_time_limit` needs `hours` or `minutes`, e.g. execution_time_limit: { hours: 2 }')] },
    { name: 'an empty fail_fast', text: file(...HEAD, ...BLOCK, 'fail_fast: {}'), errors: [at(11, 12, 'fail_fast', '`fail_fast` needs `stop` or `cancel`, each with a `when` condition')] },
    { name: 'fail_fast.stop without when', text: file(...HEAD, ...BLOCK, 'fail_fast:', '  stop: {}'), errors: [at(12, 9, 'fail_fast.stop', '`stop` needs a `when` condition, e.g. when: "branch = \'master\'"')] },
    { name: 'an empty condition', text: file(...HEAD, ...BLOCK, 'fail_fast:', '  cancel:', '    when: ""'), errors: [at(13, 11, 'fail_fast.cancel.when', '`when` must be a condition such as "branch = \'master\'", or true or false; found the string ""')] },
    { name: 'an unknown fail_fast key', text: file(...HEAD, ...BLOCK, 'fail_fast:', '  abort:', '    when: true'), errors: [at(12, 3, 'fail_fast.abort', 'unknown key `abort` in `fail_fast`; expected one of stop, cancel'), at(12, 3, 'fail_fast', '`fail_fast` needs `stop` or `cancel`, each with a `when` condition')] },
    { name: 'a condition with a syntax error, at the character', text: file(...HEAD, ...BLOCK, 'auto_cancel:', '  running:', `    when: "branch = 'master' and tag"`), errors: [at(13, 37, 'auto_cancel.running.when', 'the condition ends where =, !=, =~ or !~ after `tag` was expected')] },
    { name: 'a condition with a bad regular expression', text: file(...HEAD, ...BLOCK, 'auto_cancel:', '  queued:', `    when: branch =~ '[a-'`), errors: [at(13, 21, 'auto_cancel.queued.when', "'[a-' is not a valid regular expression: Invalid regular expression: /[a-/: Unterminated character class")] },
    { name: 'a condition on the pipeline result', text: file(...HEAD, ...BLOCK, 'fail_fast:', '  stop:', `    when: "result = 'failed'"`), errors: [at(13, 12, 'fail_fast.stop.when', '`result` has no value while a pipeline runs; Semaphore allows result and result_reason only in the auto_promote conditions of promotions')] },
    { name: 'a condition as a number', text: file(...HEAD, ...BLOCK, 'auto_cancel:', '  running:', '    when: 1'), errors: [at(13, 11, 'auto_cancel.running.when', '`when` must be a condition such as "branch = \'master\'", or true or false; found the number 1')] },
    { name: 'an empty auto_cancel', text: file(...HEAD, ...BLOCK, 'auto_cancel: {}'), errors: [at(11, 14, 'auto_cancel', '`auto_cancel` needs `running` or `queued`, each with a `when` condition')] },
    { name: 'an agent in global_job_config', text: file(...HEAD, ...BLOCK, 'global_job_config:', '  agent: { machine: { type: s1-linux } }'), errors: [at(12, 3, 'global_job_config.agent', 'unknown key `agent` in `global_job_config`; expected one of prologue, epilogue, secrets, env_vars, priority')] },
    { name: 'a global prologue without commands', text: file(...HEAD, ...BLOCK, 'global_job_config:', '  prologue: {}'), errors: [at(12, 13, 'global_job_config.prologue', '`prologue` needs `commands`, a list of shell commands')] },
    { name: 'a global prologue from a file', text: file(...HEAD, ...BLOCK, 'global_job_config:', '  prologue:', '    commands_file: setup.sh'), errors: [at(13, 5, 'global_job_config.prologue.commands_file', 'commands_file is not supported yet: Outpost reads the pipeline file only, not the files beside it; list the commands under `commands`')] },
    { name: 'a queue scope', text: file(...HEAD, ...BLOCK, 'queue:', '  name: deploy', '  scope: team'), errors: [at(13, 10, 'queue.scope', '`scope` must be one of project, organization; found the string "team"')] },
    { name: 'a queue processing mode', text: file(...HEAD, ...BLOCK, 'queue:', '  processing: fifo'), errors: [at(12, 15, 'queue.processing', '`processing` must be one of serialized, parallel; found the string "fifo"')] },
    { name: 'a queue rule with neither name nor processing', text: file(...HEAD, ...BLOCK, 'queue:', "  - when: \"branch = 'master'\"", '    scope: project'), errors: [at(12, 5, 'queue[0]', 'a queue rule needs `name` or `processing`')] },
    { name: 'a queue condition with a syntax error', text: file(...HEAD, ...BLOCK, 'queue:', '  - when: branch ==', '    processing: parallel'), errors: [at(12, 19, 'queue[0].when', 'expected a quoted string after `=`, e.g. branch = \'master\'; found `=`')] },
    { name: 'after_pipeline without task', text: file(...HEAD, ...BLOCK, 'after_pipeline:', '  jobs: []'), errors: [at(12, 3, 'after_pipeline.jobs', 'unknown key `jobs` in `after_pipeline`; expected one of task'), at(12, 3, 'after_pipeline', '`after_pipeline` needs a `task` with its `jobs`')] },
    { name: 'an after_pipeline task without jobs', text: file(...HEAD, ...BLOCK, 'after_pipeline:', '  task:', '    secrets: []'), errors: [at(13, 5, 'after_pipeline.task', '`task` needs `jobs`, a list of jobs with their commands')] },
  ])('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

describe('validatePipeline: blocks', () => {
  it.each([
    { name: 'a block that is a string', text: file(...HEAD, '  - Build'), errors: [at(6, 5, 'blocks[0]', '`blocks[0]` must be a map with the block\'s `name` and `task`; found the string "Build"')] },
    { name: 'a block without task', text: file(...HEAD, '  - name: B'), errors: [at(6, 5, 'blocks[0]', 'a block needs a `task` with its `jobs`')] },
    { name: 'commands right in the block', text: file(...HEAD, '  - name: B', '    commands: [make]'), errors: [at(6, 5, 'blocks[0]', 'a block needs a `task` with its `jobs`'), at(7, 5, 'blocks[0].commands', 'unknown key `commands` in `blocks[0]`; expected one of name, dependencies, task, skip, run, execution_time_limit, partial_rerun')] },
    { name: 'an empty block name', text: file(...HEAD, "  - name: ''", ...BLOCK.slice(1)), errors: [at(6, 11, 'blocks[0].name', '`name` must be a non-empty string; found an empty string')] },
    { name: 'two blocks with one name', text: file(...HEAD, ...BLOCK, ...BLOCK), errors: [at(11, 5, 'blocks[1]', 'there are two blocks named "B"; block names must be unique in a pipeline')] },
    { name: 'dependencies as a string', text: file(...HEAD, ...BLOCK, '    dependencies: Build'), errors: [at(11, 19, 'blocks[0].dependencies', '`dependencies` must be a list of block names, e.g. dependencies: [Build]; found the string "Build"')] },
    { name: 'a dependency that is a number', text: file(...HEAD, ...BLOCK, '    dependencies: [1]'), errors: [at(11, 20, 'blocks[0].dependencies[0]', '`dependencies[0]` must be the name of a block; found the number 1; put it in quotes to make it a string, e.g. "1"')] },
    {
      name: 'a dependency on a block that does not exist',
      text: file(...HEAD, '  - name: Build', '    dependencies: []', ...BLOCK.slice(1), '  - name: Test', '    dependencies: [Biuld]', ...BLOCK.slice(1)),
      errors: [at(13, 20, 'blocks[1].dependencies[0]', 'block "Test" depends on "Biuld", which is not a block of this pipeline; did you mean "Build"?')],
    },
    {
      name: 'blocks without dependencies beside one with them',
      text: file(...HEAD, '  - name: A', ...BLOCK.slice(1), '  - name: C', '    dependencies: [A]', ...BLOCK.slice(1)),
      errors: [at(6, 5, 'blocks[0]', 'block "A" has no `dependencies`; once one block declares dependencies, every block must (use dependencies: [] for a block that starts first)')],
    },
    {
      name: 'a dependency cycle',
      text: file(...HEAD, '  - name: A', '    dependencies: [B]', ...BLOCK.slice(1), '  - name: B', '    dependencies: [A]', ...BLOCK.slice(1)),
      errors: [at(7, 20, 'blocks[0].dependencies[0]', 'block "A" depends on "B", which depends on "A": blocks must not depend on each other in a cycle')],
    },
    { name: 'skip and run together', text: file(...HEAD, ...BLOCK, '    skip:', '      when: true', '    run:', '      when: true'), errors: [at(14, 7, 'blocks[0].run', 'a block takes `skip` or `run`, not both')] },
    { name: 'run as a boolean', text: file(...HEAD, ...BLOCK, '    run: true'), errors: [at(11, 10, 'blocks[0].run', '`run` must be a map with a `when` condition, e.g. run: { when: "branch = \'master\'" }; found the boolean true')] },
    { name: 'a skip condition with a syntax error', text: file(...HEAD, ...BLOCK, '    skip:', `      when: "branch = 'master' or"`), errors: [at(12, 34, 'blocks[0].skip.when', 'the condition ends where a condition was expected')] },
    { name: 'a run condition with an unknown keyword', text: file(...HEAD, ...BLOCK, '    run:', `      when: "ref = 'main'"`), errors: [at(12, 14, 'blocks[0].run.when', 'unknown word `ref`; expected a keyword (branch, tag, pull_request, result, result_reason), true, false, a quoted string or change_in(...)')] },
    { name: 'a block limit over the pipeline default', text: file(...HEAD, ...BLOCK, '    execution_time_limit:', '      hours: 2'), errors: [at(12, 7, 'blocks[0].execution_time_limit', 'block "B" has an execution_time_limit of 2 hours, longer than the pipeline\'s limit of 1 hour (the default); the pipeline would stop it first')] },
    { name: 'a block partial_rerun', text: file(...HEAD, ...BLOCK, '    partial_rerun: none'), errors: [at(11, 20, 'blocks[0].partial_rerun', '`partial_rerun` must be `jobs` or `block`; found "none"')] },
  ])('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

describe('validatePipeline: tasks', () => {
  const COMMANDS_FILE = 'commands_file is not supported yet: Outpost reads the pipeline file only, not the files beside it; list the commands under `commands`';
  it.each([
    { name: 'a task that is a list', text: withTask('- name: J'), errors: [at(8, 7, 'blocks[0].task', '`task` must be a map with the keys jobs, agent, prologue, epilogue, env_vars, secrets; found a list')] },
    { name: 'a task without jobs', text: withTask('prologue:', '  commands: [checkout]'), errors: [at(8, 7, 'blocks[0].task', '`task` needs `jobs`, a list of jobs with their commands')] },
    { name: 'a task-level fail_fast (not in the docs)', text: withTask('fail_fast: {}', 'jobs: [{ commands: [x] }]'), errors: [at(8, 7, 'blocks[0].task.fail_fast', 'unknown key `fail_fast` in `blocks[0].task`; expected one of jobs, agent, prologue, epilogue, env_vars, secrets')] },
    { name: 'an empty job list', text: withTask('jobs: []'), errors: [at(8, 13, 'blocks[0].task.jobs', '`jobs` must list at least one job')] },
    { name: 'jobs as a map', text: withTask('jobs:', '  name: J'), errors: [at(9, 9, 'blocks[0].task.jobs', '`jobs` must be a list of jobs; found a map')] },
    { name: 'a prologue that is a list', text: withTask('prologue: [checkout]', 'jobs: [{ commands: [x] }]'), errors: [at(8, 17, 'blocks[0].task.prologue', '`prologue` must be a map with `commands`, e.g. prologue: { commands: [checkout] }; found a list')] },
    { name: 'epilogue commands without a kind', text: withTask('epilogue:', '  commands: [cleanup]', 'jobs: [{ commands: [x] }]'), errors: [at(9, 9, 'blocks[0].task.epilogue.commands', 'unknown key `commands` in `blocks[0].task.epilogue`; expected one of always, on_pass, on_fail')] },
    { name: 'an epilogue from a file', text: withTask('epilogue:', '  on_fail:', '    commands_file: report.sh', 'jobs: [{ commands: [x] }]'), errors: [at(10, 11, 'blocks[0].task.epilogue.on_fail.commands_file', COMMANDS_FILE)] },
    { name: 'an epilogue part without commands', text: withTask('epilogue:', '  always: {}', 'jobs: [{ commands: [x] }]'), errors: [at(9, 17, 'blocks[0].task.epilogue.always', '`always` needs `commands`, a list of shell commands')] },
    { name: 'env_vars as a map', text: withTask('env_vars:', '  FOO: bar', 'jobs: [{ commands: [x] }]'), errors: [at(9, 9, 'blocks[0].task.env_vars', '`env_vars` must be a list of { name, value } pairs; found a map')] },
    { name: 'an env var without value', text: withTask('env_vars:', '  - name: FOO', 'jobs: [{ commands: [x] }]'), errors: [at(9, 11, 'blocks[0].task.env_vars[0]', 'an env var needs a `value` (a string; quote numbers)')] },
    { name: 'an env var with a number', text: withTask('env_vars:', '  - name: PI', '    value: 3.14159', 'jobs: [{ commands: [x] }]'), errors: [at(10, 18, 'blocks[0].task.env_vars[0].value', '`value` must be a string; found the number 3.14159; put it in quotes to make it a string, e.g. "3.14159"')] },
    { name: 'an env var with a boolean', text: withTask('env_vars:', '  - name: CI', '    value: true', 'jobs: [{ commands: [x] }]'), errors: [at(10, 18, 'blocks[0].task.env_vars[0].value', '`value` must be a string; found the boolean true; put it in quotes to make it a string, e.g. "true"')] },
    { name: 'an env var name no shell accepts', text: withTask('env_vars:', '  - name: 1FOO', '    value: x', 'jobs: [{ commands: [x] }]'), errors: [at(9, 17, 'blocks[0].task.env_vars[0].name', '"1FOO" is not a valid environment variable name: use letters, digits and _, not starting with a digit')] },
    { name: 'an env var with an unknown key', text: withTask('env_vars:', '  - name: A', '    value: x', '    secret: true', 'jobs: [{ commands: [x] }]'), errors: [at(11, 11, 'blocks[0].task.env_vars[0].secret', 'unknown key `secret` in `blocks[0].task.env_vars[0]`; expected one of name, value')] },
    { name: 'secrets as names', text: withTask('secrets: [aws]', 'jobs: [{ commands: [x] }]'), errors: [at(8, 17, 'blocks[0].task.secrets[0]', "`secrets[0]` must be a map with the secret's `name`, e.g. - name: aws-credentials; found the string \"aws\"")] },
    { name: 'a secret without name', text: withTask('secrets:', '  - {}', 'jobs: [{ commands: [x] }]'), errors: [at(9, 11, 'blocks[0].task.secrets[0]', 'a secret needs a `name`')] },
    { name: 'a secret with env_var_names (not in the docs)', text: withTask('secrets:', '  - name: aws', '    env_var_names: [KEY]', 'jobs: [{ commands: [x] }]'), errors: [at(10, 11, 'blocks[0].task.secrets[0].env_var_names', 'unknown key `env_var_names` in `blocks[0].task.secrets[0]`; expected one of name')] },
  ])('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

describe('validatePipeline: jobs', () => {
  it.each([
    { name: 'a job without commands', text: withJob('name: J'), errors: [at(9, 11, 'blocks[0].task.jobs[0]', 'a job needs `commands`, a list of shell commands')] },
    { name: 'commands_file', text: withJob('name: J', 'commands_file: build.sh'), errors: [at(10, 11, 'blocks[0].task.jobs[0].commands_file', 'commands_file is not supported yet: Outpost reads the pipeline file only, not the files beside it; list the commands under `commands`')] },
    { name: 'commands as one string', text: withJob('commands: make test'), errors: [at(9, 21, 'blocks[0].task.jobs[0].commands', '`commands` must be a list of strings, one shell command per item; found the string "make test"')] },
    { name: 'a command YAML reads as a map', text: withJob('commands:', '  - echo start', '  - echo result: ok'), errors: [at(11, 15, 'blocks[0].task.jobs[0].commands[1]', '`commands[1]` must be a string; found a map; a `: ` inside a value starts a map in YAML — put the whole value in quotes')] },
    { name: 'a command YAML reads as a number', text: withJob('commands: [42]'), errors: [at(9, 22, 'blocks[0].task.jobs[0].commands[0]', '`commands[0]` must be a string; found the number 42; put it in quotes to make it a string, e.g. "42"')] },
    { name: 'an empty command item', text: withJob('commands:', '  -'), errors: [at(10, 14, 'blocks[0].task.jobs[0].commands[0]', '`commands[0]` must be a string; found nothing')] },
    { name: 'an empty job name', text: withJob('name: ""', 'commands: [x]'), errors: [at(9, 17, 'blocks[0].task.jobs[0].name', '`name` must be a non-empty string; found an empty string')] },
    { name: 'a nested task in a job', text: withJob('name: J', 'commands: [x]', 'task: {}'), errors: [at(11, 11, 'blocks[0].task.jobs[0].task', 'unknown key `task` in `blocks[0].task.jobs[0]`; expected one of name, commands, env_vars, priority, matrix, parallelism, execution_time_limit')] },
    { name: 'two jobs with one name', text: withTask('jobs:', '  - name: Lint', '    commands: [x]', '  - name: Lint', '    commands: [y]'), errors: [at(11, 11, 'blocks[0].task.jobs[1]', 'block "B" has two jobs named "Lint"; job names must be unique in a block')] },
    { name: 'a job named like an expanded one', text: withTask('jobs:', '  - name: T', '    parallelism: 2', '    commands: [x]', '  - name: T - 2/2', '    commands: [y]'), errors: [at(12, 11, 'blocks[0].task.jobs[1]', 'block "B" has two jobs named "T - 2/2"; job names must be unique in a block')] },
    { name: 'matrix and parallelism together', text: withJob('commands: [x]', 'parallelism: 2', 'matrix:', '  - env_var: A', '    values: [a]'), errors: [at(10, 24, 'blocks[0].task.jobs[0].parallelism', 'a job takes `matrix` or `parallelism`, not both; parallelism is a matrix over SEMAPHORE_JOB_INDEX')] },
    { name: 'parallelism of 1', text: withJob('commands: [x]', 'parallelism: 1'), errors: [at(10, 24, 'blocks[0].task.jobs[0].parallelism', '`parallelism` must be a whole number of jobs, at least 2; found 1')] },
    { name: 'parallelism as a string', text: withJob('commands: [x]', 'parallelism: "4"'), errors: [at(10, 24, 'blocks[0].task.jobs[0].parallelism', '`parallelism` must be a whole number of jobs, at least 2; found the string "4"')] },
    { name: 'parallelism over the jobs of a block', text: withJob('commands: [x]', 'parallelism: 51'), errors: [at(8, 7, 'blocks[0].task', 'block "B" would have 51 jobs after expanding matrix and parallelism; a block may have at most 50')] },
    { name: 'an empty matrix', text: withJob('commands: [x]', 'matrix: []'), errors: [at(10, 19, 'blocks[0].task.jobs[0].matrix', '`matrix` must list at least one { env_var, values } axis')] },
    { name: 'a matrix axis without values', text: withJob('commands: [x]', 'matrix:', '  - env_var: A'), errors: [at(11, 15, 'blocks[0].task.jobs[0].matrix[0]', 'a matrix axis needs `values`, a list of strings')] },
    { name: 'a matrix axis with no values', text: withJob('commands: [x]', 'matrix:', '  - env_var: A', '    values: []'), errors: [at(12, 23, 'blocks[0].task.jobs[0].matrix[0].values', '`values` must be a non-empty list of strings; found an empty list')] },
    { name: 'matrix values YAML reads as numbers', text: withJob('commands: [x]', 'matrix:', '  - env_var: ERLANG', '    values: [19, "20"]'), errors: [at(12, 24, 'blocks[0].task.jobs[0].matrix[0].values[0]', '`values[0]` must be a string; found the number 19; put it in quotes to make it a string, e.g. "19"')] },
    { name: 'an env_var twice in a matrix', text: withJob('commands: [x]', 'matrix:', '  - { env_var: A, values: [a] }', '  - { env_var: A, values: [b] }'), errors: [at(12, 15, 'blocks[0].task.jobs[0].matrix[1]', 'the matrix sets A twice; each env_var may appear once')] },
    { name: 'a matrix env_var no shell accepts', text: withJob('commands: [x]', 'matrix:', '  - { env_var: NODE-VERSION, values: [a] }'), errors: [at(11, 26, 'blocks[0].task.jobs[0].matrix[0].env_var', '"NODE-VERSION" is not a valid environment variable name: use letters, digits and _, not starting with a digit')] },
    { name: 'a matrix over the jobs of a block', text: withJob('commands: [x]', 'matrix:', `  - { env_var: A, values: [${Array.from({ length: 8 }, (_, i) => `"${i}"`).join(', ')}] }`, `  - { env_var: B, values: [${Array.from({ length: 7 }, (_, i) => `"${i}"`).join(', ')}] }`), errors: [at(8, 7, 'blocks[0].task', 'block "B" would have 56 jobs after expanding matrix and parallelism; a block may have at most 50')] },
    { name: 'a priority over 100', text: withJob('commands: [x]', 'priority:', '  - value: 101', '    when: true'), errors: [at(11, 22, 'blocks[0].task.jobs[0].priority[0].value', '`value` must be a whole number from 0 to 100; found 101')] },
    { name: 'a priority without when', text: withJob('commands: [x]', 'priority:', '  - value: 70'), errors: [at(11, 15, 'blocks[0].task.jobs[0].priority[0]', 'a priority rule needs a `when` condition (true to always apply)')] },
    { name: 'a priority without value', text: withJob('commands: [x]', 'priority:', '  - when: true'), errors: [at(11, 15, 'blocks[0].task.jobs[0].priority[0]', 'a priority rule needs a `value` from 0 to 100')] },
    { name: 'a priority as a number', text: withJob('commands: [x]', 'priority: 70'), errors: [at(10, 21, 'blocks[0].task.jobs[0].priority', '`priority` must be a list of { value, when } rules; found the number 70')] },
    { name: 'a priority rule with a bad condition', text: withJob('commands: [x]', 'priority:', '  - value: 70', "    when: branch = 'master"), errors: [at(12, 30, 'blocks[0].task.jobs[0].priority[0].when', "the string that starts here is never closed; end it with '")] },
    { name: 'a job limit over its block', text: file(...HEAD, ...BLOCK, '          execution_time_limit:', '            minutes: 45', '    execution_time_limit:', '      minutes: 30'), errors: [at(12, 13, 'blocks[0].task.jobs[0].execution_time_limit', 'job "J" has an execution_time_limit of 45 minutes, longer than the limit of its block "B" (30 minutes); the block would stop it first')] },
  ])('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

describe('validatePipeline: collecting', () => {
  it('reports every error of a file at once, in file order', () => {
    const text = file(
      'version: v1.0',
      'agent:',
      '  machine:',
      '    type: e1-standard-2',
      'blocks:',
      '  - name: Build',
      '    dependencies: []',
      '    task:',
      '      jobs:',
      '        - name: Build',
      '          commands: make',
      '  - name: Test',
      '    dependencies: [Biuld]',
      '    task:',
      '      jobs:',
      '        - name: Unit',
      '          commands: [make test]',
      '          parallelism: 1',
      '    skip:',
      "      when: \"branch = 'master' and\"",
    );
    expect(errorsOf(text)).toEqual([
      at(4, 11, 'agent.machine.type', `agent.machine.type "e1-standard-2" is a Semaphore cloud machine; ${SELF_HOSTED}`),
      at(11, 21, 'blocks[0].task.jobs[0].commands', '`commands` must be a list of strings, one shell command per item; found the string "make"'),
      at(13, 20, 'blocks[1].dependencies[0]', 'block "Test" depends on "Biuld", which is not a block of this pipeline; did you mean "Build"?'),
      at(18, 24, 'blocks[1].task.jobs[0].parallelism', '`parallelism` must be a whole number of jobs, at least 2; found 1'),
      at(20, 35, 'blocks[1].skip.when', 'the condition ends where a condition was expected'),
    ]);
  });

  it('names the file it was given in every error', () => {
    expect(validatePipeline('version: v2\n', { fileName: 'ci/deploy.yml' }).map((error) => error.file)).toEqual(['ci/deploy.yml', 'ci/deploy.yml']);
  });

  it('accepts a file that uses YAML anchors, aliases and merge keys', () => {
    const text = file(
      'version: v1.0',
      'agent: { machine: { type: s1-linux } }',
      'blocks:',
      '  - name: A',
      '    task: &task',
      '      env_vars: &env [{ name: X, value: "1" }]',
      '      jobs: [{ commands: [x] }]',
      '  - name: B',
      '    task:',
      '      <<: *task',
      '      env_vars: *env',
    );
    expect(errorsOf(text)).toEqual([]);
  });

  it('reports an unknown key that arrives through a merge key', () => {
    const text = file(
      'version: v1.0',
      'agent: { machine: { type: s1-linux } }',
      'defaults: &defaults { bogus: 1 }',
      'blocks:',
      '  - name: A',
      '    <<: *defaults',
      '    task: { jobs: [{ commands: [x] }] }',
    );
    expect(errorsOf(text)).toEqual([
      at(3, 1, 'defaults', `unknown key \`defaults\` at the top level; expected one of ${TOP_KEYS}`),
      at(3, 23, 'blocks[0].bogus', 'unknown key `bogus` in `blocks[0]`; expected one of name, dependencies, task, skip, run, execution_time_limit, partial_rerun'),
    ]);
  });
});
