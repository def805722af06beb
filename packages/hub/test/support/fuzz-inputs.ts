/**
 * Inputs for the route fuzz test, made from the OpenAPI document the hub serves: a plausible value for each
 * request schema, and the same value with one field at a time replaced by what PostgreSQL cannot store.
 */
export type JsonSchema = Record<string, unknown>;
export type Resolve = (schema: JsonSchema) => JsonSchema;

export const NUL_TEXT = 'nul\u0000inside';
/** Past a 32-bit INTEGER column, and past every column. */
export const HUGE_NUMBERS = [2 ** 31, 1e300];

/** A value the schema plausibly accepts: every property present, the first variant of a union, the minimum of a number. */
export function sampleValue(schema: JsonSchema, resolve: Resolve, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) {
    const notNull = variants.find((v) => resolve(v).type !== 'null') ?? variants[0];
    return notNull ? sampleValue(notNull, resolve, depth + 1) : null;
  }
  switch (s.type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, sampleValue(value, resolve, depth + 1)]));
    }
    case 'array':
      return s.items ? [sampleValue(s.items as JsonSchema, resolve, depth + 1)] : [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return false;
    case 'string':
      return Array.isArray(s.examples) && typeof s.examples[0] === 'string' ? s.examples[0] : 'fuzz-value';
    default:
      return 'fuzz-value';
  }
}

/** Copies of `value`, each with one string leaf replaced by NUL text or one number leaf by a huge number. */
export function hostileVariants(value: unknown, limit: number): { field: string; value: unknown }[] {
  const variants: { field: string; value: unknown }[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (variants.length >= limit) return;
    if (typeof node === 'string') variants.push({ field: path.join('.'), value: replaceAt(value, path, NUL_TEXT) });
    else if (typeof node === 'number') for (const n of HUGE_NUMBERS) variants.push({ field: path.join('.'), value: replaceAt(value, path, n) });
    else if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i]));
    else if (node !== null && typeof node === 'object') for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
  };
  visit(value, []);
  return variants.slice(0, limit);
}

function replaceAt(root: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? replaceAt(item, rest, leaf) : item));
  const object = root as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, leaf) };
}
