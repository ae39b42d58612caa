// AlertStore on the embedded SQLite database: the alert outbox, the rule engine's state and admin maintenance
// windows, in their own tables created with CREATE TABLE IF NOT EXISTS on the connection sqlite.ts opened.
import type { DatabaseSync } from 'node:sqlite';
import type { UpstreamName } from '../domain/errors.ts';
import type { AlertStore, OutboxEntry, OutboxStatus, StoredMaintenance } from '../alerts/store.ts';
import type { Notification } from '../alerts/types.ts';
import { inTransaction } from './sqlite.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'abandoned')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  ended_at INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS alert_outbox_pending ON alert_outbox (status, channel, seq);
CREATE TABLE IF NOT EXISTS alert_engine_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_maintenance (
  id TEXT PRIMARY KEY,
  upstream TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  note TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_ticket_counts (
  day TEXT PRIMARY KEY,
  queued INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  expired INTEGER NOT NULL
);
`;

/** Creates the tables if needed; `db` is the gateway's database (src/store/sqlite.ts owns its settings). */
export function createSqliteAlertStore(db: DatabaseSync): AlertStore {
  db.exec(SCHEMA);
  const insert = db.prepare(`INSERT INTO alert_outbox (id, channel, message, status, attempts, next_attempt_at, created_at)
    VALUES (:id, :channel, :message, 'pending', 0, :now, :now) ON CONFLICT (id) DO NOTHING`);
  // The head of each channel's line; it is handed out only when due and not leased.
  const claim = db.prepare(`UPDATE alert_outbox SET lease_owner = :owner, lease_until = :until
    WHERE seq IN (SELECT MIN(seq) FROM alert_outbox WHERE status = 'pending' GROUP BY channel)
      AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
    RETURNING *`);
  const settle = db.prepare(`UPDATE alert_outbox SET status = :status, attempts = attempts + 1, next_attempt_at = :nextAttemptAt,
      ended_at = :endedAt, last_error = COALESCE(:error, last_error), lease_owner = NULL, lease_until = NULL
    WHERE id = :id AND status = 'pending' AND lease_owner = :owner`);
  const prune = db.prepare("DELETE FROM alert_outbox WHERE status IN ('delivered', 'abandoned') AND ended_at < ?");
  const loadState = db.prepare('SELECT state FROM alert_engine_state WHERE id = 1');
  const saveState = db.prepare(`INSERT INTO alert_engine_state (id, state, updated_at) VALUES (1, :state, :now)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
  const addMaintenance = db.prepare(`INSERT OR REPLACE INTO alert_maintenance (id, upstream, from_ms, to_ms, note, created_at)
    VALUES (:id, :upstream, :fromMs, :toMs, :note, :createdAt)`);
  const listMaintenance = db.prepare('SELECT * FROM alert_maintenance WHERE to_ms > ? ORDER BY from_ms, id');
  const addCounts = db.prepare(`INSERT INTO alert_ticket_counts (day, queued, completed, failed, expired)
    VALUES (:day, :queued, :completed, :failed, :expired)
    ON CONFLICT (day) DO UPDATE SET queued = queued + excluded.queued, completed = completed + excluded.completed,
      failed = failed + excluded.failed, expired = expired + excluded.expired`);
  const readCounts = db.prepare('SELECT queued, completed, failed, expired FROM alert_ticket_counts WHERE day = ?');

  return {
    async enqueue(message, channels, now) {
      const body = JSON.stringify(message);
      return inTransaction(db, () => channels.flatMap((channel) => {
        const id = `${message.id}@${channel}`;
        return insert.run({ id, channel, message: body, now }).changes === 1 ? [id] : [];
      }));
    },
    async claim(owner, now, leaseMs) {
      return claim.all({ owner, until: now + leaseMs, now }).map(rowToEntry).sort((a, b) => a.seq - b.seq);
    },
    async settle(id, owner, update) {
      return settle.run({
        id, owner, status: update.status,
        nextAttemptAt: update.status === 'pending' ? update.nextAttemptAt : update.at,
        endedAt: update.status === 'pending' ? null : update.at,
        error: update.status === 'delivered' ? null : update.error,
      }).changes === 1;
    },
    async list(status?: OutboxStatus) {
      const rows = status === undefined
        ? db.prepare('SELECT * FROM alert_outbox ORDER BY seq').all()
        : db.prepare('SELECT * FROM alert_outbox WHERE status = ? ORDER BY seq').all(status);
      return rows.map(rowToEntry);
    },
    async prune(beforeMs) {
      return Number(prune.run(beforeMs).changes);
    },
    async loadState() {
      const row = loadState.get();
      return row ? JSON.parse(String(row['state'])) : undefined;
    },
    async saveState(state, now) {
      saveState.run({ state: JSON.stringify(state), now });
    },
    async addMaintenance(window) {
      addMaintenance.run({ ...window, note: window.note ?? null });
    },
    async addTicketCounts(day, counts) {
      addCounts.run({ day, ...counts });
    },
    async ticketCounts(day) {
      const row = readCounts.get(day);
      return row && { queued: Number(row['queued']), completed: Number(row['completed']), failed: Number(row['failed']), expired: Number(row['expired']) };
    },
    async listMaintenance(afterMs) {
      return listMaintenance.all(afterMs).map((row): StoredMaintenance => ({
        id: String(row['id']),
        upstream: row['upstream'] as UpstreamName,
        fromMs: Number(row['from_ms']),
        toMs: Number(row['to_ms']),
        ...(row['note'] === null ? {} : { note: String(row['note']) }),
        createdAt: Number(row['created_at']),
      }));
    },
  };
}

function rowToEntry(row: Record<string, unknown>): OutboxEntry {
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
