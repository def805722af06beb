import { describe, expect, it } from 'vitest';
import { matchRoute, paths } from './routes.js';

describe('matchRoute', () => {
  it.each([
    { path: '/', route: { page: 'agent-types' } },
    { path: '/sign-in', route: { page: 'sign-in' } },
    { path: '/self-hosted-agents', route: { page: 'agent-types' } },
    { path: '/self-hosted-agents/', route: { page: 'agent-types' } },
    { path: '/self-hosted-agents/new', route: { page: 'agent-type-new' } },
    { path: '/self-hosted-agents/s1-linux', route: { page: 'agent-type', name: 's1-linux' } },
    { path: '/self-hosted-agents/s1-linux/edit', route: { page: 'agent-type-edit', name: 's1-linux' } },
    { path: '/self-hosted-agents/s1-a%20b', route: { page: 'agent-type', name: 's1-a b' } },
    { path: '/self-hosted-agents/%E0%A4%A', route: { page: 'not-found' } },
    { path: '/jobs', route: { page: 'jobs' } },
    { path: '/jobs/new', route: { page: 'job-new' } },
    { path: '/jobs/0192-abc', route: { page: 'job', id: '0192-abc' } },
    { path: '/jobs/a/b', route: { page: 'not-found' } },
    { path: '/pipelines', route: { page: 'pipelines' } },
    { path: '/pipelines/', route: { page: 'pipelines' } },
    { path: '/pipelines/new', route: { page: 'pipeline-new' } },
    { path: '/pipelines/0192-abc', route: { page: 'pipeline', id: '0192-abc' } },
    { path: '/pipelines/a/b', route: { page: 'not-found' } },
    { path: '/secrets', route: { page: 'secrets' } },
    { path: '/secrets/new', route: { page: 'secret-new' } },
    { path: '/secrets/aws.keys/edit', route: { page: 'secret-edit', name: 'aws.keys' } },
    { path: '/secrets/new/edit', route: { page: 'secret-edit', name: 'new' } },
    { path: '/secrets/aws', route: { page: 'not-found' } },
    { path: '/projects', route: { page: 'projects' } },
    { path: '/projects/new', route: { page: 'project-new' } },
    { path: '/projects/web-app', route: { page: 'project', name: 'web-app' } },
    { path: '/projects/web-app/edit', route: { page: 'project-edit', name: 'web-app' } },
    { path: '/projects/a/b/c', route: { page: 'not-found' } },
    { path: '/members', route: { page: 'members' } },
    { path: '/api-tokens', route: { page: 'api-tokens' } },
    { path: '/audit-log', route: { page: 'audit-log' } },
    { path: '/invitations/abc123', route: { page: 'invitation', token: 'abc123' } },
    { path: '/invitations/a/b', route: { page: 'not-found' } },
    { path: '/nope', route: { page: 'not-found' } },
  ])('$path', ({ path, route }) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('round-trips every path builder', () => {
    expect(matchRoute(paths.agentType('s1-x_y'))).toEqual({ page: 'agent-type', name: 's1-x_y' });
    expect(matchRoute(paths.editAgentType('s1-x'))).toEqual({ page: 'agent-type-edit', name: 's1-x' });
    expect(matchRoute(paths.job('j/1'))).toEqual({ page: 'job', id: 'j/1' });
    expect(matchRoute(paths.pipeline('p/1'))).toEqual({ page: 'pipeline', id: 'p/1' });
    expect(matchRoute(paths.pipelines())).toEqual({ page: 'pipelines' });
    expect(matchRoute(paths.newPipeline())).toEqual({ page: 'pipeline-new' });
    expect(matchRoute(paths.editSecret('team@prod:db'))).toEqual({ page: 'secret-edit', name: 'team@prod:db' });
    expect(matchRoute(paths.newSecret())).toEqual({ page: 'secret-new' });
    expect(matchRoute(paths.project('a b'))).toEqual({ page: 'project', name: 'a b' });
    expect(matchRoute(paths.editProject('x'))).toEqual({ page: 'project-edit', name: 'x' });
    expect(matchRoute(paths.newJob('s1-x').split('?')[0]!)).toEqual({ page: 'job-new' });
  });
});
