import type { FastifyServerOptions } from 'fastify';
import { HubError } from '../errors.js';
import { describeSchemaError, type JsonSchema } from './schema-error-policy.js';

type SchemaErrorFormatter = NonNullable<FastifyServerOptions['schemaErrorFormatter']>;

export interface SchemaErrorOptions {
  /** How messages name the request: 'register request' → "the register request is not valid: pid is required". */
  subject?: string;
  /**
   * A bad body is a 422 VALIDATION with the field at fault (production answers 422 for an unreadable register
   * body, spec §1.2); sign-in keeps its 400. Query strings, path parameters and headers are always a 400.
   */
  bodyCode?: 'VALIDATION' | 'BAD_REQUEST';
}

/** Turns Fastify's schema failure into the HubError the one error handler answers (STYLE §9.4). */
export function formatSchemaErrors(options: SchemaErrorOptions = {}): SchemaErrorFormatter {
  const subject = options.subject ?? 'request';
  const bodyCode = options.bodyCode ?? 'VALIDATION';
  return (errors, dataVar) => {
    const first = errors[0];
    const problem = describeSchemaError({
      part: dataVar,
      path: first?.instancePath ?? '',
      schema: (first?.params.schema ?? {}) as JsonSchema,
      value: first?.params.value,
      missing: first?.params.missing === true,
      subject,
    });
    if (dataVar === 'body' && bodyCode === 'VALIDATION') {
      const detail = problem.whole ? problem.text : `the ${subject} is not valid: ${problem.text}`;
      return new HubError('VALIDATION', { detail }, { field: problem.field });
    }
    return new HubError('BAD_REQUEST', { detail: problem.text }, { field: problem.field });
  };
}
