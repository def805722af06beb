import type { Session } from '@outpost/protocol';
import { errorFrom, type ApiClient } from './client.js';

/** Who is signed in, or null. Plain fetch: there is no client before there is a session. */
export async function fetchSession(): Promise<Session | null> {
  const response = await fetch('/api/v1alpha/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) return null;
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as Session;
}

export async function signIn(email: string, password: string): Promise<Session> {
  const response = await fetch('/api/v1alpha/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as Session;
}

export async function signOut(client: ApiClient): Promise<void> {
  await client.send('DELETE', '/api/v1alpha/session');
}
