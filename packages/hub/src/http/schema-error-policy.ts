/**
 * A failed schema check → a sentence a person can act on, naming the field (STYLE §9.4). Pure: the input is the
 * first failure the validator found — where (part and path), what the schema asked for, and what was sent.
 */
export interface SchemaFailure {
  /** body, querystring, params or headers. */
  part: string;
  /** JSON pointer of the failing value: '' for the whole part, '/spec/files/0/content' deeper. */
  path: string;
  schema: JsonSchema;
  value: unknown;
  /** The property was required and is absent. */
  missing: boolean;
  /** What the route calls its request in messages: 'request', 'register request', 'sync request'. */
  subject: string;
}

export interface SchemaProblem {
  /** The field at fault, dotted ('spec.files.0.content'), or 'body'. */
  field: string;
  text: string;
  /** The text already names the whole request (it needs no "is not valid" prefix). */
  whole: boolean;
}

export interface JsonSchema {
  type?: unknown;
  const?: unknown;
  anyOf?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  minLength?: unknown;
  maxLength?: unknown;
  maxItems?: unknown;
  examples?: unknown;
  /** A schema's own wording for any failure of its value: {field}, {value} (as JSON) and {raw} (as text). */
  errorMessage?: unknown;
}

export function describeSchemaError(failure: SchemaFailure): SchemaProblem {
  const field = failure.path === '' ? failure.part === 'body' ? 'body' : failure.part : failure.path.slice(1).split('/').join('.');
  const { schema, value } = failure;
  if (typeof schema.errorMessage === 'string') return { field, text: fillTemplate(schema.errorMessage, field, value), whole: false };
  if (failure.missing) return { field, text: `${field} is required`, whole: false };
  if (failure.path === '' && failure.part === 'body' && acceptsObject(schema)) {
    return { field, text: `the ${failure.subject} body must be a JSON object${exampleOf(schema)}`, whole: true };
  }
  if (Array.isArray(value) && failure.part === 'querystring' && !typesOf(schema).has('array')) {
    return { field, text: `give ${field} at most once`, whole: false };
  }
  return { field, text: `${field} ${expectation(schema, value)}`, whole: false };
}

function expectation(schema: JsonSchema, value: unknown): string {
  if (Array.isArray(schema.anyOf)) return unionExpectation(schema.anyOf as JsonSchema[], value);
  if (schema.const !== undefined) return `must be ${JSON.stringify(schema.const)}; got ${shown(value)}`;
  switch (schema.type) {
    case 'object':
      return `must be an object; got ${shown(value)}`;
    case 'array':
      return arrayExpectation(schema, value);
    case 'string':
      return stringExpectation(schema, value);
    case 'integer':
    case 'number':
      return numberExpectation(schema, value);
    case 'boolean':
      return `must be true or false; got ${shown(value)}`;
    case 'null':
      return `must be null; got ${shown(value)}`;
    default:
      return `is not valid; got ${shown(value)}`;
  }
}

function unionExpectation(variants: JsonSchema[], value: unknown): string {
  if (variants.length > 0 && variants.every((v) => v.const !== undefined)) {
    return `must be one of ${variants.map((v) => JSON.stringify(v.const)).join(', ')}; got ${shown(value)}`;
  }
  const notNull = variants.filter((v) => v.type !== 'null');
  const only = notNull[0];
  if (notNull.length === 1 && only) return `${expectation(only, value)}${notNull.length < variants.length ? ' (or null)' : ''}`;
  return `is not valid; got ${shown(value)}`;
}

function arrayExpectation(schema: JsonSchema, value: unknown): string {
  if (!Array.isArray(value)) return `must be a list; got ${shown(value)}`;
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return `may have at most ${schema.maxItems} entries; got ${value.length}`;
  return 'is not valid';
}

function stringExpectation(schema: JsonSchema, value: unknown): string {
  if (typeof value !== 'string') return `must be a string; got ${shown(value)}`;
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    return schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters; got ${value.length}`;
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    return `may have at most ${schema.maxLength} characters; got ${value.length}`;
  }
  return 'contains characters or a format that is not allowed';
}

function numberExpectation(schema: JsonSchema, value: unknown): string {
  const kind = schema.type === 'integer' ? 'a whole number' : 'a number';
  if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) return `must be ${kind}; got ${shown(value)}`;
  if (typeof schema.minimum === 'number' && value < schema.minimum) return `must be at least ${schema.minimum}; got ${shown(value)}`;
  if (typeof schema.maximum === 'number' && value > schema.maximum) return `must be at most ${schema.maximum}; got ${shown(value)}`;
  return `is not valid; got ${shown(value)}`;
}

function acceptsObject(schema: JsonSchema): boolean {
  return typesOf(schema).has('object');
}

function typesOf(schema: JsonSchema): Set<unknown> {
  const types = new Set<unknown>([schema.type]);
  if (Array.isArray(schema.anyOf)) for (const variant of schema.anyOf as JsonSchema[]) types.add(variant.type);
  return types;
}

/** " such as {…}" from the schema's (or its object variant's) first example. */
function exampleOf(schema: JsonSchema): string {
  const withExample = [schema, ...(Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : [])].find((s) => Array.isArray(s.examples));
  const example: unknown = withExample && (withExample.examples as unknown[])[0];
  return example === undefined ? '' : ` such as ${JSON.stringify(example)}`;
}

/** What was sent, short: a list or an object is named, a scalar is shown as JSON (cut at 40 characters). */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function fillTemplate(template: string, field: string, value: unknown): string {
  const raw = typeof value === 'string' ? value.slice(0, 40) : shown(value);
  return template.replace('{field}', field).replace('{value}', shown(value)).replace('{raw}', raw);
}
