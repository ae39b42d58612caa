// The D1 migration files are the SQLite stores' migrations, and they build the SQLite stores' schema in D1.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { d1MigrationFiles } from './d1-migrations.ts';
import { startTestD1, MIGRATIONS_FOLDER } from './d1-test-support.ts';
import { createSqliteAlertStore } from './sqlite-alert-outbox.ts';
import { createSqliteHealthStore } from './sqlite-health-store.ts';
import { migrate, openSqlite } from './sqlite.ts';
import { SQLITE_MIGRATIONS } from './sqlite-ticket-store.ts';
import { AUDIT_MIGRATIONS } from './sqlite-audit-log.ts';
import { CLIENT_KEY_MIGRATIONS } from './sqlite-client-key-store.ts';

const d1 = startTestD1();
afterAll(() => d1.close());

/** Tables, indexes and triggers with their SQL, as SQLite keeps them. */
const SCHEMA_SQL = `SELECT type, name, sql FROM sqlite_master
  WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT IN ('schema_migrations', 'd1_migrations') ORDER BY type, name`;

describe('D1 migrations', () => {
  it('are on disk exactly as `npm run d1:migrations` makes them from the SQLite stores', () => {
    const onDisk = readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith('.sql')).sort();
    const made = d1MigrationFiles();
    expect(onDisk).toEqual(made.map((file) => file.name));
    for (const file of made) expect(readFileSync(join(MIGRATIONS_FOLDER, file.name), 'utf8'), file.name).toBe(file.sql);
  });

  it('build in D1 the very schema the SQLite stores build in their file', async () => {
    const db = await d1.fresh();
    const inD1 = (await db.prepare(SCHEMA_SQL).all()).results;
    const sqlite = openSqlite({ path: ':memory:' });
    migrate(sqlite, 'tickets', SQLITE_MIGRATIONS);
    createSqliteHealthStore(sqlite);
    createSqliteAlertStore(sqlite);
    migrate(sqlite, 'audit', AUDIT_MIGRATIONS);
    migrate(sqlite, 'client-keys', CLIENT_KEY_MIGRATIONS);
    const inSqlite = sqlite.prepare(SCHEMA_SQL).all().map((row) => ({ ...row }));
    sqlite.close();
    // The files are dedented; SQLite keeps each statement's text as written, so compare it with spacing folded.
    const folded = (rows: Record<string, unknown>[]) => rows.map((row) => ({ ...row, sql: String(row['sql']).replace(/\s+/g, ' ') }));
    expect(inD1.length).toBeGreaterThan(10);
    expect(folded(inD1)).toEqual(folded(inSqlite));
  });
});
