import { Type, type Static } from '@sinclair/typebox';

/** GET /api/v1/self_hosted_agents/metrics (registration-token auth) — what autoscalers poll. */
export const AgentTypeMetrics = Type.Object({
  jobs: Type.Object({ queued: Type.Integer(), running: Type.Integer() }),
  agents: Type.Object({ idle: Type.Integer(), occupied: Type.Integer() }),
}, { $id: 'AgentTypeMetrics' });
export type AgentTypeMetrics = Static<typeof AgentTypeMetrics>;
