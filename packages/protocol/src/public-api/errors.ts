import { Type, type Static } from '@sinclair/typebox';

/** Every 4xx/5xx of the public API has this body: a message for a person, a stable code, and the field at fault. */
export const ErrorBody = Type.Object({
  message: Type.String(),
  code: Type.String(),
  field: Type.Optional(Type.String()),
}, { $id: 'ErrorBody' });
export type ErrorBody = Static<typeof ErrorBody>;
