// The slice of Cloudflare D1 the D1 stores use, and `:name` parameters for it. D1 is asynchronous and has no
// interactive transactions: a read-then-write that must be atomic is one statement (UPDATE … WHERE … RETURNING)
// or one `batch`, which D1 runs as a single transaction (all statements or none).
import { named } from './named-params.ts';

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

/** A prepared statement with its `:name` parameters, or its `?` parameters in order (an array), bound. */
export function statement(db: D1Database, text: string, params: SqlParams | readonly unknown[] = {}): D1Statement {
  const { text: sql, values } = Array.isArray(params) ? { text, values: params } : named(text, params as SqlParams, '?');
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
