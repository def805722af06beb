/**
 * Every expected failure of the `agent` command has a code here: its exit code and a message for a person.
 * main.ts turns an AgentError into that exit code; docs/agent-errors.md lists every code (a test keeps it complete).
 */
export const AGENT_ERRORS = {
  'usage': { exitCode: 2, message: '{detail}' },
  'config-invalid': { exitCode: 1, message: 'the configuration is not valid:\n{detail}' },
  'config-file-unreadable': { exitCode: 1, message: "cannot read the config file '{path}': {detail}" },
  'name-invalid': { exitCode: 1, message: '{detail}' },
  'registration-failed': {
    exitCode: 1,
    message: 'could not register with {url} after {attempts} attempts: {detail}',
  },
  'job-file-invalid': { exitCode: 1, message: "the job file '{path}' is not valid: {detail}" },
  'install-failed': { exitCode: 1, message: 'could not install the agent: {detail}' },
} as const;

export type AgentErrorCode = keyof typeof AGENT_ERRORS;

export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly exitCode: number;

  constructor(code: AgentErrorCode, params: Record<string, string | number> = {}, options: { cause?: unknown } = {}) {
    super(formatMessage(AGENT_ERRORS[code].message, params), { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    this.exitCode = AGENT_ERRORS[code].exitCode;
  }
}

function formatMessage(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}
