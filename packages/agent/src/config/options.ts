/**
 * The `agent start` configuration keys (spec §6.2), as data. Each key is a flag (`--<key>`), a YAML key in the
 * config file and an environment variable `SEMAPHORE_AGENT_<KEY>` (upper case, '-' → '_'), unless `env` is false.
 * Add a key by adding a row; config-policy.ts reads this table and nothing else.
 */

export type OptionType = 'string' | 'boolean' | 'integer' | 'list';
export type OptionValue = string | boolean | number | string[];

export interface OptionSpec {
  key: string;
  type: OptionType;
  default: OptionValue;
  description: string;
  /** False for `config-file`: the official agent consults only the flag. */
  env?: boolean;
  /** Set for keys Outpost accepts but refuses when given a non-default value; the reason is shown. */
  unsupported?: string;
}

const KUBERNETES = 'the Kubernetes executor is not supported by the Outpost agent; it runs jobs in a bash session on this machine';

export const START_OPTIONS: readonly OptionSpec[] = [
  { key: 'config-file', type: 'string', default: '', description: 'YAML config file', env: false },
  { key: 'name', type: 'string', default: '', description: 'agent name (8-80 characters, or a URL); random when empty' },
  { key: 'name-from-env', type: 'string', default: '', description: 'name of an environment variable holding the agent name (deprecated)' },
  { key: 'name-from-aws-sts', type: 'boolean', default: false, description: 'register with a pre-signed AWS STS GetCallerIdentity URL signed from the AWS credential chain; the hub names the agent (Outpost)' },
  { key: 'name-from-aws-sts-region', type: 'string', default: '', description: 'region of the STS endpoint to sign for (default AWS_REGION, AWS_DEFAULT_REGION, else sts.amazonaws.com)' },
  { key: 'endpoint', type: 'string', default: '', description: 'hub host[:port][/prefix], without a scheme (required)' },
  { key: 'token', type: 'string', default: '', description: 'registration token of the agent type (required)' },
  { key: 'no-https', type: 'boolean', default: false, description: 'talk to the hub over http' },
  { key: 'shutdown-hook-path', type: 'string', default: '', description: 'script run with bash when the agent shuts down' },
  { key: 'pre-job-hook-path', type: 'string', default: '', description: 'script run in the job session before the commands' },
  { key: 'post-job-hook-path', type: 'string', default: '', description: 'script run in the job session after the epilogues' },
  { key: 'disconnect-after-job', type: 'boolean', default: false, description: 'disconnect after one job' },
  { key: 'job-id', type: 'string', default: '', description: 'ask for this job (needs disconnect-after-job)' },
  { key: 'disconnect-after-idle-timeout', type: 'integer', default: 0, description: 'disconnect after this many idle seconds (0 = never)' },
  { key: 'interruption-grace-period', type: 'integer', default: 0, description: 'seconds a job may go on after SIGTERM/SIGINT' },
  { key: 'env-vars', type: 'list', default: [], description: 'NAME=VALUE variables exported into every job' },
  { key: 'files', type: 'list', default: [], description: 'host_path:container_path files for container jobs' },
  { key: 'fail-on-missing-files', type: 'boolean', default: false, description: 'fail container jobs whose files are missing' },
  { key: 'log-format', type: 'string', default: '', description: 'json or pretty (Outpost; default pretty on a terminal, json lines otherwise)' },
  { key: 'upload-job-logs', type: 'string', default: 'never', description: 'never | always | when-trimmed' },
  { key: 'fail-on-pre-job-hook-error', type: 'boolean', default: false, description: 'fail the job when the pre-job hook fails' },
  { key: 'source-pre-job-hook', type: 'boolean', default: false, description: 'source the pre-job hook instead of running it with bash' },
  { key: 'kubernetes-executor', type: 'boolean', default: false, description: 'run jobs in Kubernetes pods', unsupported: KUBERNETES },
  { key: 'kubernetes-pod-spec', type: 'string', default: '', description: 'ConfigMap decorating job pods', unsupported: KUBERNETES },
  { key: 'kubernetes-allowed-images', type: 'list', default: [], description: 'regexes of allowed images', unsupported: KUBERNETES },
  { key: 'kubernetes-pod-start-timeout', type: 'integer', default: 300, description: 'pod start timeout in seconds', unsupported: KUBERNETES },
  { key: 'kubernetes-labels', type: 'list', default: [], description: 'key=value labels for created resources', unsupported: KUBERNETES },
  { key: 'kubernetes-default-image', type: 'string', default: '', description: 'image for jobs without containers', unsupported: KUBERNETES },
];

/** `SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB` for `disconnect-after-job`; undefined when the key has no variable. */
export function envNameOf(option: OptionSpec): string | undefined {
  if (option.env === false) return undefined;
  return `SEMAPHORE_AGENT_${option.key.toUpperCase().replace(/-/g, '_')}`;
}
