/** Agent-facing routes, relative to the hub's base URL (spec §1). */
export const AGENT_API_BASE = '/api/v1/self_hosted_agents';
export const AGENT_API_PATHS = {
  register: `${AGENT_API_BASE}/register`,
  sync: `${AGENT_API_BASE}/sync`,
  job: (jobId: string) => `${AGENT_API_BASE}/jobs/${jobId}`,
  refresh: `${AGENT_API_BASE}/refresh`,
  disconnect: `${AGENT_API_BASE}/disconnect`,
  metrics: `${AGENT_API_BASE}/metrics`,
} as const;

/** The log push route the hub puts in each job's `logger.url` (no query string: the agent appends `?start_from=`). */
export const LOG_PUSH_PATH = (jobId: string) => `/api/v1/logs/${jobId}`;
