// ClientKeyStore on the gateway's SQLite file. Every write bumps one version counter in the same transaction,
// so other processes notice a change by reading one row.
import type { DatabaseSync } from 'node:sqlite';
import type { ClientKeyStore, StoredClientKey } from '../keys/store.ts';
import { CLIENT_KEY_SQL, clientKeyValues, rowToClientKey } from './client-key-rows.ts';
import { inTransaction, migrate, openSqlite, type Migration } from './sqlite.ts';

export const CLIENT_KEY_MIGRATIONS: readonly Migration[] = [{
  version: 1,
  name: 'client keys and their version counter',
  sql: `
    CREATE TABLE client_keys (
      id TEXT PRIMARY KEY, client TEXT NOT NULL, communes TEXT NOT NULL, scopes TEXT NOT NULL, key_sha256 TEXT NOT NULL UNIQUE,
      prefix TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER, replaced_by TEXT);
    CREATE TABLE client_keys_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
    INSERT INTO client_keys_version (id, version) VALUES (1, 0);`,
}];

export function createSqliteClientKeyStore(options: { path: string; busyTimeoutMs?: number }): ClientKeyStore {
  // FULL (the default): a revocation must not be undone by a power cut.
  const db = openSqlite({ path: options.path, busyTimeoutMs: options.busyTimeoutMs });
  migrate(db, 'client-keys', CLIENT_KEY_MIGRATIONS);
  return sqliteClientKeyStore(db);
}

function sqliteClientKeyStore(db: DatabaseSync): ClientKeyStore {
  const insert = db.prepare(CLIENT_KEY_SQL.insert);
  const bump = db.prepare(CLIENT_KEY_SQL.bump);
  const byId = db.prepare(CLIENT_KEY_SQL.byId);
  const versionRow = db.prepare(CLIENT_KEY_SQL.version);
  const put = (key: StoredClientKey) => insert.run(...clientKeyValues(key));
  return {
    async insert(key) {
      inTransaction(db, () => {
        put(key);
        bump.run();
      });
    },
    async get(id) {
      const row = byId.get(id);
      return row ? rowToClientKey(row) : undefined;
    },
    async list() {
      return db.prepare(CLIENT_KEY_SQL.list).all().map(rowToClientKey);
    },
    async rotate(id, successor, expiresAt) {
      return inTransaction(db, () => {
        const ended = db.prepare(CLIENT_KEY_SQL.endForSuccessor).run(expiresAt, expiresAt, successor.id, id);
        if (Number(ended.changes) === 0) return false;
        put(successor);
        bump.run();
        return true;
      });
    },
    async revoke(id, at) {
      return inTransaction(db, () => {
        const changed = Number(db.prepare(CLIENT_KEY_SQL.revoke).run(at, id).changes) > 0;
        if (changed) bump.run();
        return changed;
      });
    },
    async version() {
      return Number(versionRow.get()?.['version'] ?? 0);
    },
    async close() {
      db.close();
    },
  };
}
