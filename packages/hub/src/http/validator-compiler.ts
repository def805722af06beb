import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { convertQueryValues } from './query-values.js';
import { findNulCharacter, withIntegerBounds } from './storable-values.js';

/**
 * Validates every route part with TypeBox's own compiled checker, so the protocol schemas mean exactly what they
 * mean to `Value.Check` in the agent and the tests. Bodies are checked as sent (no type coercion: `"42"` is not a
 * pid); query strings and path parameters are text and are converted strictly first (query-values.ts).
 */
export const compileTypeBoxValidator: FastifySchemaCompiler<TSchema> = ({ schema, httpPart, method, url }) => {
  if (!KindGuard.IsSchema(schema)) throw new Error(`the ${httpPart ?? ''} schema of ${method} ${url} is not a TypeBox schema`);
  const check = TypeCompiler.Compile(withIntegerBounds(schema));
  const isText = httpPart === 'querystring' || httpPart === 'params';
  return (data: unknown) => {
    const value = isText ? convertQueryValues(schema as Parameters<typeof convertQueryValues>[0], data) : data;
    const nulAt = findNulCharacter(value);
    if (nulAt !== undefined) return { error: [nulError(nulAt)] };
    if (check.Check(value)) return { value };
    return { error: [firstError(check, value)] };
  };
};

/** No field of any request may hold a NUL character: PostgreSQL text cannot store one, and no name or command needs it. */
function nulError(path: string): FastifySchemaValidationError {
  return {
    keyword: 'nul',
    instancePath: path,
    schemaPath: '',
    message: 'contains a NUL character',
    params: { schema: { errorMessage: '{field} must not contain a NUL character (\\u0000)' }, value: undefined, missing: false },
  };
}

/** The first failure, as Fastify passes it to the schemaErrorFormatter; `params` carries what schema-errors.ts needs. */
function firstError(check: TypeCheck<TSchema>, value: unknown): FastifySchemaValidationError {
  const found = check.Errors(value).First();
  const error = found ? innermost(found) : undefined;
  return {
    keyword: error ? ValueErrorType[error.type] ?? 'unknown' : 'unknown',
    instancePath: error?.path ?? '',
    schemaPath: '',
    message: error?.message ?? 'unexpected shape',
    params: { schema: error?.schema ?? check.Schema(), value: error ? error.value : value, missing: error?.type === ValueErrorType.ObjectRequiredProperty },
  };
}

/** In a "this or null" union that got a non-null value, the failure inside the non-null variant says more. */
function innermost(error: ValueError): ValueError {
  if (error.type !== ValueErrorType.Union || error.value === null) return error;
  const variants = (error.schema.anyOf ?? []) as TSchema[];
  const notNull = variants.flatMap((variant, index) => (variant.type === 'null' ? [] : [index]));
  const only = notNull.length === 1 ? notNull[0] : undefined;
  const inner = only === undefined ? undefined : error.errors[only]?.First();
  return inner ? innermost(inner) : error;
}
