import type { JobCommand, JobResult, LogEvent } from '@outpost/protocol';

/**
 * The official agent's shell-executor scenarios (spec §8.3, pkg/jobs/job_test.go) as data: a job, the agent's
 * settings, when to stop it, and the job log it must produce. Package tests run them against the fake hub;
 * e2e/agent runs the same list against a real hub process.
 *
 * Expected logs are simplified lines: `cmd_started: <directive>`, `output: <text>` (consecutive cmd_output events
 * joined, as a log viewer shows them), `cmd_finished: <directive> → <exit code>`, `job_finished: <result>`.
 * `output: *` matches any one output block. `{home}`, `{tmp}` and `{hooks}` are replaced per run.
 */
export interface ScenarioFile {
  path: string;
  content: string;
  mode: string;
}

export interface Scenario {
  name: string;
  commands: (string | JobCommand)[];
  epilogueAlways?: string[];
  epilogueOnPass?: string[];
  epilogueOnFail?: string[];
  /** Plain values; base64 is applied when the job is built. */
  envVars?: { name: string; value: string }[];
  files?: ScenarioFile[];
  /** Agent settings (YAML keys); hook scripts are written to {hooks}/pre.sh and {hooks}/post.sh. */
  agent?: Record<string, unknown>;
  preJobHook?: string;
  postJobHook?: string;
  /** Stop the job (from the hub) once this directive has started. */
  stopWhen?: string;
  result: JobResult;
  log: string[];
  /** Why the scenario runs at package level only: the hub's public job API cannot express it. */
  notThroughPublicApi?: string;
}

const ENV = 'Exporting environment variables';
const start = ['job_started', `cmd_started: ${ENV}`, `cmd_finished: ${ENV} → 0`, 'cmd_started: Injecting Files', 'cmd_finished: Injecting Files → 0'];
const epilogueExport = [`cmd_started: ${ENV}`, 'output: Exporting SEMAPHORE_JOB_RESULT\n', `cmd_finished: ${ENV} → 0`];
const step = (directive: string, output: string | null, code = 0) => [
  `cmd_started: ${directive}`,
  ...(output === null ? [] : [`output: ${output}`]),
  `cmd_finished: ${directive} → ${code}`,
];
const JAPANESE = '特定の伝説に拠る物語の由来については諸説存在し。特定の伝説に拠る物語の由来については諸説存在し。特定の伝説に拠る物語の由来については諸説存在し。';

export const SCENARIOS: Scenario[] = [
  {
    name: 'hello world',
    commands: ['echo Hello World'],
    result: 'passed',
    log: [...start, ...step('echo Hello World', 'Hello World\n'), ...epilogueExport, 'job_finished: passed'],
  },
  {
    name: 'a failing command fails the job and skips the rest',
    commands: ['false', 'echo never'],
    result: 'failed',
    log: [...start, ...step('false', null, 1), ...epilogueExport, 'job_finished: failed'],
  },
  {
    name: 'an unknown command exits 127',
    commands: ['echhhho'],
    result: 'failed',
    log: [...start, ...step('echhhho', 'bash: echhhho: command not found\n', 127), ...epilogueExport, 'job_finished: failed'],
  },
  {
    name: 'an alias is shown as the directive, with a Running: line',
    commands: [{ directive: 'echo Hello World', alias: 'Display Hello World' }],
    notThroughPublicApi: 'Semaphore job commands are plain strings; aliases exist only in the agent protocol',
    result: 'passed',
    log: [...start, ...step('Display Hello World', 'Running: echo Hello World\nHello World\n'), ...epilogueExport, 'job_finished: passed'],
  },
  {
    name: 'environment variables with spaces, quotes and a literal $PATH stay verbatim, exported in alphabetical order',
    commands: ['echo $A', 'echo $B', 'echo $C', 'echo $D'],
    envVars: [
      { name: 'D', value: '$PATH:/etc/a' },
      { name: 'B', value: 'how are you?' },
      { name: 'C', value: "quotes ' quotes" },
      { name: 'A', value: 'hello' },
    ],
    result: 'passed',
    log: [
      'job_started',
      `cmd_started: ${ENV}`,
      'output: Exporting A\nExporting B\nExporting C\nExporting D\n',
      `cmd_finished: ${ENV} → 0`,
      'cmd_started: Injecting Files',
      'cmd_finished: Injecting Files → 0',
      ...step('echo $A', 'hello\n'),
      ...step('echo $B', 'how are you?\n'),
      ...step('echo $C', "quotes ' quotes\n"),
      ...step('echo $D', '$PATH:/etc/a\n'),
      ...epilogueExport,
      'job_finished: passed',
    ],
  },
  {
    name: "the agent's env-vars override the job's",
    commands: ['echo "$A|$E"'],
    envVars: [{ name: 'A', value: 'from the job' }],
    agent: { 'env-vars': ['A=from the agent', 'E=$HOME is literal'] },
    result: 'passed',
    log: [
      'job_started',
      `cmd_started: ${ENV}`,
      'output: Exporting A\nExporting E\n',
      `cmd_finished: ${ENV} → 0`,
      'cmd_started: Injecting Files',
      'cmd_finished: Injecting Files → 0',
      ...step('echo "$A|$E"', 'from the agent|$HOME is literal\n'),
      ...epilogueExport,
      'job_finished: passed',
    ],
  },
  {
    name: 'files are injected relative to home, at absolute paths, with their modes',
    commands: ['cat {rel}/test.txt', 'cat {tmp}/a/b/c', "stat -c '%a' {tmp}/secret"],
    files: [
      { path: '{rel}/test.txt', content: 'hello\n', mode: '0644' },
      { path: '{tmp}/a/b/c', content: 'hello\n', mode: '0644' },
      { path: '{tmp}/secret', content: 'hello\n', mode: '0600' },
    ],
    result: 'passed',
    log: [
      'job_started',
      `cmd_started: ${ENV}`,
      `cmd_finished: ${ENV} → 0`,
      'cmd_started: Injecting Files',
      'output: Injecting {home}/{rel}/test.txt with file mode 0644\nInjecting {tmp}/a/b/c with file mode 0644\nInjecting {tmp}/secret with file mode 0600\n',
      'cmd_finished: Injecting Files → 0',
      ...step('cat {rel}/test.txt', 'hello\n'),
      ...step('cat {tmp}/a/b/c', 'hello\n'),
      ...step("stat -c '%a' {tmp}/secret", '600\n'),
      ...epilogueExport,
      'job_finished: passed',
    ],
  },
  {
    name: 'a broken file mode fails Injecting Files and skips the commands',
    commands: ['cat {tmp}/test.txt'],
    files: [{ path: '{tmp}/test.txt', content: 'hello\n', mode: 'obviously broken' }],
    notThroughPublicApi: 'the hub refuses a job whose file mode is not octal; a broken mode can only come from another hub',
    result: 'failed',
    log: [
      'job_started',
      `cmd_started: ${ENV}`,
      `cmd_finished: ${ENV} → 0`,
      'cmd_started: Injecting Files',
      "output: Injecting {tmp}/test.txt with file mode obviously broken\nbad file permission 'obviously broken'\n",
      'cmd_finished: Injecting Files → 1',
      ...epilogueExport,
      'job_finished: failed',
    ],
  },
  {
    name: 'epilogue on pass: always and on_pass run with SEMAPHORE_JOB_RESULT=passed, on_fail does not',
    commands: ['echo ok'],
    epilogueAlways: ['echo always $SEMAPHORE_JOB_RESULT'],
    epilogueOnPass: ['echo pass $SEMAPHORE_JOB_RESULT'],
    epilogueOnFail: ['echo fail $SEMAPHORE_JOB_RESULT'],
    result: 'passed',
    log: [
      ...start,
      ...step('echo ok', 'ok\n'),
      ...epilogueExport,
      ...step('echo always $SEMAPHORE_JOB_RESULT', 'always passed\n'),
      ...step('echo pass $SEMAPHORE_JOB_RESULT', 'pass passed\n'),
      'job_finished: passed',
    ],
  },
  {
    name: 'epilogue on fail: always and on_fail run with SEMAPHORE_JOB_RESULT=failed, on_pass does not',
    commands: ['false'],
    epilogueAlways: ['echo always $SEMAPHORE_JOB_RESULT'],
    epilogueOnPass: ['echo pass $SEMAPHORE_JOB_RESULT'],
    epilogueOnFail: ['echo fail $SEMAPHORE_JOB_RESULT'],
    result: 'failed',
    log: [
      ...start,
      ...step('false', null, 1),
      ...epilogueExport,
      ...step('echo always $SEMAPHORE_JOB_RESULT', 'always failed\n'),
      ...step('echo fail $SEMAPHORE_JOB_RESULT', 'fail failed\n'),
      'job_finished: failed',
    ],
  },
  {
    name: 'a stop during a command kills it, skips the epilogues and reports stopped',
    commands: ['echo started', 'sleep 600', 'echo never'],
    epilogueAlways: ['echo never'],
    stopWhen: 'sleep 600',
    result: 'stopped',
    log: [...start, ...step('echo started', 'started\n'), ...step('sleep 600', null, 1), 'job_finished: stopped'],
  },
  {
    name: 'a stop during an epilogue reports stopped',
    commands: ["echo 'here'"],
    epilogueAlways: ['sleep 600'],
    epilogueOnPass: ['echo never'],
    stopWhen: 'sleep 600',
    result: 'stopped',
    log: [...start, ...step("echo 'here'", 'here\n'), ...epilogueExport, ...step('sleep 600', null, 1), 'job_finished: stopped'],
  },
  {
    name: 'Japanese text survives chunking',
    commands: [`echo ${JAPANESE}`],
    result: 'passed',
    log: [...start, ...step(`echo ${JAPANESE}`, `${JAPANESE}\n`), ...epilogueExport, 'job_finished: passed'],
  },
  {
    name: 'invalid UTF-8 becomes U+FFFD, one per byte',
    commands: ["printf '\\226\\226\\226\\226\\226'"],
    result: 'passed',
    log: [...start, ...step("printf '\\226\\226\\226\\226\\226'", '\uFFFD'.repeat(5)), ...epilogueExport, 'job_finished: passed'],
  },
  {
    name: 'stty echo in one command does not disturb the next',
    commands: ['stty echo', 'echo Hello World'],
    result: 'passed',
    log: [...start, ...step('stty echo', null), ...step('echo Hello World', 'Hello World\n'), ...epilogueExport, 'job_finished: passed'],
  },
  {
    name: 'the pre-job hook runs with bash after the files, proceeding when it fails',
    commands: ['echo job'],
    envVars: [{ name: 'A', value: 'VALUE_A' }],
    preJobHook: 'echo "hook sees $A"; exit 3',
    result: 'passed',
    log: [
      'job_started',
      `cmd_started: ${ENV}`,
      'output: Exporting A\n',
      `cmd_finished: ${ENV} → 0`,
      'cmd_started: Injecting Files',
      'cmd_finished: Injecting Files → 0',
      'cmd_started: Running the pre-job hook configured in the agent',
      'output: Running: bash {hooks}/pre.sh\nWarning: The agent is configured to proceed with the job even if the pre-job hook fails.\nhook sees VALUE_A\n',
      'cmd_finished: Running the pre-job hook configured in the agent → 3',
      ...step('echo job', 'job\n'),
      ...epilogueExport,
      'job_finished: passed',
    ],
  },
  {
    name: 'a failing pre-job hook fails the job when fail-on-pre-job-hook-error is set; the epilogues still run',
    commands: ['echo never'],
    preJobHook: 'badcommand',
    agent: { 'fail-on-pre-job-hook-error': true },
    result: 'failed',
    log: [
      ...start,
      'cmd_started: Running the pre-job hook configured in the agent',
      'output: Running: bash {hooks}/pre.sh\nWarning: The agent is configured to fail the job if the pre-job hook fails.\n{hooks}/pre.sh: line 1: badcommand: command not found\n',
      'cmd_finished: Running the pre-job hook configured in the agent → 127',
      ...epilogueExport,
      'job_finished: failed',
    ],
  },
  {
    name: 'a sourced pre-job hook changes the job shell',
    commands: ['echo $FROM_HOOK'],
    preJobHook: 'export FROM_HOOK=yes',
    agent: { 'source-pre-job-hook': true },
    result: 'passed',
    log: [
      ...start,
      'cmd_started: Running the pre-job hook configured in the agent',
      'output: Running: source {hooks}/pre.sh\nWarning: The agent is configured to proceed with the job even if the pre-job hook fails.\n',
      'cmd_finished: Running the pre-job hook configured in the agent → 0',
      ...step('echo $FROM_HOOK', 'yes\n'),
      ...epilogueExport,
      'job_finished: passed',
    ],
  },
  {
    name: 'the post-job hook runs after the epilogues with the job environment; its failure changes nothing',
    commands: ['echo job'],
    epilogueAlways: ['echo epilogue'],
    envVars: [{ name: 'A', value: 'VALUE_A' }],
    postJobHook: 'echo "post sees $A $SEMAPHORE_JOB_RESULT"; exit 1',
    result: 'passed',
    log: [
      'job_started',
      `cmd_started: ${ENV}`,
      'output: Exporting A\n',
      `cmd_finished: ${ENV} → 0`,
      'cmd_started: Injecting Files',
      'cmd_finished: Injecting Files → 0',
      ...step('echo job', 'job\n'),
      ...epilogueExport,
      ...step('echo epilogue', 'epilogue\n'),
      'cmd_started: Running the post-job hook configured in the agent',
      'output: Running: bash {hooks}/post.sh\npost sees VALUE_A passed\n',
      'cmd_finished: Running the post-job hook configured in the agent → 1',
      'job_finished: passed',
    ],
  },
  {
    name: 'the post-job hook also runs after a stop, in a fresh shell',
    commands: ['sleep 600'],
    postJobHook: 'echo post ran',
    stopWhen: 'sleep 600',
    result: 'stopped',
    log: [
      ...start,
      ...step('sleep 600', null, 1),
      'cmd_started: Running the post-job hook configured in the agent',
      'output: Running: bash {hooks}/post.sh\npost ran\n',
      'cmd_finished: Running the post-job hook configured in the agent → 0',
      'job_finished: stopped',
    ],
  },
  {
    name: 'exit 130 stops the job itself and SEMAPHORE_JOB_RESULT decides the result',
    commands: ['export SEMAPHORE_JOB_RESULT=passed', 'return 130', 'echo never'],
    epilogueAlways: ['echo never'],
    result: 'passed',
    log: [
      ...start,
      ...step('export SEMAPHORE_JOB_RESULT=passed', null),
      ...step('return 130', null, 130),
      'cmd_started: Checking job result',
      'output: SEMAPHORE_JOB_RESULT=passed - stopping job and marking it as passed',
      'cmd_finished: Checking job result → 0',
      'job_finished: passed',
    ],
  },
  {
    name: 'exit N ends the shell: that command and every later one exit 1',
    commands: ['sleep 600 &', 'exit 0'],
    epilogueAlways: ['echo never', 'echo never again'],
    result: 'failed',
    log: [...start, ...step('sleep 600 &', null), ...step('exit 0', null, 1), `cmd_started: ${ENV}`, 'output: Exporting SEMAPHORE_JOB_RESULT\n', `cmd_finished: ${ENV} → 1`, ...step('echo never', null, 1), 'job_finished: failed'],
  },
  {
    name: 'the shell keeps its state between commands, and multi-line commands work',
    commands: ['cd /tmp && FOO=bar', 'if [ -n "$FOO" ]; then\n  echo "$FOO in $(pwd)"\nfi'],
    result: 'passed',
    log: [...start, ...step('cd /tmp && FOO=bar', null), ...step('if [ -n "$FOO" ]; then\n  echo "$FOO in $(pwd)"\nfi', 'bar in /tmp\n'), ...epilogueExport, 'job_finished: passed'],
  },
  {
    name: 'set -e ends the shell at the first failure',
    commands: ['set -e', 'false', 'echo never'],
    result: 'failed',
    log: [...start, ...step('set -e', null), ...step('false', null, 1), `cmd_started: ${ENV}`, 'output: Exporting SEMAPHORE_JOB_RESULT\n', `cmd_finished: ${ENV} → 1`, 'job_finished: failed'],
  },
];

/** The simplified lines of a job log (see the header). */
export function simplifyLog(events: readonly LogEvent[]): string[] {
  const lines: string[] = [];
  let output: string | undefined;
  const flush = () => {
    if (output !== undefined) lines.push(`output: ${output}`);
    output = undefined;
  };
  for (const event of events) {
    if (event.event === 'cmd_output') {
      output = (output ?? '') + event.output;
      continue;
    }
    flush();
    if (event.event === 'job_started') lines.push('job_started');
    else if (event.event === 'cmd_started') lines.push(`cmd_started: ${event.directive}`);
    else if (event.event === 'cmd_finished') lines.push(`cmd_finished: ${event.directive} → ${event.exit_code}`);
    else lines.push(`job_finished: ${event.result}`);
  }
  flush();
  return lines;
}

/** Replaces the {placeholders} of a scenario for one run. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(home|tmp|hooks|rel)\}/g, (_, key: string) => values[key] ?? `{${key}}`);
}

/** Expected lines with `output: *` matched against any single actual output line. */
export function matchLog(actual: string[], expected: string[]): string[] {
  return expected.map((line, i) => (line === 'output: *' && actual[i]?.startsWith('output: ') ? (actual[i] ?? line) : line));
}
