import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite.ts';
import { createSqliteTicketStore, SQLITE_MIGRATIONS } from './sqlite-ticket-store.ts';
import { ticketStoreSuite } from './ticket-store.suite.ts';

const folder = mkdtempSync(join(tmpdir(), 'gateway-sqlite-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

ticketStoreSuite('SQLite (WAL file)', async () => createSqliteTicketStore({ path: join(folder, `store-${++files}.sqlite`) }));

describe('SQLite settings', () => {
  it('opens in WAL mode with synchronous FULL, foreign keys and a busy timeout', () => {
    const db = openSqlite({ path: join(folder, 'settings.sqlite'), busyTimeoutMs: 1234 });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 1234 });
    db.close();
  });

  it('keeps tickets across a reopen of the same file and does not migrate twice', async () => {
    const path = join(folder, 'reopen.sqlite');
    const first = createSqliteTicketStore({ path });
    await first.create({
      id: 't-1', client: 'c', idempotencyKey: 'k', bodyHash: 'h', type: 'land-parcel', upstream: 'land', communeCode: '21085',
      officerId: '051090001234', purpose: 'p', caseId: 'HS-1', requestId: 'r-1', subject: { communeCode: '21085', mapSheet: '1', parcelNumber: '2' },
      callbackUrl: null, citizenWaiting: true, createdAt: 1, expiresAt: 10,
    });
    await first.close();
    const second = createSqliteTicketStore({ path });
    expect(await second.get('t-1')).toMatchObject({ caseId: 'HS-1', citizenWaiting: true, status: 'queued' });
    await second.close();
  });
});

describe('SQLite migrations', () => {
  it('adopts a database made by the first migrations runner (one unnamed version list) without losing tickets', async () => {
    const path = join(folder, 'legacy.sqlite');
    const db = openSqlite({ path });
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    db.exec(SQLITE_MIGRATIONS[0]!.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(SQLITE_MIGRATIONS[0]!.name);
    db.close();
    const store = createSqliteTicketStore({ path });
    expect(await store.stats('population')).toMatchObject({ queued: 0 });
    await store.close();
    const reopened = openSqlite({ path });
    expect(reopened.prepare('SELECT component, version FROM schema_migrations ORDER BY version').all()).toEqual([
      { component: 'tickets', version: 1 }, { component: 'tickets', version: 2 },
    ]);
    reopened.close();
  });
});
