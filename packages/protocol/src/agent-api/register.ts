import { Type, type Static } from '@sinclair/typebox';
import { INT32_MAX } from '../limits.js';

/** POST /api/v1/self_hosted_agents/register — body sent by the agent (spec §1.2), no Content-Type. */
export const RegisterRequest = Type.Object({
  name: Type.String({ maxLength: 8192 }),
  version: Type.String({ maxLength: 200 }),
  pid: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
  os: Type.String({ maxLength: 500 }),
  arch: Type.String({ maxLength: 100 }),
  hostname: Type.String({ maxLength: 500 }),
  single_job: Type.Boolean(),
  idle_timeout: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
  interruption_grace_period: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
  job_id: Type.String({ maxLength: 200 }),
}, { $id: 'RegisterRequest' });
export type RegisterRequest = Static<typeof RegisterRequest>;

/** Any 2xx counts as success for register; the agent adopts `name` unconditionally. */
export const RegisterResponse = Type.Object({
  name: Type.String(),
  token: Type.String(),
}, { $id: 'RegisterResponse' });
export type RegisterResponse = Static<typeof RegisterResponse>;
