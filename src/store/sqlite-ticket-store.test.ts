import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { purgeCutoffs } from '../queue/retention.ts';
import { migrate, openSqlite } from './sqlite.ts';
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
      { component: 'tickets', version: 1 }, { component: 'tickets', version: 2 }, { component: 'tickets', version: 3 },
    ]);
    reopened.close();
  });
});

describe('SQLite retention on disk', () => {
  const subject = { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15' };
  const holder = { fullName: 'TRẦN THỊ BÌNH', personalId: '001180000456' };
  const officerId = '051090001234';
  const DAY = 86_400_000;
  const policy = { resultsDays: 7, outcomeDays: 365 };

  /** The database file and its WAL, as bytes: what someone who copies the folder gets. */
  const rawFiles = (path: string) => Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
  const holds = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'utf8'));

  it('moves a ticket through its stages and leaves no name or ID in the raw files afterwards', async () => {
    const path = join(folder, 'retention.sqlite');
    const store = createSqliteTicketStore({ path });
    const endedAt = Date.UTC(2026, 2, 2, 2);
    await store.create({
      id: 't-r', client: 'c', idempotencyKey: 'k', bodyHash: 'h', type: 'citizen-identity', upstream: 'population', communeCode: '21085',
      officerId, purpose: 'dang-ky-khai-sinh', caseId: 'HS-2026-0042', requestId: 'r-1', subject, callbackUrl: 'https://xa.example/hooks',
      citizenWaiting: false, createdAt: endedAt - 1_000, expiresAt: endedAt + DAY, lease: { owner: 'sync:1', until: endedAt + 1_000 },
    });
    expect(holds(rawFiles(path), subject.fullName)).toBe(true);
    const result = { match: true, holders: [holder] };
    await store.finish('t-r', { status: 'completed', result, fetchedAt: endedAt }, {
      now: endedAt, owner: 'sync:1', attempts: 1, outbox: { id: 'msg_r', url: 'https://xa.example/hooks', body: JSON.stringify({ data: { result } }) },
    });

    // Ended: the subject and officer are gone from disk; the result waits for the client.
    await store.purge(purgeCutoffs(endedAt + DAY, policy), 100);
    let bytes = rawFiles(path);
    for (const text of [subject.fullName, subject.personalId, subject.dateOfBirth, officerId]) expect(holds(bytes, text), text).toBe(false);
    expect(holds(bytes, holder.fullName)).toBe(true);
    expect((await store.get('t-r'))?.result).toEqual(result);

    // After resultsDays: an outcome record, nothing personal left anywhere in the files.
    await store.purge(purgeCutoffs(endedAt + 7 * DAY, policy), 100);
    bytes = rawFiles(path);
    for (const text of [subject.fullName, subject.personalId, officerId, holder.fullName, holder.personalId, 'HS-2026-0042']) {
      expect(holds(bytes, text), text).toBe(false);
    }
    expect(await store.get('t-r')).toMatchObject({ status: 'completed', communeCode: '21085', result: null, caseId: null, reducedAt: endedAt + 7 * DAY });
    await store.close();
    bytes = rawFiles(path);
    expect(holds(bytes, holder.fullName) || holds(bytes, subject.fullName)).toBe(false);
  });

  it('creates the store file and its WAL readable by the owner only, in a folder only the owner may enter', async () => {
    const path = join(folder, 'private', 'nested', 'modes.sqlite');
    const store = createSqliteTicketStore({ path });
    await store.stats('population');
    expect(statSync(join(folder, 'private')).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'private', 'nested')).mode & 0o777).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(file).mode & 0o777, file).toBe(0o600);
    await store.close();
  });

  it('tightens an existing store file left readable by others', async () => {
    const path = join(folder, 'loose.sqlite');
    createSqliteTicketStore({ path }).close();
    chmodSync(path, 0o644);
    const store = createSqliteTicketStore({ path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('migrates a store made before retention: ended tickets lose their subject and the file is scrubbed', async () => {
    const path = join(folder, 'before-retention.sqlite');
    const db = openSqlite({ path });
    migrate(db, 'tickets', SQLITE_MIGRATIONS.filter((migration) => migration.version <= 2));
    db.prepare(`INSERT INTO tickets (id, client, idempotency_key, body_hash, type, upstream, commune_code, officer_id, purpose, request_id,
      subject, citizen_waiting, status, next_attempt_at, created_at, updated_at, expires_at, ended_at, result)
      VALUES ('t-old', 'c', 'k', 'h', 'citizen-identity', 'population', '21085', ?, 'p', 'r', ?, 0, 'completed', 1, 1, 2, 10, 2, '{"match":true}')`)
      .run(officerId, JSON.stringify(subject));
    db.close();
    const store = createSqliteTicketStore({ path });
    expect(await store.get('t-old')).toMatchObject({ subject: {}, officerId: '', result: { match: true }, reducedAt: null });
    const bytes = rawFiles(path);
    for (const text of [subject.fullName, subject.personalId, officerId]) expect(holds(bytes, text), text).toBe(false);
    await store.close();
  });
});
