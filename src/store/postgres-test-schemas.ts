// For the PostgreSQL store tests: the gateway's database opened (and migrated) in a schema of its own per call, on
// the run's server (inject('databaseUrl'), see tests/support/postgres-global-setup.ts). Pools and clients end after
// each test (test files run in parallel on one server: connections must not pile up); schemas are dropped at the end.
import pg from 'pg';
import { afterAll, afterEach, inject } from 'vitest';
import { openPostgres, type OpenPostgresOptions, type PostgresDatabase } from './postgres.ts';

export interface TestSchemas {
  /** A new, empty schema name (created by the first openPostgres on it). */
  name(): string;
  /** openPostgres on a new schema, or on `schema` when given (a second instance on the same one). */
  open(schema?: string, options?: Omit<OpenPostgresOptions, 'schema'>): Promise<PostgresDatabase>;
  /** A plain client for poking at the tables, ended with the rest. */
  client(schema: string): Promise<pg.Client>;
  readonly url: string;
}

export function useTestSchemas(label: string): TestSchemas {
  const url = inject('databaseUrl');
  const run = `${label}_${Date.now().toString(36)}_${process.pid}`;
  const schemas: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  const name = () => {
    const schema = `gw_${run}_${schemas.length + 1}`;
    schemas.push(schema);
    return schema;
  };
  return {
    url,
    name,
    async open(schema = name(), options = {}) {
      const db = await openPostgres(url, { schema, maxConnections: 4, ...options });
      closers.push(db.close);
      return db;
    },
    async client(schema) {
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
      await client.connect();
      closers.push(() => client.end());
      return client;
    },
  };
}
