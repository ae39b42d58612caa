// ClientKeyStore on Cloudflare D1: the SQLite client key store's table and statements, run through D1's async API.
// What SQLite decides between statements of one transaction (rotate only a live key, bump the version only when
// something changed) is a guard inside the batch's statements here: a D1 batch is one transaction but cannot branch.
import type { ClientKeyStore } from '../keys/store.ts';
import { CLIENT_KEY_SQL, clientKeyValues, rowToClientKey } from './client-key-rows.ts';
import { inBatch, rowsOf, statement, type D1Database } from './d1.ts';

/** CLIENT_KEY_SQL.bump when the key `?1` is live and not yet replaced (run before the statement that changes that). */
const BUMP_IF_REPLACEABLE = `${CLIENT_KEY_SQL.bump}
  AND EXISTS (SELECT 1 FROM client_keys WHERE id = ?1 AND revoked_at IS NULL AND replaced_by IS NULL)`;
/** CLIENT_KEY_SQL.bump when the key `?1` is not revoked yet (run before the revocation). */
const BUMP_IF_REVOCABLE = `${CLIENT_KEY_SQL.bump} AND EXISTS (SELECT 1 FROM client_keys WHERE id = ?1 AND revoked_at IS NULL)`;
/** CLIENT_KEY_SQL.insert of a successor `?1`, only if the rotation just named it on the old key `?11`. */
const INSERT_SUCCESSOR = `INSERT INTO client_keys (id, client, communes, scopes, key_sha256, prefix, created_at, expires_at, revoked_at, replaced_by)
  SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE EXISTS (SELECT 1 FROM client_keys WHERE id = ?11 AND replaced_by = ?1)`;

/** The store on a D1 binding whose migrations were applied (migrations/, from d1-migrations.ts). */
export function createD1ClientKeyStore(db: D1Database): ClientKeyStore {
  return {
    async insert(key) {
      await inBatch(db, [statement(db, CLIENT_KEY_SQL.insert, clientKeyValues(key)), db.prepare(CLIENT_KEY_SQL.bump)]);
    },
    async get(id) {
      const row = await statement(db, CLIENT_KEY_SQL.byId, [id]).first();
      return row ? rowToClientKey(row) : undefined;
    },
    async list() {
      return (await rowsOf(db, CLIENT_KEY_SQL.list)).map(rowToClientKey);
    },
    async rotate(id, successor, expiresAt) {
      const [, ended] = await inBatch(db, [
        statement(db, BUMP_IF_REPLACEABLE, [id]),
        statement(db, CLIENT_KEY_SQL.endForSuccessor, [expiresAt, expiresAt, successor.id, id]),
        statement(db, INSERT_SUCCESSOR, [...clientKeyValues(successor), id]),
      ]);
      return ended!.meta.changes === 1;
    },
    async revoke(id, at) {
      const [, revoked] = await inBatch(db, [statement(db, BUMP_IF_REVOCABLE, [id]), statement(db, CLIENT_KEY_SQL.revoke, [at, id])]);
      return revoked!.meta.changes === 1;
    },
    async version() {
      return Number((await db.prepare(CLIENT_KEY_SQL.version).first())?.['version'] ?? 0);
    },
    async close() {},
  };
}
