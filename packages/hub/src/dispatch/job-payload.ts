import type { JobInput, JobRequest } from '@outpost/protocol';

export type JobSpec = JobInput['spec'];

export interface PayloadFacts {
  jobId: string;
  jobName: string;
  createdAtMs: number;
  spec: JobSpec;
  /** Absolute URL of the log push route, no query string (the agent appends `?start_from=`, spec §2.12). */
  logUrl: string;
  logToken: string;
  /** The hub's base URL, given to jobs as SEMAPHORE_ORGANIZATION_URL. */
  hubUrl: string;
}

/** Variables every job gets (a job may not override SEMAPHORE_JOB_ID: the agent and log uploads rely on it). */
function jobVariables(facts: PayloadFacts): Array<[string, string]> {
  return [
    ['CI', 'true'],
    ['SEMAPHORE', 'true'],
    ['SEMAPHORE_JOB_ID', facts.jobId],
    ['SEMAPHORE_JOB_NAME', facts.jobName],
    ['SEMAPHORE_JOB_CREATION_TIME', String(Math.floor(facts.createdAtMs / 1000))],
    ['SEMAPHORE_AGENT_MACHINE_TYPE', facts.spec.agent.machine.type],
    ['SEMAPHORE_AGENT_MACHINE_OS_IMAGE', facts.spec.agent.machine.os_image ?? ''],
    ['SEMAPHORE_ORGANIZATION_URL', facts.hubUrl],
  ];
}

const PROTECTED = new Set(['SEMAPHORE_JOB_ID']);
const toBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const toCommands = (list: string[] | undefined) => (list ?? []).map((directive) => ({ directive }));

/** GET /jobs/:id answer (spec §3.1, §3.5): base64 env values and file contents, a push logger, shell executor. */
export function buildJobRequest(facts: PayloadFacts): JobRequest {
  const env = new Map<string, string>(jobVariables(facts));
  for (const variable of facts.spec.env_vars ?? []) {
    if (!PROTECTED.has(variable.name)) env.set(variable.name, variable.value);
  }
  return {
    job_id: facts.jobId,
    job_name: facts.jobName,
    executor: 'shell',
    env_vars: [...env].map(([name, value]) => ({ name, value: toBase64(value) })),
    files: (facts.spec.files ?? []).map((file) => ({ path: file.path, content: file.content, mode: file.mode ?? '0644' })),
    commands: toCommands(facts.spec.commands),
    epilogue_always_commands: toCommands(facts.spec.epilogue_always_commands),
    epilogue_on_pass_commands: toCommands(facts.spec.epilogue_on_pass_commands),
    epilogue_on_fail_commands: toCommands(facts.spec.epilogue_on_fail_commands),
    ssh_public_keys: [],
    callbacks: { finished: '', teardown_finished: '', token: '' },
    logger: { method: 'push', url: facts.logUrl, token: facts.logToken },
  };
}

/** The base URL agents reach the hub at: the configured public URL, else the request's own scheme and host. */
export function hubBaseUrl(publicUrl: string | undefined, request: { protocol: string; host: string }): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}
