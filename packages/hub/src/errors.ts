/**
 * Every expected failure the hub reports has a code here: its HTTP status and a message for a person. Routes throw
 * `HubError`; the one error handler in app.ts turns it into `{message, code, field?}`. docs/errors.md lists every
 * code (a test keeps it complete).
 */
export const ERRORS = {
  // 400
  BAD_REQUEST: { status: 400, message: 'the request is not valid: {detail}' },
  INVALID_JSON: { status: 400, message: 'the request body is not valid JSON: {detail}' },
  VALIDATION: { status: 422, message: '{detail}' },
  PIPELINE_INVALID: { status: 400, message: 'the pipeline file has {count} problem(s); the first: {first}' },
  // 401 / 403
  UNAUTHENTICATED: { status: 401, message: 'send an API token as "Authorization: Token <token>"' },
  INVALID_API_TOKEN: { status: 401, message: 'the API token is invalid or was revoked' },
  REGISTRATION_TOKEN_MISSING: {
    status: 401,
    message: 'send the agent type\'s registration token as "Authorization: Token <token>"',
  },
  INVALID_AGENT_TOKEN: { status: 401, message: 'the agent access token is invalid; the agent was removed or must register again' },
  INVALID_REGISTRATION_TOKEN: {
    status: 404,
    message: 'the registration token is invalid or was reset; copy the current one from the agent type page',
  },
  INVALID_LOG_TOKEN: { status: 401, message: 'the log token for job {jobId} is invalid or expired; call /refresh for a new one' },
  FORBIDDEN: { status: 403, message: 'your role does not have the permission {permission}' },
  METRICS_TOKEN_REQUIRED: { status: 401, message: 'this hub protects /metrics: send "Authorization: Bearer <OUTPOST_METRICS_TOKEN>"' },
  METRICS_TOKEN_NOT_SET: {
    status: 401,
    message: 'this hub serves more than one organization and /metrics labels series with organization ids; set OUTPOST_METRICS_TOKEN on the hub and send it as "Authorization: Bearer <token>"',
  },
  INVALID_CREDENTIALS: { status: 401, message: 'the email or password is not right' },
  CSRF: { status: 403, message: 'the request is missing the CSRF token of your session; reload the page' },
  NOT_SIGNED_IN: { status: 401, message: 'you are not signed in; sign in with your email and password' },
  NO_ORGANIZATION: { status: 403, message: 'your account belongs to no organization any more; ask an owner or admin for a new invitation' },
  OWNER_ONLY: { status: 403, message: 'only an owner may give, change or take away the owner role' },
  INVITATION_INVALID: { status: 404, message: 'this invitation link is not valid; ask for a new invitation' },
  INVITATION_USED: { status: 410, message: 'this invitation link was already used or has expired; ask for a new invitation' },
  SIGN_IN_NEEDS_JSON: { status: 400, message: 'send the email and password as JSON (Content-Type: application/json)' },
  // 404
  NOT_FOUND: { status: 404, message: '{what} was not found' },
  ROUTE_NOT_FOUND: { status: 404, message: 'there is no route {method} {url}' },
  AGENT_BUNDLE_MISSING: { status: 404, message: 'the single-file agent was not built on this hub; run npm run build, then restart the hub' },
  AGENT_DOWNLOAD_MISSING: {
    status: 404,
    message: '{name} is not on this hub: npm run build builds the agent for the platform the hub runs on (downloads: {offered})',
  },
  // 409
  CONFLICT: { status: 409, message: '{detail}' },
  AGENT_TYPE_EXISTS: { status: 409, message: "an agent type named '{name}' already exists in this organization" },
  AGENT_TYPE_HAS_AGENTS: {
    status: 409,
    message: "agent type '{name}' still has {count} connected agent(s); disable them first, then delete the type",
  },
  SECRET_EXISTS: { status: 409, message: "a secret named '{name}' already exists in this organization" },
  SECRET_CHANGED: { status: 409, message: "secret '{name}' changed while this update was being made; read it again and retry" },
  SECRET_UNREADABLE: {
    status: 409,
    message:
      "secret '{name}' was encrypted with a key this hub does not have (key id {keyId}); start the hub with the OUTPOST_SECRETS_KEY it was written with, or give all of its values and files again",
  },
  JOB_SECRETS_UNREADABLE: {
    status: 409,
    message: 'the secrets of job {jobId} cannot be decrypted with this hub\'s key; start every hub with the OUTPOST_SECRETS_KEY the job was queued with',
  },
  PROJECT_EXISTS: { status: 409, message: "a project named '{name}' already exists in this organization" },
  PROJECT_SECRETS_UNREADABLE: {
    status: 409,
    message:
      "the credentials or webhook secret of project '{name}' were encrypted with a key this hub does not have (key id {keyId}); start the hub with the OUTPOST_SECRETS_KEY they were written with, or set the credentials again and reset the webhook secret",
  },
  WEBHOOK_SIGNATURE_INVALID: { status: 401, message: '{detail}' },
  GIT_REF_NOT_FOUND: { status: 404, message: '{detail}' },
  GIT_FETCH_FAILED: { status: 502, message: "the hub could not fetch from the repository of project '{name}': {detail}" },
  AGENT_TYPE_HAS_JOBS: {
    status: 409,
    message: "agent type '{name}' still has {count} queued or running job(s); wait for them to finish or stop them, then delete the type",
  },
  LAST_OWNER: {
    status: 409,
    message: "{email} is the last owner of this organization; make someone else owner first, so that the organization keeps one",
  },
  ALREADY_MEMBER: { status: 409, message: '{email} is already a member of this organization' },
  ALREADY_INVITED: { status: 409, message: '{email} already has a pending invitation; revoke it to send a new one' },
  JOB_ALREADY_FINISHED: { status: 409, message: 'job {jobId} already finished ({result}); there is nothing to stop' },
  // agent protocol
  AGENT_NAME_TAKEN: {
    status: 400,
    message: "the agent name '{name}' is already in use in this organization (connected or reserved after a disconnect)",
  },
  AGENT_NAME_INVALID: { status: 400, message: '{detail}' },
  AGENT_NAME_URL_NOT_ALLOWED: {
    status: 400,
    message: "agent type '{type}' takes names from the agent; URLs are not allowed as names",
  },
  AGENT_NAME_STS_REQUIRED: {
    status: 400,
    message:
      "agent type '{type}' assigns names from AWS STS; start the agent with a pre-signed GetCallerIdentity URL as its name (agent --name-from-aws-sts)",
  },
  STS_REFUSED: { status: 400, message: '{detail}' },
  JOB_REQUEST_WITHOUT_SINGLE_JOB: {
    status: 400,
    message: 'a job can only be requested by an agent that disconnects after running it (disconnect-after-job)',
  },
  JOB_NOT_AVAILABLE: { status: 400, message: 'job {jobId} is not queued for agent type {type}' },
  JOB_NOT_ASSIGNED: { status: 404, message: 'job {jobId} is not assigned to this agent' },
  NO_JOB_ASSIGNED: { status: 422, message: 'the agent has no assigned job to refresh a log token for' },
  LOG_BUDGET_SPENT: { status: 422, message: 'the log of job {jobId} reached its size budget and was trimmed' },
  TOO_MANY_EVENTS: { status: 413, message: 'at most {max} log events may be sent in one request; got {count}' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'the request body is larger than the limit of {limit} bytes' },
  RATE_LIMITED: { status: 429, message: 'too many requests; retry after {seconds} s' },
  SIGN_IN_THROTTLED: { status: 429, message: 'too many failed sign-ins for this account or from this address; retry after {seconds} s' },
  // 5xx
  SECRETS_OFF: { status: 503, message: '{reason}' },
  STORE_UNAVAILABLE: {
    status: 503,
    message: 'the hub cannot write to its database right now (a full disk or a lost connection); nothing was changed, retry in a few seconds',
  },
  INTERNAL: { status: 500, message: 'the hub failed to handle the request; see the hub log for request {requestId}' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class HubError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, options: { field?: string; cause?: unknown } = {}) {
    super(formatMessage(ERRORS[code].message, params), { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.field = options.field;
  }
}

function formatMessage(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

/** An id or name from a request, fit to quote in a message: its first 80 characters, anything unprintable as `?`. */
export function quoteInput(text: string): string {
  return `'${text.slice(0, 80).replace(/[^\x20-\x7e]/g, '?')}'`;
}
