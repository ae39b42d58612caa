// Versioned schema migrations on PostgreSQL: each component (tickets, health, alerts…) numbers its own steps, and
// `schema_migrations` records which ran. Gateway instances starting together take turns under one advisory lock.
import type { Pool, PoolClient } from 'pg';

/** One schema step; a component's `version`s are applied in order, each once, each in its own transaction. */
export interface PostgresMigration {
  version: number;
  /** Short words for the migrations table. */
  name: string;
  sql: string;
}

/** Every component's migrations, by component name (`tickets`, `health`…), applied in the order listed. */
export type MigrationPlan = Readonly<Record<string, readonly PostgresMigration[]>>;

export interface AppliedMigration {
  component: string;
  version: number;
}

/**
 * The lock every gateway takes to migrate. The same key the ticket store used before this runner existed, so an
 * instance of the previous release starting during a rolling upgrade waits on it too. Advisory keys are
 * database-wide: instances using other schemas of the same database also take turns (migrations are short).
 */
const MIGRATION_LOCK_KEY = "hashtext('commune-gateway-migrations')";

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (component, version))`;

/**
 * Creates `schema` if needed and applies the migrations of `plan` not yet recorded there; returns those applied
 * now. `pool`'s connections must use `schema` as their search_path (openPostgres sets it).
 */
export async function migratePostgres(pool: Pool, schema: string, plan: MigrationPlan, now: () => number = Date.now): Promise<AppliedMigration[]> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      // Inside the lock: two concurrent CREATE … IF NOT EXISTS of one name can both pass the check and one fail.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      await client.query(CREATE_TABLE);
      await carryOverFirstLayout(client);
      return await applyPending(client, plan, now);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } catch (error) {
    // The session may still hold the lock: never hand this connection back to the pool.
    broken = true;
    throw error;
  } finally {
    client.release(broken);
  }
}

async function applyPending(client: PoolClient, plan: MigrationPlan, now: () => number): Promise<AppliedMigration[]> {
  const recorded = (await client.query('SELECT component, version FROM schema_migrations')).rows as { component: string; version: number }[];
  const applied = new Set(recorded.map((row) => `${row.component}/${row.version}`));
  const done: AppliedMigration[] = [];
  for (const [component, migrations] of Object.entries(plan)) {
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(`${component}/${migration.version}`)) continue;
      await inTransaction(client, async () => {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ($1, $2, $3, $4)',
          [component, migration.version, migration.name, now()]);
      });
      done.push({ component, version: migration.version });
    }
  }
  return done;
}

/**
 * The first ticket store kept one version list (version, name, applied_at), used only by tickets; a database it
 * created has that table without `component`. Its rows become the ticket store's.
 */
async function carryOverFirstLayout(client: PoolClient): Promise<void> {
  const { rowCount } = await client.query(`SELECT 1 FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'component'`);
  if (rowCount !== 0) return;
  await inTransaction(client, async () => {
    await client.query(`ALTER TABLE schema_migrations ADD COLUMN component TEXT NOT NULL DEFAULT 'tickets'`);
    await client.query('ALTER TABLE schema_migrations ALTER COLUMN component DROP DEFAULT');
    await client.query('ALTER TABLE schema_migrations DROP CONSTRAINT schema_migrations_pkey');
    await client.query('ALTER TABLE schema_migrations ADD PRIMARY KEY (component, version)');
  });
}

async function inTransaction(client: PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Schema names come from config; they are checked, and quoted anyway. */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid PostgreSQL schema name ${name}`);
  return `"${name}"`;
}
