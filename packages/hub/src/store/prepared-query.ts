import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * A query built with Kysely once per database and then run with new values: on the busiest routes (every sync)
 * building and compiling the query tree cost more CPU than SQLite spent running it. `build` gets one placeholder
 * per argument and must put each only where a value goes (no branching on it): the compiled SQL keeps its shape,
 * and each call binds the arguments where the placeholders were, beside the query's own constant values. `build`'s
 * arity counts the placeholders: list each argument (no defaults, no rest parameters).
 */
export function preparedQuery<Args extends readonly unknown[], Row>(build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>) {
  // Keyed by the dialect's adapter, which a transaction shares with its database: one compile serves both.
  const compiled = new WeakMap<object, PreparedShape>();
  return {
    async all(db: Kysely<Database>, ...args: Args): Promise<Row[]> {
      const { adapter } = db.getExecutor();
      let shape = compiled.get(adapter);
      if (!shape) compiled.set(adapter, (shape = compileShape(db, build as never)));
      const parameters = shape.slots.map((slot) => (slot.arg === null ? slot.value : args[slot.arg]));
      const result = await db.executeQuery<Row>(CompiledQuery.raw(shape.sql, parameters));
      return result.rows;
    },
    async first(db: Kysely<Database>, ...args: Args): Promise<Row | undefined> {
      return (await this.all(db, ...args))[0];
    },
  };
}

interface PreparedShape {
  sql: string;
  /** Per bound parameter: the argument it takes (its index), or the query's own constant. */
  slots: { arg: number | null; value: unknown }[];
}

const PLACEHOLDER = '\u0000outpost-prepared-argument-';

function compileShape(db: Kysely<Database>, build: (db: Kysely<Database>, ...args: unknown[]) => Compilable<unknown>): PreparedShape {
  const placeholders = Array.from({ length: build.length - 1 }, (_, i) => `${PLACEHOLDER}${i}`);
  const query = build(db, ...placeholders).compile();
  const slots = query.parameters.map((value) => {
    const arg = typeof value === 'string' && value.startsWith(PLACEHOLDER) ? Number(value.slice(PLACEHOLDER.length)) : null;
    return { arg, value: arg === null ? value : undefined };
  });
  const used = new Set(slots.map((s) => s.arg));
  const unused = placeholders.findIndex((_, i) => !used.has(i));
  if (unused >= 0) throw new Error(`prepared query: argument ${unused} is not a bound value in ${query.sql}`);
  return { sql: query.sql, slots };
}

/**
 * `LIMIT 1` written into the SQL: SQLite re-prepares a statement whose LIMIT is a bound parameter on every run
 * (the planner reads the value), which cost five times the query itself.
 */
export const ONE_ROW = sql.lit(1);
