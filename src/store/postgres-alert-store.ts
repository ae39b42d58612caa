// AlertStore on PostgreSQL (tables in postgres-schema.ts): the alert outbox, the rule engine's state and admin
// maintenance windows, shared by every gateway instance of a province, so an alert goes out once per channel.
import type { Pool } from 'pg';
import type { AlertStore, OutboxStatus } from '../alerts/store.ts';
import { rowToCounts, rowToEntry, rowToMaintenance, settleParams } from './alert-rows.ts';
import { inPostgresTransaction } from './postgres.ts';

const ENQUEUE = `INSERT INTO alert_outbox (id, channel, message, status, attempts, next_attempt_at, created_at)
  VALUES ($1, $2, $3, 'pending', 0, $4, $4) ON CONFLICT (id) DO NOTHING RETURNING id`;
// The head of each channel's line, handed out only when due and not leased. Two instances claiming at once both
// pick the same head; the second's UPDATE waits for the first's and then finds the lease taken.
const CLAIM = `UPDATE alert_outbox SET lease_owner = $1, lease_until = $2
  WHERE seq IN (SELECT MIN(seq) FROM alert_outbox WHERE status = 'pending' GROUP BY channel)
    AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
  RETURNING *`;
const SETTLE = `UPDATE alert_outbox SET status = $3, attempts = attempts + 1, next_attempt_at = $4, ended_at = $5,
    last_error = COALESCE($6, last_error), lease_owner = NULL, lease_until = NULL
  WHERE id = $1 AND status = 'pending' AND lease_owner = $2`;
const SAVE_STATE = `INSERT INTO alert_engine_state (id, state, updated_at) VALUES (1, $1, $2)
  ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;
const ADD_MAINTENANCE = `INSERT INTO alert_maintenance (id, upstream, from_ms, to_ms, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (id) DO UPDATE SET upstream = excluded.upstream, from_ms = excluded.from_ms, to_ms = excluded.to_ms,
    note = excluded.note, created_at = excluded.created_at`;
const ADD_COUNTS = `INSERT INTO alert_ticket_counts AS stored (day, queued, completed, failed, expired) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (day) DO UPDATE SET queued = stored.queued + excluded.queued, completed = stored.completed + excluded.completed,
    failed = stored.failed + excluded.failed, expired = stored.expired + excluded.expired`;

/**
 * Enqueues take turns (transaction-scoped) so that seq order is commit order: otherwise a claim between two
 * instances' commits could send a channel's later message before its earlier one.
 */
const ENQUEUE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('commune-gateway-alert-outbox'))";

/** The store on a pool openPostgres migrated and owns. */
export function createPostgresAlertStore(pool: Pool): AlertStore {
  return {
    async enqueue(message, channels, now) {
      if (channels.length === 0) return [];
      const body = JSON.stringify(message);
      return inPostgresTransaction(pool, async (client) => {
        await client.query(ENQUEUE_LOCK);
        const added: string[] = [];
        for (const channel of channels) {
          const { rowCount } = await client.query(ENQUEUE, [`${message.id}@${channel}`, channel, body, now]);
          if (rowCount === 1) added.push(`${message.id}@${channel}`);
        }
        return added;
      });
    },
    async claim(owner, now, leaseMs) {
      const { rows } = await pool.query(CLAIM, [owner, now + leaseMs, now]);
      return rows.map(rowToEntry).sort((a, b) => a.seq - b.seq);
    },
    async settle(id, owner, update) {
      const settled = settleParams(id, owner, update);
      const { rowCount } = await pool.query(SETTLE, [settled.id, settled.owner, settled.status, settled.nextAttemptAt, settled.endedAt, settled.error]);
      return rowCount === 1;
    },
    async list(status?: OutboxStatus) {
      const { rows } = status === undefined
        ? await pool.query('SELECT * FROM alert_outbox ORDER BY seq')
        : await pool.query('SELECT * FROM alert_outbox WHERE status = $1 ORDER BY seq', [status]);
      return rows.map(rowToEntry);
    },
    async prune(beforeMs) {
      const { rowCount } = await pool.query("DELETE FROM alert_outbox WHERE status <> 'pending' AND ended_at < $1", [beforeMs]);
      return rowCount ?? 0;
    },
    async loadState() {
      const { rows } = await pool.query('SELECT state FROM alert_engine_state WHERE id = 1');
      return rows[0] ? JSON.parse(String(rows[0]['state'])) : undefined;
    },
    async saveState(state, now) {
      await pool.query(SAVE_STATE, [JSON.stringify(state), now]);
    },
    async addMaintenance(window) {
      await pool.query(ADD_MAINTENANCE, [window.id, window.upstream, window.fromMs, window.toMs, window.note ?? null, window.createdAt]);
    },
    async listMaintenance(afterMs) {
      const { rows } = await pool.query('SELECT * FROM alert_maintenance WHERE to_ms > $1 ORDER BY from_ms, id COLLATE "C"', [afterMs]);
      return rows.map(rowToMaintenance);
    },
    async addTicketCounts(day, counts) {
      await pool.query(ADD_COUNTS, [day, counts.queued, counts.completed, counts.failed, counts.expired]);
    },
    async ticketCounts(day) {
      const { rows } = await pool.query('SELECT queued, completed, failed, expired FROM alert_ticket_counts WHERE day = $1', [day]);
      const row = rows[0];
      return rowToCounts(row);
    },
  };
}
