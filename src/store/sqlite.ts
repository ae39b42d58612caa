// Opens the embedded SQLite database (node:sqlite) with durable settings, and a tiny migrations runner.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface SqliteOptions {
  /** File path, or `:memory:` (tests). Missing parent folders are created `0700`, the file and its WAL `0600`. */
  path: string;
  /** How long a writer waits for another connection's lock before failing, ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * `FULL` (default) fsyncs every commit: tickets, whose 202 promises they survive a power loss. `NORMAL` for
   * records whose last seconds may be lost to a power cut but not to a crash (health figures, alert state):
   * node:sqlite is synchronous, so an fsync stalls every request in flight.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/** One schema step; `version`s are applied in order, each once, each in its own transaction. */
export interface Migration {
  version: number;
  /** Short words for the migrations table. */
  name: string;
  sql: string;
}

/**
 * The store holds personal data: only the gateway's own user may read it. SQLite gives its `-wal` and `-shm` files
 * the database file's mode, so the file is created (or tightened) `0600` before SQLite opens it. An existing folder
 * keeps its mode: it may be one the operator chose and shares (the README says to make it private).
 */
function preparePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

export function openSqlite(options: SqliteOptions): DatabaseSync {
  if (options.path !== ':memory:') preparePrivateFile(options.path);
  const db = new DatabaseSync(options.path, {
    enableForeignKeyConstraints: true,
    timeout: options.busyTimeoutMs ?? 5_000,
  });
  // WAL: readers never block the writer and a commit is one sequential append to the log.
  db.exec('PRAGMA journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL skips the fsync at each commit, so a commit survives a process crash
  // but not a power loss or OS crash. A 202 promises the commune that its verification will not be lost, so the
  // ticket must be on disk before we answer; FULL fsyncs the WAL on every commit (about a millisecond on SSD).
  db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
  db.exec('PRAGMA foreign_keys = ON');
  // Deleted and overwritten values are zeroed in the page, not left in free space for anyone who copies the file.
  db.exec('PRAGMA secure_delete = ON');
  return db;
}

/**
 * Copies the WAL into the database and empties it, so page images of erased values leave the disk. Never waits:
 * with another process reading (a CLI) it does what it can now and the next call finishes the job.
 */
export function truncateWal(db: DatabaseSync, busyTimeoutMs: number): void {
  db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  }
}

/** Runs `work` in one write transaction (BEGIN IMMEDIATE takes the write lock up front: no upgrade deadlocks). */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Applies the migrations of `component` (e.g. `tickets`) not yet recorded in `schema_migrations`; returns the
 * versions applied now. Components sharing one database file keep their own version numbers.
 */
export function migrate(db: DatabaseSync, component: string, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (component, version))`);
  const columns = db.prepare('PRAGMA table_info(schema_migrations)').all().map((row) => String(row['name']));
  if (!columns.includes('component')) {
    // The first runner kept one version list, used only by the ticket store: carry it over as that component's.
    inTransaction(db, () => {
      db.exec('ALTER TABLE schema_migrations RENAME TO schema_migrations_v0');
      db.exec(`CREATE TABLE schema_migrations (
        component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (component, version))`);
      db.exec("INSERT INTO schema_migrations SELECT 'tickets', version, name, applied_at FROM schema_migrations_v0");
      db.exec('DROP TABLE schema_migrations_v0');
    });
  }
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations WHERE component = ?').all(component).map((row) => Number(row['version'])),
  );
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    inTransaction(db, () => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)')
        .run(component, migration.version, migration.name, now());
    });
    done.push(migration.version);
  }
  return done;
}
