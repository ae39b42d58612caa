// The client key store's statements and row mapping: the statements shared by the SQLite store and the D1 one (the
// same dialect), the row mapping by every store.
import type { StoredClientKey } from '../keys/store.ts';

/** The SQLite store's statements (`?` parameters); D1 runs them as they are. */
export const CLIENT_KEY_SQL = {
  insert: `INSERT INTO client_keys (id, client, communes, scopes, key_sha256, prefix, created_at, expires_at, revoked_at, replaced_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  bump: 'UPDATE client_keys_version SET version = version + 1 WHERE id = 1',
  byId: 'SELECT * FROM client_keys WHERE id = ?',
  list: 'SELECT * FROM client_keys ORDER BY created_at, id',
  version: 'SELECT version FROM client_keys_version WHERE id = 1',
  /** Ends `?4` at `?1`/`?2` (or earlier) and names its successor `?3`: only a live key not replaced yet. */
  endForSuccessor: `UPDATE client_keys SET expires_at = MIN(COALESCE(expires_at, ?), ?), replaced_by = ?
    WHERE id = ? AND revoked_at IS NULL AND replaced_by IS NULL`,
  revoke: 'UPDATE client_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
} as const;

/** A key's values in CLIENT_KEY_SQL.insert order. */
export function clientKeyValues(key: StoredClientKey): (string | number | null)[] {
  return [key.id, key.client, JSON.stringify(key.communes), JSON.stringify(key.scopes), key.keySha256, key.prefix, key.createdAt,
    key.expiresAt, key.revokedAt, key.replacedBy];
}

export function rowToClientKey(row: Record<string, unknown>): StoredClientKey {
  const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    id: String(row['id']), client: String(row['client']), communes: JSON.parse(String(row['communes'])) as string[],
    scopes: JSON.parse(String(row['scopes'])) as string[], keySha256: String(row['key_sha256']), prefix: String(row['prefix']),
    createdAt: Number(row['created_at']), expiresAt: nullableNumber(row['expires_at']), revokedAt: nullableNumber(row['revoked_at']),
    replacedBy: row['replaced_by'] === null || row['replaced_by'] === undefined ? null : String(row['replaced_by']),
  };
}
