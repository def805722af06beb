/** The route table: one line per page (pure). */

export type Route =
  | { page: 'sign-in' }
  | { page: 'agent-types' }
  | { page: 'agent-type-new' }
  | { page: 'agent-type'; name: string }
  | { page: 'agent-type-edit'; name: string }
  | { page: 'jobs' }
  | { page: 'job-new' }
  | { page: 'job'; id: string }
  | { page: 'pipelines' }
  | { page: 'pipeline-new' }
  | { page: 'pipeline'; id: string }
  | { page: 'secrets' }
  | { page: 'secret-new' }
  | { page: 'secret-edit'; name: string }
  | { page: 'projects' }
  | { page: 'project-new' }
  | { page: 'project'; name: string }
  | { page: 'project-edit'; name: string }
  | { page: 'members' }
  | { page: 'api-tokens' }
  | { page: 'audit-log' }
  | { page: 'invitation'; token: string }
  | { page: 'not-found' };

const TABLE: Array<[RegExp, (m: string[]) => Route]> = [
  [/^\/sign-in$/, () => ({ page: 'sign-in' })],
  [/^\/(self-hosted-agents)?$/, () => ({ page: 'agent-types' })],
  [/^\/self-hosted-agents\/new$/, () => ({ page: 'agent-type-new' })],
  [/^\/self-hosted-agents\/([^/]+)$/, (m) => ({ page: 'agent-type', name: m[1]! })],
  [/^\/self-hosted-agents\/([^/]+)\/edit$/, (m) => ({ page: 'agent-type-edit', name: m[1]! })],
  [/^\/jobs$/, () => ({ page: 'jobs' })],
  [/^\/jobs\/new$/, () => ({ page: 'job-new' })],
  [/^\/jobs\/([^/]+)$/, (m) => ({ page: 'job', id: m[1]! })],
  [/^\/pipelines$/, () => ({ page: 'pipelines' })],
  [/^\/pipelines\/new$/, () => ({ page: 'pipeline-new' })],
  [/^\/pipelines\/([^/]+)$/, (m) => ({ page: 'pipeline', id: m[1]! })],
  [/^\/secrets$/, () => ({ page: 'secrets' })],
  [/^\/secrets\/new$/, () => ({ page: 'secret-new' })],
  [/^\/secrets\/([^/]+)\/edit$/, (m) => ({ page: 'secret-edit', name: m[1]! })],
  [/^\/projects$/, () => ({ page: 'projects' })],
  [/^\/projects\/new$/, () => ({ page: 'project-new' })],
  [/^\/projects\/([^/]+)$/, (m) => ({ page: 'project', name: m[1]! })],
  [/^\/projects\/([^/]+)\/edit$/, (m) => ({ page: 'project-edit', name: m[1]! })],
  [/^\/members$/, () => ({ page: 'members' })],
  [/^\/api-tokens$/, () => ({ page: 'api-tokens' })],
  [/^\/audit-log$/, () => ({ page: 'audit-log' })],
  [/^\/invitations\/([^/]+)$/, (m) => ({ page: 'invitation', token: m[1]! })],
];

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [pattern, build] of TABLE) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      return build(match.map((part) => decodeURIComponent(part ?? '')));
    } catch {
      // A malformed %-escape names no page; falling through to not-found is the answer.
      return { page: 'not-found' };
    }
  }
  return { page: 'not-found' };
}

export const paths = {
  signIn: () => '/sign-in',
  agentTypes: () => '/self-hosted-agents',
  newAgentType: () => '/self-hosted-agents/new',
  agentType: (name: string) => `/self-hosted-agents/${encodeURIComponent(name)}`,
  editAgentType: (name: string) => `/self-hosted-agents/${encodeURIComponent(name)}/edit`,
  jobs: () => '/jobs',
  newJob: (agentType?: string) => (agentType ? `/jobs/new?agent_type=${encodeURIComponent(agentType)}` : '/jobs/new'),
  job: (id: string) => `/jobs/${encodeURIComponent(id)}`,
  pipelines: () => '/pipelines',
  newPipeline: () => '/pipelines/new',
  pipeline: (id: string) => `/pipelines/${encodeURIComponent(id)}`,
  secrets: () => '/secrets',
  newSecret: () => '/secrets/new',
  editSecret: (name: string) => `/secrets/${encodeURIComponent(name)}/edit`,
  projects: () => '/projects',
  newProject: () => '/projects/new',
  project: (name: string) => `/projects/${encodeURIComponent(name)}`,
  editProject: (name: string) => `/projects/${encodeURIComponent(name)}/edit`,
  members: () => '/members',
  apiTokens: () => '/api-tokens',
  auditLog: () => '/audit-log',
  invitation: (token: string) => `/invitations/${encodeURIComponent(token)}`,
};
