// The slice of Cloudflare D1 the D1 stores use, and `:name` parameters for it. D1 is asynchronous and has no
// interactive transactions: a read-then-write that must be atomic is one statement (UPDATE … WHERE … RETURNING)
// or one `batch`, which D1 runs as a single transaction (all statements or none).

/** What a D1 statement answers; `meta.changes` counts the rows an INSERT, UPDATE or DELETE touched. */
export interface D1Answer {
  results: Record<string, unknown>[];
  meta: { changes: number };
}

export interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  all(): Promise<D1Answer>;
  first(): Promise<Record<string, unknown> | null>;
  run(): Promise<D1Answer>;
}

/** The `D1Database` binding (workers-types), narrowed to what the stores call; Miniflare's proxy fits it too. */
export interface D1Database {
  prepare(sql: string): D1Statement;
  batch(statements: D1Statement[]): Promise<D1Answer[]>;
}

export type SqlParams = Record<string, unknown>;

/**
 * Turns the `:name` placeholders the SQLite stores' SQL uses into D1's ordered `?N` (D1 documents only `?` and
 * `?N`), binding each name once however often it appears. The SQL run here holds no colons in literals.
 */
export function named(text: string, params: SqlParams): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const sql = text.replace(/:([a-zA-Z]\w*)/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`missing SQL parameter ${name}`);
    let position = index.get(name);
    if (position === undefined) {
      // D1 stores no `undefined`; the SQLite stores pass null for an absent value.
      values.push(params[name] ?? null);
      position = values.length;
      index.set(name, position);
    }
    return `?${position}`;
  });
  return { sql, values };
}

/** A prepared statement with its `:name` parameters, or its `?` parameters in order (an array), bound. */
export function statement(db: D1Database, text: string, params: SqlParams | readonly unknown[] = {}): D1Statement {
  const { sql, values } = Array.isArray(params) ? { sql: text, values: params } : named(text, params as SqlParams);
  const prepared = db.prepare(sql);
  return values.length === 0 ? prepared : prepared.bind(...values);
}

/** Rows of one statement. */
export async function rowsOf(db: D1Database, text: string, params: SqlParams | readonly unknown[] = {}): Promise<Record<string, unknown>[]> {
  return (await statement(db, text, params).all()).results;
}

/** Runs `statements` as one D1 transaction (nothing when empty: D1 refuses an empty batch). */
export async function inBatch(db: D1Database, statements: D1Statement[]): Promise<D1Answer[]> {
  return statements.length === 0 ? [] : db.batch(statements);
}
