import { INT32_MAX } from '@outpost/protocol';

/**
 * What both databases can store, decided at validation so SQLite and PostgreSQL answer the same 4xx: PostgreSQL
 * refuses a NUL character in text and a number past its column, which SQLite would quietly keep.
 */

type Schema = Record<PropertyKey, unknown>;

/**
 * A copy of a route schema in which every integer without its own bounds gets the INTEGER column's (±INT32_MAX).
 * Fields stored in wider columns declare their maximum in the protocol schema. Symbol keys (TypeBox's Kind) are kept.
 */
export function withIntegerBounds<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item) => withIntegerBounds(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Schema = { ...(schema as Schema) };
  for (const key of Object.keys(copy)) {
    if (key === 'default' || key === 'examples' || key === 'const' || key === 'enum') continue;
    copy[key] = withIntegerBounds(copy[key]);
  }
  if (copy.type === 'integer') {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = INT32_MAX;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = -INT32_MAX - 1;
  }
  return copy as T;
}

/** The JSON pointer of the first string (or object key) holding a NUL character, or undefined when there is none. */
export function findNulCharacter(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}/${key.replaceAll('\u0000', '\\u0000')}`;
    const found = findNulCharacter(item, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
