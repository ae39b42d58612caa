// Opens the gateway's PostgreSQL database: one pg Pool on one schema, migrated before anything uses it. `pg` is
// imported here, on demand, so a gateway on SQLite never loads it.
import type { Pool, PoolClient } from 'pg';
import { migratePostgres, quoteIdentifier, type AppliedMigration, type MigrationPlan } from './postgres-migrations.ts';
import { GATEWAY_MIGRATIONS } from './postgres-schema.ts';

export interface OpenPostgresOptions {
  /** Schema holding the gateway's tables (created if missing). Default `public`. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** What to migrate to; default every store's migrations (GATEWAY_MIGRATIONS). */
  plan?: MigrationPlan;
  /**
   * An idle pooled connection lost its server (a restart, a failover). Default: ignored, the pool replaces it and
   * the next query reports any lasting trouble. Without a listener pg's error event would end the process.
   */
  onIdleConnectionError?: (error: Error) => void;
}

export interface PostgresDatabase {
  /** Shared by every store built on it; those stores' `close()` leave it open. */
  pool: Pool;
  schema: string;
  /** Migrations this open applied (empty when another instance, or an earlier start, did them). */
  applied: AppliedMigration[];
  /** Ends the pool (once; later calls do nothing). */
  close(): Promise<void>;
}

/** `connectionString`: `postgres://user:password@host:5432/database`. */
export async function openPostgres(connectionString: string, options: OpenPostgresOptions = {}): Promise<PostgresDatabase> {
  const schema = options.schema ?? 'public';
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${quoteIdentifier(schema)}`,
    // BIGINT (epoch ms, counts) as JS numbers: every value we store is far below 2^53.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', options.onIdleConnectionError ?? (() => undefined));
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= pool.end());
  try {
    const applied = await migratePostgres(pool, schema, options.plan ?? GATEWAY_MIGRATIONS);
    return { pool, schema, applied, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `work` in one transaction on a connection of its own; rolls back if it throws. */
export async function inPostgresTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
