// ClientKeyStore on PostgreSQL (tables in postgres-schema.ts). Every write bumps one version row in the same
// transaction; the row lock orders concurrent writers, so every instance polling it sees each change.
import type { Pool, PoolClient } from 'pg';
import type { ClientKeyStore, StoredClientKey } from '../keys/store.ts';
import { CLIENT_KEY_SQL, clientKeyValues, rowToClientKey } from './client-key-rows.ts';
import { inPostgresTransaction } from './postgres.ts';

const INSERT = `INSERT INTO client_keys (id, client, communes, scopes, key_sha256, prefix, created_at, expires_at, revoked_at, replaced_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
const BUMP = CLIENT_KEY_SQL.bump;

/** The store on a pool openPostgres migrated and owns: `close()` leaves the pool open. */
export function createPostgresClientKeyStore(pool: Pool): ClientKeyStore {
  const put = (client: PoolClient, key: StoredClientKey) => client.query(INSERT, clientKeyValues(key));
  return {
    async insert(key) {
      await inPostgresTransaction(pool, async (client) => {
        await put(client, key);
        await client.query(BUMP);
      });
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM client_keys WHERE id = $1', [id]);
      return rows[0] ? rowToClientKey(rows[0]) : undefined;
    },
    async list() {
      return (await pool.query('SELECT * FROM client_keys ORDER BY created_at, id COLLATE "C"')).rows.map(rowToClientKey);
    },
    async rotate(id, successor, expiresAt) {
      return inPostgresTransaction(pool, async (client) => {
        const ended = await client.query(`UPDATE client_keys SET expires_at = LEAST(COALESCE(expires_at, $1), $1), replaced_by = $2
          WHERE id = $3 AND revoked_at IS NULL AND replaced_by IS NULL`, [expiresAt, successor.id, id]);
        if (ended.rowCount === 0) return false;
        await put(client, successor);
        await client.query(BUMP);
        return true;
      });
    },
    async revoke(id, at) {
      return inPostgresTransaction(pool, async (client) => {
        const changed = await client.query('UPDATE client_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
        if (changed.rowCount === 0) return false;
        await client.query(BUMP);
        return true;
      });
    },
    async version() {
      const { rows } = await pool.query('SELECT version FROM client_keys_version WHERE id = 1');
      return Number(rows[0]?.['version'] ?? 0);
    },
    async close() {},
  };
}
