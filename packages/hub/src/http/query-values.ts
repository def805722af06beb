/**
 * Query strings and path parameters arrive as text. Where a route's schema asks for a number or a yes/no, the text
 * is converted before validation — strictly: "12" is 12, but "1e3", "0x10" and " 5" stay text and fail the schema
 * with a plain message (TypeBox's Value.Convert would read them as 1, 16 and 5).
 */
type JsonSchema = { type?: unknown; const?: unknown; anyOf?: unknown; properties?: unknown };

const INTEGER_TEXT = /^-?\d{1,15}$/;
const NUMBER_TEXT = /^-?\d{1,15}(\.\d{1,15})?$/;
const FLAG_TEXT: Record<string, boolean> = { true: true, false: false, 1: true, 0: false };

export function convertQueryValues(schema: JsonSchema, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const output: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const property = properties[key];
    output[key] = property && typeof value === 'string' ? convertText(value, typesOf(property)) : value;
  }
  return output;
}

function convertText(text: string, types: Set<string>): unknown {
  if (types.has('string')) return text;
  if (types.has('integer') && INTEGER_TEXT.test(text)) return Number(text);
  if (types.has('number') && NUMBER_TEXT.test(text)) return Number(text);
  if (types.has('boolean') && text in FLAG_TEXT) return FLAG_TEXT[text];
  return text;
}

/** The JSON types a schema accepts, looking into unions (a Literal is its const's type). */
function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  if (typeof schema.type === 'string') types.add(schema.type);
  if (schema.const !== undefined) types.add(typeof schema.const);
  if (Array.isArray(schema.anyOf)) for (const variant of schema.anyOf as JsonSchema[]) for (const type of typesOf(variant)) types.add(type);
  return types;
}
