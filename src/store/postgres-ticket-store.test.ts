// Runs the shared suite on PostgreSQL, each test in its own schema of a per-run name (dropped at the end).
// The server is DATABASE_URL's, or else an embedded one (tests/support/postgres-global-setup.ts).
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createPostgresTicketStore } from './postgres-ticket-store.ts';
import { ticketStoreSuite } from './ticket-store.suite.ts';

const connectionString = inject('databaseUrl');
const run = `t${Date.now().toString(36)}_${process.pid}`;
const schemas: string[] = [];

afterAll(async () => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

ticketStoreSuite('PostgreSQL', async () => {
  const schema = `gateway_${run}_${schemas.length + 1}`;
  schemas.push(schema);
  return createPostgresTicketStore({ connectionString, schema, maxConnections: 4 });
});
