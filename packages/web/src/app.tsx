import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Session } from '@outpost/protocol';
import { createApiClient } from './api/client.js';
import { fetchSession, signOut } from './api/session.js';
import { OrgMenu } from './components/org-menu.js';
import { Link, NavigationProvider, useNavigation } from './navigation/router.js';
import { sameOriginNext } from './navigation/next-policy.js';
import { AgentTypeFormPage } from './pages/agent-type-form/agent-type-form-page.js';
import { AgentTypePage } from './pages/agent-type/agent-type-page.js';
import { AgentTypesPage } from './pages/agent-types/agent-types-page.js';
import { JobPage } from './pages/job/job-page.js';
import { JobsPage } from './pages/jobs/jobs-page.js';
import { RunJobPage } from './pages/jobs/run-job-page.js';
import { PipelinePage } from './pages/pipeline/pipeline-page.js';
import { PipelinesPage } from './pages/pipelines/pipelines-page.js';
import { RunPipelinePage } from './pages/pipelines/run-pipeline-page.js';
import { NotFoundPage } from './pages/not-found/not-found-page.js';
import { SecretFormPage } from './pages/secrets/secret-form-page.js';
import { SecretsPage } from './pages/secrets/secrets-page.js';
import { ProjectFormPage } from './pages/project-form/project-form-page.js';
import { ProjectPage } from './pages/project/project-page.js';
import { ProjectsPage } from './pages/projects/projects-page.js';
import { SignInPage } from './pages/sign-in/sign-in-page.js';
import { MembersPage } from './pages/members/members-page.js';
import { ApiTokensPage } from './pages/api-tokens/api-tokens-page.js';
import { AuditLogPage } from './pages/audit-log/audit-log-page.js';
import { InvitationPage } from './pages/invitation/invitation-page.js';
import { matchRoute, paths, type Route } from './routes.js';
import { SessionProvider, type SessionValue } from './session/session-context.js';
import { TokenMemoryProvider } from './session/token-memory.js';

export function App() {
  return (
    <NavigationProvider>
      <TokenMemoryProvider>
        <Shell />
      </TokenMemoryProvider>
    </NavigationProvider>
  );
}

type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; session: Session } | { status: 'failed'; message: string };

/** The sign-in gate and the page layout: header with the organization menu, then the page for the URL. */
function Shell() {
  const { pathname, navigate } = useNavigation();
  const route = matchRoute(pathname);
  const { state, setState, load, sessionValue } = useSessionState();
  useSignInRedirect(state.status, route);

  // An invitation link works signed in or out; joining signs in to the invitation's organization.
  if (route.page === 'invitation') {
    return <InvitationPage token={route.token} onJoined={(session) => { setState({ status: 'signed-in', session }); navigate(paths.agentTypes(), { replace: true }); }} />;
  }

  if (state.status === 'loading') return <div className="splash" aria-busy="true" aria-label="Loading" />;
  if (state.status === 'failed') {
    return (
      <main className="splash-message">
        <h1>The hub did not answer</h1>
        <p>{state.message}</p>
        <button className="btn btn-primary" type="button" onClick={load}>Try again</button>
      </main>
    );
  }
  if (!sessionValue) return <SignInPage onSignedIn={(session) => setState({ status: 'signed-in', session })} />;

  return (
    <SessionProvider value={sessionValue}>
      <a className="skip-link" href="#main">Skip to content</a>
      <TopBar route={route} session={sessionValue} />
      <main id="main" className="page" tabIndex={-1}>
        {/* A new organization is a new page: nothing loaded for the previous one stays. */}
        <Page key={sessionValue.session.organization.id} route={route} />
      </main>
    </SessionProvider>
  );
}

/** The session from the hub, the API client that carries its CSRF token, and sign-out. */
function useSessionState() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const csrf = useRef<string | null>(null);
  csrf.current = state.status === 'signed-in' ? state.session.csrf_token : null;

  const load = useCallback(() => {
    fetchSession()
      .then((session) => setState(session ? { status: 'signed-in', session } : { status: 'signed-out' }))
      .catch((error: Error) => setState({ status: 'failed', message: error.message }));
  }, []);
  useEffect(load, [load]);

  const client = useMemo(() => createApiClient({ csrfToken: () => csrf.current, onSignedOut: () => setState({ status: 'signed-out' }) }), []);
  const sessionValue = useMemo<SessionValue | null>(() => {
    if (state.status !== 'signed-in') return null;
    return {
      session: state.session,
      client,
      async signOut() {
        await signOut(client).catch(() => undefined);
        setState({ status: 'signed-out' });
      },
      replaceSession(session) {
        setState({ status: 'signed-in', session });
      },
    };
  }, [state, client]);
  return { state, setState, load, sessionValue };
}

/** Signed out: to the sign-in page (remembering where to come back); signed in on it: on to `?next=`. */
function useSignInRedirect(status: SessionState['status'], route: Route) {
  const { pathname, search, navigate } = useNavigation();
  useEffect(() => {
    if (status === 'signed-out' && route.page !== 'sign-in' && route.page !== 'invitation') {
      const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + window.location.search)}`;
      navigate(`${paths.signIn()}${next}`, { replace: true });
    }
    if (status === 'signed-in' && route.page === 'sign-in') navigate(safeNext(search.get('next')), { replace: true });
  }, [status, route.page, pathname, search, navigate]);
}

function TopBar({ route, session }: { route: Route; session: SessionValue }) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to={paths.agentTypes()} className="brand" aria-label="Outpost home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Outpost</span>
        </Link>
        <nav aria-label="Main" className="main-nav">
          <Link to={paths.agentTypes()} aria-current={isAgentsPage(route) ? 'page' : undefined}>Self-hosted agents</Link>
          <Link to={paths.projects()} aria-current={route.page.startsWith('project') ? 'page' : undefined}>Projects</Link>
          <Link to={paths.jobs()} aria-current={isJobsPage(route) ? 'page' : undefined}>Jobs</Link>
          <Link to={paths.pipelines()} aria-current={route.page.startsWith('pipeline') ? 'page' : undefined}>Pipelines</Link>
          <Link to={paths.secrets()} aria-current={route.page.startsWith('secret') ? 'page' : undefined}>Secrets</Link>
        </nav>
        <OrgMenu session={session} />
      </div>
    </header>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'agent-types':
      return <AgentTypesPage />;
    case 'agent-type-new':
      return <AgentTypeFormPage />;
    case 'agent-type':
      return <AgentTypePage key={route.name} name={route.name} />;
    case 'agent-type-edit':
      return <AgentTypeFormPage key={route.name} editName={route.name} />;
    case 'jobs':
      return <JobsPage />;
    case 'job-new':
      return <RunJobPage />;
    case 'job':
      return <JobPage key={route.id} id={route.id} />;
    case 'pipelines':
      return <PipelinesPage />;
    case 'pipeline-new':
      return <RunPipelinePage />;
    case 'pipeline':
      return <PipelinePage key={route.id} id={route.id} />;
    case 'secrets':
      return <SecretsPage />;
    case 'secret-new':
      return <SecretFormPage />;
    case 'secret-edit':
      return <SecretFormPage key={route.name} editName={route.name} />;
    case 'projects':
      return <ProjectsPage />;
    case 'project-new':
      return <ProjectFormPage />;
    case 'project':
      return <ProjectPage key={route.name} name={route.name} />;
    case 'project-edit':
      return <ProjectFormPage key={route.name} editName={route.name} />;
    case 'members':
      return <MembersPage />;
    case 'api-tokens':
      return <ApiTokensPage />;
    case 'audit-log':
      return <AuditLogPage />;
    case 'sign-in':
    case 'invitation':
      return null;
    case 'not-found':
      return <NotFoundPage />;
  }
}

function isAgentsPage(route: Route): boolean {
  return route.page.startsWith('agent-type');
}

function isJobsPage(route: Route): boolean {
  return route.page === 'jobs' || route.page === 'job' || route.page === 'job-new';
}

/** Only same-origin paths: `?next=` must not send a person elsewhere after signing in (navigation/next-policy.ts). */
function safeNext(next: string | null): string {
  return sameOriginNext(next, window.location.origin, paths.agentTypes());
}
