// The alert store's statements and row mapping, shared by the SQLite store and the D1 one (the same dialect).
import type { UpstreamName } from '../domain/errors.ts';
import type { OutboxEntry, OutboxStatus, OutboxUpdate, StoredMaintenance } from '../alerts/store.ts';
import type { Notification, SummaryTickets } from '../alerts/types.ts';

/** The SQLite store's statements (`:name` or `?` parameters); D1 runs them as they are. */
export const ALERT_SQL = {
  insert: `INSERT INTO alert_outbox (id, channel, message, status, attempts, next_attempt_at, created_at)
    VALUES (:id, :channel, :message, 'pending', 0, :now, :now) ON CONFLICT (id) DO NOTHING`,
  // The head of each channel's line; it is handed out only when due and not leased.
  claim: `UPDATE alert_outbox SET lease_owner = :owner, lease_until = :until
    WHERE seq IN (SELECT MIN(seq) FROM alert_outbox WHERE status = 'pending' GROUP BY channel)
      AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
    RETURNING *`,
  settle: `UPDATE alert_outbox SET status = :status, attempts = attempts + 1, next_attempt_at = :nextAttemptAt,
      ended_at = :endedAt, last_error = COALESCE(:error, last_error), lease_owner = NULL, lease_until = NULL
    WHERE id = :id AND status = 'pending' AND lease_owner = :owner`,
  prune: "DELETE FROM alert_outbox WHERE status IN ('delivered', 'abandoned') AND ended_at < ?",
  listAll: 'SELECT * FROM alert_outbox ORDER BY seq',
  listOfStatus: 'SELECT * FROM alert_outbox WHERE status = ? ORDER BY seq',
  loadState: 'SELECT state FROM alert_engine_state WHERE id = 1',
  saveState: `INSERT INTO alert_engine_state (id, state, updated_at) VALUES (1, :state, :now)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  addMaintenance: `INSERT OR REPLACE INTO alert_maintenance (id, upstream, from_ms, to_ms, note, created_at)
    VALUES (:id, :upstream, :fromMs, :toMs, :note, :createdAt)`,
  listMaintenance: 'SELECT * FROM alert_maintenance WHERE to_ms > ? ORDER BY from_ms, id',
  addCounts: `INSERT INTO alert_ticket_counts (day, queued, completed, failed, expired)
    VALUES (:day, :queued, :completed, :failed, :expired)
    ON CONFLICT (day) DO UPDATE SET queued = queued + excluded.queued, completed = completed + excluded.completed,
      failed = failed + excluded.failed, expired = expired + excluded.expired`,
  readCounts: 'SELECT queued, completed, failed, expired FROM alert_ticket_counts WHERE day = ?',
} as const;

/** Parameters of ALERT_SQL.settle for one attempt's outcome. */
export function settleParams(id: string, owner: string, update: OutboxUpdate) {
  return {
    id, owner, status: update.status,
    nextAttemptAt: update.status === 'pending' ? update.nextAttemptAt : update.at,
    endedAt: update.status === 'pending' ? null : update.at,
    error: update.status === 'delivered' ? null : update.error,
  };
}

/** A day's ticket counts as stored (absent row: none counted that day). */
export function rowToCounts(row: Record<string, unknown> | undefined): SummaryTickets | undefined {
  return row && { queued: Number(row['queued']), completed: Number(row['completed']), failed: Number(row['failed']), expired: Number(row['expired']) };
}

export function rowToMaintenance(row: Record<string, unknown>): StoredMaintenance {
  return {
    id: String(row['id']),
    upstream: row['upstream'] as UpstreamName,
    fromMs: Number(row['from_ms']),
    toMs: Number(row['to_ms']),
    ...(row['note'] === null ? {} : { note: String(row['note']) }),
    createdAt: Number(row['created_at']),
  };
}

export function rowToEntry(row: Record<string, unknown>): OutboxEntry {
  const nullable = (value: unknown) => (value === null ? null : Number(value));
  return {
    id: String(row['id']),
    seq: Number(row['seq']),
    channel: String(row['channel']),
    message: JSON.parse(String(row['message'])) as Notification,
    status: row['status'] as OutboxStatus,
    attempts: Number(row['attempts']),
    nextAttemptAt: Number(row['next_attempt_at']),
    createdAt: Number(row['created_at']),
    endedAt: nullable(row['ended_at']),
    lastError: row['last_error'] === null ? null : String(row['last_error']),
  };
}
