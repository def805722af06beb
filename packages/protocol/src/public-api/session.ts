import { Type, type Static } from '@sinclair/typebox';

/** POST /api/v1alpha/session: sign in to the web UI with email and password. */
export const SignInInput = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
}, { $id: 'SignInInput' });
export type SignInInput = Static<typeof SignInInput>;

/** The answer of POST and GET /api/v1alpha/session: who is signed in, and the CSRF token to send with changes. */
export const Session = Type.Object({
  user: Type.Object({ email: Type.String(), role: Type.String() }),
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  /** Send as the `X-CSRF-Token` header on every POST, PATCH, PUT and DELETE made with the session cookie. */
  csrf_token: Type.String(),
  /** Unix seconds. */
  expires_at: Type.Integer(),
}, { $id: 'Session' });
export type Session = Static<typeof Session>;

export const SESSION_COOKIE_NAME = 'outpost_session';
export const CSRF_HEADER_NAME = 'x-csrf-token';
