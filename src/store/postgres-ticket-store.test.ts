// Runs the shared suite on PostgreSQL, each test in its own schema of a per-run name (dropped at the end).
// Set GATEWAY_TEST_POSTGRES to a connection string; default: the local test database.
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPostgresTicketStore } from './postgres-ticket-store.ts';
import { ticketStoreSuite } from './ticket-store.suite.ts';

const connectionString = process.env['GATEWAY_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';
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
