import { Type, type Static } from '@sinclair/typebox';

/** POST /api/v1/self_hosted_agents/refresh — a new log-push token for the agent's assigned job. */
export const RefreshResponse = Type.Object({ token: Type.String() }, { $id: 'RefreshResponse' });
export type RefreshResponse = Static<typeof RefreshResponse>;
