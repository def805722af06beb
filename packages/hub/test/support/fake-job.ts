import { Value } from '@sinclair/typebox/value';
import { JobRequest, LOG_EVENTS_PER_PUSH_MAX, type JobResult } from '@outpost/protocol';

/**
 * The job half of the fake agent: runs a JobRequest the way the official agent's shell executor reports it (spec
 * §3.3, §4.1) and ships the events like its HTTP log backend (§4.3): batches of ≤2000 from the acknowledged index,
 * 401 → /refresh, 422 → stop, anything else → the same start_from again.
 *
 * Directives are scripted instead of executed:
 *   `echo <text>`            prints <text>, exit 0
 *   `false` / `exit <n>`     exit 1 / n
 *   `sleep-until-stopped`    blocks until stop-job
 *   `wait-for <key>`         blocks until the test calls release(<key>) (or stop-job)
 *   `emit <n> <bytes>`       prints n chunks of <bytes> bytes
 *   `print-env <NAME>`       prints the value of the job's env var NAME (a shell's `echo $NAME`)
 *   `print-file <path>`      prints the content of the job's file at <path> (`cat <path>`)
 *   `print-env-split <NAME> <at> <key>`  prints NAME's first <at> characters, waits for <key>, prints the rest
 *   anything else            exit 0
 */
export interface JobScriptHooks {
  /** Waits for a test-controlled key. */
  waitFor(key: string, stopped: Promise<void>): Promise<void>;
  timeScale: number;
  /** Calls POST /refresh and returns the new token (or null on failure). */
  refresh(): Promise<string | null>;
  /** Test knobs for the log shipper. */
  pushes: PushRecord[];
  repeatFirstPush: boolean;
  flushTimeoutMs: number;
  userAgent: string;
}

export interface PushRecord {
  startFrom: number;
  count: number;
  status: number;
}

export interface RunningJob {
  jobId: string;
  events: string[];
  stop(): void;
  /** Resolves with the result once the job ran, its log was flushed (or given up) and it is torn down. */
  done: Promise<JobResult>;
  trimmed(): boolean;
}

export function parseJobRequest(body: unknown): JobRequest | string {
  if (!Value.Check(JobRequest, body)) return `job payload does not match the protocol: ${Value.Errors(JobRequest, body).First()?.message}`;
  if (body.logger.method !== 'push') return `logger.method is '${body.logger.method}', not push (spec §0.5)`;
  if (!/^https?:\/\//.test(body.logger.url) || body.logger.url.includes('?')) return `logger.url '${body.logger.url}' is not absolute or has a query`;
  return body;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const event = (fields: Record<string, unknown>) => JSON.stringify({ ...fields });
const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

export function startJob(job: JobRequest, hooks: JobScriptHooks): RunningJob {
  const events: string[] = [];
  let stopRequested = false;
  let markStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const emit = (fields: Record<string, unknown>) => events.push(event({ timestamp: nowSeconds(), ...fields }));
  const shipper = createLogShipper(job, events, hooks);

  const envValue = (name: string) => decode((job.env_vars ?? []).find((v) => v.name === name)?.value ?? '');

  async function runCommand(directive: string): Promise<number> {
    emit({ event: 'cmd_started', directive });
    const started = nowSeconds();
    const exitCode = await scripted(directive);
    emit({ event: 'cmd_finished', directive, exit_code: exitCode, started_at: started, finished_at: nowSeconds() });
    return exitCode;
  }

  async function scripted(directive: string): Promise<number> {
    const [verb, ...rest] = directive.split(' ');
    if (verb === 'echo') emit({ event: 'cmd_output', output: `${rest.join(' ')}\n` });
    if (verb === 'false') return 1;
    if (verb === 'exit') return Number(rest[0] ?? 1);
    if (verb === 'emit') {
      const [count, bytes] = [Number(rest[0]), Number(rest[1])];
      for (let i = 0; i < count; i++) emit({ event: 'cmd_output', output: 'x'.repeat(Math.max(0, bytes - 1)) + '\n' });
    }
    if (verb === 'print-env') emit({ event: 'cmd_output', output: `${envValue(rest[0] ?? '')}\n` });
    if (verb === 'print-file') emit({ event: 'cmd_output', output: decode((job.files ?? []).find((f) => f.path === rest[0])?.content ?? '') });
    if (verb === 'print-env-split') {
      const value = envValue(rest[0] ?? '');
      const at = Number(rest[1]);
      emit({ event: 'cmd_output', output: value.slice(0, at) });
      await hooks.waitFor(rest[2] ?? '', stopped);
      emit({ event: 'cmd_output', output: `${value.slice(at)}\n` });
    }
    if (verb === 'sleep-until-stopped') await stopped;
    if (verb === 'wait-for') await hooks.waitFor(rest[0] ?? '', stopped);
    return stopRequested ? 1 : 0;
  }

  async function run(): Promise<JobResult> {
    emit({ event: 'job_started' });
    emit({ event: 'cmd_started', directive: 'Exporting environment variables' });
    const names = (job.env_vars ?? []).map((v) => v.name).sort();
    for (const name of names) emit({ event: 'cmd_output', output: `Exporting ${name}\n` });
    emit({ event: 'cmd_finished', directive: 'Exporting environment variables', exit_code: 0, started_at: nowSeconds(), finished_at: nowSeconds() });
    emit({ event: 'cmd_started', directive: 'Injecting Files' });
    for (const file of job.files ?? []) emit({ event: 'cmd_output', output: `Injecting ${file.path} with file mode ${file.mode}\n` });
    emit({ event: 'cmd_finished', directive: 'Injecting Files', exit_code: 0, started_at: nowSeconds(), finished_at: nowSeconds() });

    let result: JobResult = 'passed';
    for (const command of job.commands ?? []) {
      const code = await runCommand(command.directive);
      if (stopRequested) {
        result = 'stopped';
        break;
      }
      if (code !== 0) {
        result = 'failed';
        break;
      }
    }
    if (result !== 'stopped') {
      emit({ event: 'cmd_started', directive: 'Exporting environment variables' });
      emit({ event: 'cmd_output', output: 'Exporting SEMAPHORE_JOB_RESULT\n' });
      emit({ event: 'cmd_finished', directive: 'Exporting environment variables', exit_code: 0, started_at: nowSeconds(), finished_at: nowSeconds() });
      const epilogues = [...(job.epilogue_always_commands ?? []), ...((result === 'passed' ? job.epilogue_on_pass_commands : job.epilogue_on_fail_commands) ?? [])];
      for (const command of epilogues) {
        if ((await runCommand(command.directive)) !== 0 || stopRequested) break;
      }
      if (stopRequested) result = 'stopped';
    }
    emit({ event: 'job_finished', result });
    await shipper.flush();
    return result;
  }

  return {
    jobId: job.job_id,
    events,
    stop() {
      stopRequested = true;
      markStopped();
    },
    done: run(),
    trimmed: () => shipper.trimmed(),
  };
}

/** Values the job received, decoded (tests check env and files arrived). */
export function decodedEnv(job: JobRequest): Record<string, string> {
  return Object.fromEntries((job.env_vars ?? []).map((v) => [v.name, decode(v.value)]));
}

function createLogShipper(job: JobRequest, events: string[], hooks: JobScriptHooks) {
  let acked = 0;
  let token = job.logger.token;
  let trimmed = false;
  let repeated = !hooks.repeatFirstPush;
  let flushing = false;
  const sleep = (minMs: number, maxMs: number) => new Promise((r) => setTimeout(r, (minMs + Math.random() * (maxMs - minMs)) * hooks.timeScale));

  async function pushOnce(): Promise<void> {
    const batch = events.slice(acked, acked + LOG_EVENTS_PER_PUSH_MAX);
    if (batch.length === 0) return;
    let status = 0;
    try {
      const res = await fetch(`${job.logger.url}?start_from=${acked}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}`, 'user-agent': hooks.userAgent },
        body: batch.map((line) => `${line}\n`).join(''),
        redirect: 'error',
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      // A transport error is retried with the same start_from on the next tick, as the agent does.
      status = 0;
    }
    hooks.pushes.push({ startFrom: acked, count: batch.length, status });
    if (status === 200) {
      // The "lost response" knob: the hub stored the batch but the agent resends it (spec §4.4 retries).
      if (!repeated) repeated = true;
      else acked += batch.length;
    } else if (status === 422) {
      trimmed = true;
    } else if (status === 401) {
      token = (await hooks.refresh()) ?? token;
    }
  }

  const loop = (async () => {
    while (!trimmed && !flushing) {
      await sleep(1500, 3000);
      if (!flushing) await pushOnce();
    }
  })();

  return {
    trimmed: () => trimmed,
    async flush() {
      flushing = true;
      await loop;
      const deadline = Date.now() + hooks.flushTimeoutMs;
      while (!trimmed && acked < events.length && Date.now() < deadline) {
        await pushOnce();
        if (acked < events.length && !trimmed) await sleep(250, 500);
      }
    },
  };
}
