// The cluster store on PostgreSQL: the leader lease row (fencing token), the leader's health snapshot and the
// drain token buckets and drain slots. Times come from the database's clock, so instances whose clocks drift still agree.
import type { Pool } from 'pg';
import type { ClusterStore } from '../cluster/store.ts';

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
const LEADER = 'leader';

export const CLUSTER_V1 = `
CREATE TABLE leader_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  token BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE health_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT NOT NULL,
  token BIGINT NOT NULL,
  at BIGINT NOT NULL
);
CREATE TABLE drain_buckets (
  name TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL
);`;

/** The province's drain concurrency: one row per slot taken (`slot` < the configured limit), leased. */
export const CLUSTER_V2 = `
CREATE TABLE drain_slots (
  name TEXT NOT NULL,
  slot INTEGER NOT NULL,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (name, slot)
);`;

/** The store on a pool openPostgres migrated (component `cluster`); it never closes the pool. */
export function createPostgresClusterStore(pool: Pool): ClusterStore {
  /** Buckets whose row this process has made (or found): the insert-if-absent need not run again. */
  const created = new Set<string>();
  return {
    async acquireLease(holder, leaseMs) {
      // Renewing keeps the token; taking a free or lapsed lease (even one's own, lapsed) moves it on.
      const { rows } = await pool.query(
        `INSERT INTO leader_lease (name, holder, token, expires_at) VALUES ($1, $2, 1, ${NOW_MS} + $3)
         ON CONFLICT (name) DO UPDATE SET
           token = CASE WHEN leader_lease.holder = EXCLUDED.holder AND leader_lease.expires_at > ${NOW_MS}
                        THEN leader_lease.token ELSE leader_lease.token + 1 END,
           holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE leader_lease.holder = EXCLUDED.holder OR leader_lease.expires_at <= ${NOW_MS}
         RETURNING token`,
        [LEADER, holder, leaseMs],
      );
      const row = rows[0] as { token: number } | undefined;
      return row ? { token: Number(row.token) } : undefined;
    },
    async holdsLease(holder, token) {
      const { rows } = await pool.query(
        `SELECT 1 FROM leader_lease WHERE name = $1 AND holder = $2 AND token = $3 AND expires_at > ${NOW_MS}`, [LEADER, holder, token]);
      return rows.length > 0;
    },
    async releaseLease(holder) {
      await pool.query('UPDATE leader_lease SET expires_at = 0 WHERE name = $1 AND holder = $2', [LEADER, holder]);
    },
    async publishSnapshot(body, holder, token) {
      // Fenced in the statement itself: a stale leader's snapshot is never stored.
      const { rowCount } = await pool.query(
        `INSERT INTO health_snapshot (id, body, token, at)
         SELECT 1, $1, $3, ${NOW_MS} WHERE EXISTS (
           SELECT 1 FROM leader_lease WHERE name = $4 AND holder = $2 AND token = $3 AND expires_at > ${NOW_MS})
         ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, token = EXCLUDED.token, at = EXCLUDED.at`,
        [body, holder, token, LEADER],
      );
      return (rowCount ?? 0) > 0;
    },
    async readSnapshot() {
      const { rows } = await pool.query('SELECT body, at FROM health_snapshot WHERE id = 1');
      const row = rows[0] as { body: string; at: number } | undefined;
      return row ? { body: row.body, at: Number(row.at) } : undefined;
    },
    async takeTokens(name, wanted, ratePerSecond, burst) {
      // One atomic statement per take: the row lock serialises instances, so the sum of their takes keeps the rate.
      // The row is made once per bucket and process (a per-key rate limit takes on every request).
      if (!created.has(name)) {
        await pool.query(`INSERT INTO drain_buckets (name, tokens, updated_at) VALUES ($1, $2, ${NOW_MS}) ON CONFLICT (name) DO NOTHING`, [name, burst]);
        created.add(name);
      }
      const { rows } = await pool.query(
        `WITH now_ms AS (SELECT ${NOW_MS} AS at),
         current AS (
           SELECT LEAST($3::double precision, tokens + GREATEST(0, (SELECT at FROM now_ms) - updated_at) * $4::double precision / 1000) AS tokens
           FROM drain_buckets WHERE name = $1 FOR UPDATE
         ),
         taking AS (SELECT tokens, GREATEST(0, LEAST($2::double precision, floor(tokens + 1e-9))) AS taken FROM current)
         UPDATE drain_buckets SET tokens = taking.tokens - taking.taken, updated_at = (SELECT at FROM now_ms)
         FROM taking WHERE name = $1
         RETURNING taking.taken AS taken, drain_buckets.tokens AS left`,
        [name, wanted, burst, ratePerSecond],
      );
      const row = rows[0] as { taken: number; left: number };
      const taken = Number(row.taken);
      const left = Number(row.left);
      return { taken, left, waitMs: taken >= wanted ? 0 : Math.ceil(((1 - left) * 1000) / ratePerSecond) };
    },
    async acquireSlots(name, holder, wanted, limit, leaseMs) {
      // Free slots are picked in random order, so instances asking at once rarely reach for the same one. Two that do
      // meet on the primary key: the second waits for the first, then its conflict update finds the slot live and
      // takes nothing, so the statement never hands one slot to two holders.
      const { rows } = await pool.query(
        `WITH free AS (
           SELECT s FROM generate_series(0, $4::int - 1) AS s
           WHERE NOT EXISTS (SELECT 1 FROM drain_slots d WHERE d.name = $1 AND d.slot = s AND d.expires_at > ${NOW_MS})
           ORDER BY random() LIMIT $3)
         INSERT INTO drain_slots (name, slot, holder, expires_at) SELECT $1, s, $2, ${NOW_MS} + $5 FROM free
         ON CONFLICT (name, slot) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE drain_slots.expires_at <= ${NOW_MS}
         RETURNING slot`,
        [name, holder, wanted, limit, leaseMs],
      );
      return rows.map((row: { slot: number }) => Number(row.slot));
    },
    async releaseSlots(name, holder, slots) {
      await pool.query('UPDATE drain_slots SET expires_at = 0 WHERE name = $1 AND holder = $2 AND slot = ANY($3::int[])', [name, holder, [...slots]]);
    },
  };
}
