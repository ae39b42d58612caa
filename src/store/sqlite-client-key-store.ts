// ClientKeyStore on the gateway's SQLite file. Every write bumps one version counter in the same transaction,
// so other processes notice a change by reading one row.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { ClientKeyStore, StoredClientKey } from '../keys/store.ts';
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
  const insert = db.prepare(`INSERT INTO client_keys (id, client, communes, scopes, key_sha256, prefix, created_at, expires_at, revoked_at, replaced_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const bump = db.prepare('UPDATE client_keys_version SET version = version + 1 WHERE id = 1');
  const byId = db.prepare('SELECT * FROM client_keys WHERE id = ?');
  const versionRow = db.prepare('SELECT version FROM client_keys_version WHERE id = 1');
  const put = (key: StoredClientKey) => insert.run(key.id, key.client, JSON.stringify(key.communes), JSON.stringify(key.scopes), key.keySha256,
    key.prefix, key.createdAt, key.expiresAt, key.revokedAt, key.replacedBy);
  return {
    async insert(key) {
      inTransaction(db, () => {
        put(key);
        bump.run();
      });
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toKey(row) : undefined;
    },
    async list() {
      return db.prepare('SELECT * FROM client_keys ORDER BY created_at, id').all().map(toKey);
    },
    async rotate(id, successor, expiresAt) {
      return inTransaction(db, () => {
        const ended = db.prepare(`UPDATE client_keys SET expires_at = MIN(COALESCE(expires_at, ?), ?), replaced_by = ?
          WHERE id = ? AND revoked_at IS NULL AND replaced_by IS NULL`).run(expiresAt, expiresAt, successor.id, id);
        if (Number(ended.changes) === 0) return false;
        put(successor);
        bump.run();
        return true;
      });
    },
    async revoke(id, at) {
      return inTransaction(db, () => {
        const changed = Number(db.prepare('UPDATE client_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes) > 0;
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

function toKey(row: Record<string, SQLInputValue>): StoredClientKey {
  const nullableNumber = (value: SQLInputValue | undefined) => (value === null || value === undefined ? null : Number(value));
  return {
    id: String(row['id']), client: String(row['client']), communes: JSON.parse(String(row['communes'])) as string[],
    scopes: JSON.parse(String(row['scopes'])) as string[], keySha256: String(row['key_sha256']), prefix: String(row['prefix']),
    createdAt: Number(row['created_at']), expiresAt: nullableNumber(row['expires_at']), revokedAt: nullableNumber(row['revoked_at']),
    replacedBy: row['replaced_by'] === null ? null : String(row['replaced_by']),
  };
}
