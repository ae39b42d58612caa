// The PostgreSQL migration runner: instances starting together on one database, restarts, databases written by
// earlier releases, and a step that fails.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewTicket } from '../queue/types.ts';
import { openPostgres } from './postgres.ts';
import { GATEWAY_MIGRATIONS } from './postgres-schema.ts';
import { createPostgresTicketStoreOnPool } from './postgres-ticket-store.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';
import { ticketSchemaV1 } from './ticket-rows.ts';

const schemas = useTestSchemas('migrations');
const everyStep = Object.entries(GATEWAY_MIGRATIONS).flatMap(([component, steps]) => steps.map((step) => `${component}/${step.version}`)).sort();
const GATEWAY_TABLES = [
  'alert_engine_state', 'alert_maintenance', 'alert_outbox', 'alert_ticket_counts', 'audit_anchor', 'audit_checkpoints', 'audit_log',
  'client_keys', 'client_keys_version', 'delivery_attempts', 'drain_buckets', 'drain_slots', 'health_incidents', 'health_minutes', 'health_snapshot',
  'leader_lease', 'outbox', 'schema_migrations', 'tickets',
];

const ticket = (id: string): NewTicket => ({
  id, client: 'xa-son-thuy', idempotencyKey: id, bodyHash: 'h', type: 'citizen-identity', upstream: 'population', communeCode: '21085',
  officerId: '051090001234', purpose: 'dang-ky-khai-sinh', caseId: null, requestId: `req-${id}`,
  subject: { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15' }, callbackUrl: null, citizenWaiting: false,
  createdAt: 1, expiresAt: 2,
});

async function recorded(client: pg.Client | pg.Pool): Promise<string[]> {
  return (await client.query('SELECT component, version FROM schema_migrations ORDER BY component, version')).rows
    .map((row: { component: string; version: number }) => `${row.component}/${row.version}`).sort();
}

/** A database of its own (instances use its default schema, `public`), dropped after the file's tests. */
const databases: string[] = [];
async function newDatabase(): Promise<string> {
  const name = `gw_migrations_${Date.now().toString(36)}_${process.pid}_${databases.length + 1}`;
  const admin = new pg.Client({ connectionString: schemas.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  const url = new URL(schemas.url);
  url.pathname = `/${name}`;
  return url.href;
}
afterAll(async () => {
  const admin = new pg.Client({ connectionString: schemas.url });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('PostgreSQL migrations', () => {
  it('let four instances starting at once on a new database end with one set of tables, each step applied once', async () => {
    const url = await newDatabase();
    const opened = await Promise.allSettled([1, 2, 3, 4].map(() => openPostgres(url, { maxConnections: 2 })));
    const databases = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      expect(opened.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(databases.flatMap((db) => db.applied.map((step) => `${step.component}/${step.version}`)).sort()).toEqual(everyStep);
      const pool = databases[0]!.pool;
      expect(await recorded(pool)).toEqual(everyStep);
      const tables = (await pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).rows;
      expect(tables.map((row: { table_name: string }) => row.table_name)).toEqual(GATEWAY_TABLES);
    } finally {
      await Promise.all(databases.map((db) => db.close()));
    }
  });

  it('apply nothing on a restart, every step being recorded', async () => {
    const schema = schemas.name();
    expect((await schemas.open(schema)).applied).toHaveLength(everyStep.length);
    expect((await schemas.open(schema)).applied).toEqual([]);
  });

  it('carry over a database the first ticket store created (one version list, no component) and keep its tickets', async () => {
    const schema = schemas.name();
    const raw = await schemas.client(schema);
    await raw.query(`CREATE SCHEMA ${schema}`);
    await raw.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    await raw.query(ticketSchemaV1('postgres'));
    await raw.query("INSERT INTO schema_migrations VALUES (1, 'tickets, outbox, delivery attempts', 1)");
    await raw.query(`INSERT INTO tickets (id, client, idempotency_key, body_hash, type, upstream, commune_code, officer_id, purpose, request_id,
      subject, citizen_waiting, status, next_attempt_at, created_at, updated_at, expires_at)
      VALUES ('old', 'xa-son-thuy', 'k-old', 'h', 'citizen-identity', 'population', '21085', 'o', 'p', 'r', '{}', 0, 'queued', 1, 1, 1, 2)`);

    const db = await schemas.open(schema);
    expect(db.applied.filter((step) => step.component === 'tickets').map((step) => step.version)).toEqual([2, 3]);
    expect(await recorded(raw)).toEqual(everyStep);
    const store = createPostgresTicketStoreOnPool(db.pool);
    expect(await store.get('old')).toMatchObject({ id: 'old', status: 'queued' });
    expect((await store.create(ticket('new'))).created).toBe(true);
  });

  it('roll back a step that fails, release the lock, and apply it at the next start once it is fixed', async () => {
    const schema = schemas.name();
    const broken = { things: [{ version: 1, name: 'things', sql: 'CREATE TABLE things (id TEXT PRIMARY KEY); SELECT no_such_function()' }] };
    await expect(schemas.open(schema, { plan: broken })).rejects.toThrow(/no_such_function/);
    const fixed = { things: [{ version: 1, name: 'things', sql: 'CREATE TABLE things (id TEXT PRIMARY KEY)' }] };
    const db = await schemas.open(schema, { plan: fixed });
    expect(db.applied).toEqual([{ component: 'things', version: 1 }]);
    expect(await recorded(db.pool)).toEqual(['things/1']);
  });
});
