import { createContext, useContext, type ReactNode } from 'react';
import type { Session } from '@outpost/protocol';
import type { ApiClient } from '../api/client.js';

export interface SessionValue {
  session: Session;
  client: ApiClient;
  signOut(): Promise<void>;
  /** After switching or joining an organization: the hub's new answer for this session. */
  replaceSession(session: Session): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is only available once signed in');
  return value;
}

export function useApi(): ApiClient {
  return useSession().client;
}
