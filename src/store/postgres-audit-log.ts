// AuditLogStore on PostgreSQL (tables in postgres-schema.ts). Every append first locks the one anchor row
// (SELECT … FOR UPDATE), then reads the newest row: gateway instances sharing the database extend ONE chain,
// taking turns, and a prune moving the anchor waits for them too.
import type { Pool, PoolClient } from 'pg';
import { linkRows, type AuditRow, type ChainHasher, type ChainHead } from '../audit/record.ts';
import type { AuditLogStore } from '../audit/store.ts';
import { AUDIT_COLUMNS as COLUMNS, findSql, rowToAuditRow, rowToCheckpoint, rowToHead } from './audit-rows.ts';
import { inPostgresTransaction } from './postgres.ts';

const TYPES = ['bigint', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];
// A batch is one statement with one array per column, whatever its size (no limit on bound parameters to reach).
const INSERT = `INSERT INTO audit_log (${COLUMNS.join(', ')})
  SELECT * FROM unnest(${TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`;
const NEWEST = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';
const ANCHOR = 'SELECT seq, hash FROM audit_anchor WHERE id = 1';

/** The store on a pool openPostgres migrated and owns: `close()` leaves the pool open. */
export function createPostgresAuditLog(pool: Pool, hasher: ChainHasher): AuditLogStore {
  const anchor = async (client: Pool | PoolClient, lock = false): Promise<ChainHead> =>
    rowToHead((await client.query(lock ? `${ANCHOR} FOR UPDATE` : ANCHOR)).rows[0])!;
  const head = async (client: Pool | PoolClient): Promise<ChainHead> => rowToHead((await client.query(NEWEST)).rows[0]) ?? anchor(client);

  return {
    async append(rows) {
      if (rows.length === 0) return head(pool);
      return inPostgresTransaction(pool, async (client) => {
        const start = await anchor(client, true);
        // Read after the lock: under READ COMMITTED this statement sees every append that held it before.
        const linked = linkRows(rowToHead((await client.query(NEWEST)).rows[0]) ?? start, rows, hasher);
        await client.query(INSERT, columnArrays(linked));
        const last = linked.at(-1)!;
        return { seq: last.seq, hash: last.hash };
      });
    },
    async head() {
      return head(pool);
    },
    async anchor() {
      return anchor(pool);
    },
    async page(afterSeq, limit) {
      const { rows } = await pool.query(`SELECT ${COLUMNS.join(', ')} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
      return rows.map(rowToAuditRow);
    },
    async find(filter, afterSeq, limit) {
      const { sql, params } = findSql(filter, (position) => `$${position}`);
      return (await pool.query(sql, [afterSeq, ...params, limit])).rows.map(rowToAuditRow);
    },
    async addCheckpoint(checkpoint) {
      await pool.query('INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.keyId, checkpoint.signature]);
    },
    async checkpoints() {
      const { rows } = await pool.query('SELECT * FROM audit_checkpoints ORDER BY seq, key_id COLLATE "C"');
      return rows.map(rowToCheckpoint);
    },
    async prune(before) {
      return inPostgresTransaction(pool, async (client) => {
        await anchor(client, true);
        const last = rowToHead((await client.query('SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1', [before])).rows[0]);
        if (!last) return 0;
        // Rows are removed from the start of the chain only, up to the newest old row, so what stays is one unbroken stretch.
        const { rowCount } = await client.query('DELETE FROM audit_log WHERE seq <= $1', [last.seq]);
        await client.query('DELETE FROM audit_checkpoints WHERE seq <= $1', [last.seq]);
        await client.query('UPDATE audit_anchor SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
        return rowCount ?? 0;
      });
    },
    async close() {},
  };
}

function columnArrays(rows: readonly AuditRow[]): unknown[][] {
  return [
    rows.map((row) => row.seq), rows.map((row) => row.at), rows.map((row) => row.client), rows.map((row) => row.communeCode),
    rows.map((row) => row.officerRef), rows.map((row) => row.purpose), rows.map((row) => row.caseId), rows.map((row) => row.operation),
    rows.map((row) => row.subjectRef), rows.map((row) => row.outcome), rows.map((row) => row.freshness), rows.map((row) => row.requestId),
    rows.map((row) => row.hash),
  ];
}
