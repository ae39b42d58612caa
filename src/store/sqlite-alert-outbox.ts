// AlertStore on the embedded SQLite database: the alert outbox, the rule engine's state and admin maintenance
// windows, in their own tables created with CREATE TABLE IF NOT EXISTS on the connection sqlite.ts opened.
import type { DatabaseSync } from 'node:sqlite';
import type { AlertStore, OutboxStatus } from '../alerts/store.ts';
import { inTransaction } from './sqlite.ts';
import { ALERT_SQL, rowToCounts, rowToEntry, rowToMaintenance, settleParams } from './alert-rows.ts';

/** The alert tables (D1's migration is this text too: d1-migrations.ts). */
export const ALERT_SCHEMA = `
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
  db.exec(ALERT_SCHEMA);
  const insert = db.prepare(ALERT_SQL.insert);
  const claim = db.prepare(ALERT_SQL.claim);
  const settle = db.prepare(ALERT_SQL.settle);
  const prune = db.prepare(ALERT_SQL.prune);
  const loadState = db.prepare(ALERT_SQL.loadState);
  const saveState = db.prepare(ALERT_SQL.saveState);
  const addMaintenance = db.prepare(ALERT_SQL.addMaintenance);
  const listMaintenance = db.prepare(ALERT_SQL.listMaintenance);
  const addCounts = db.prepare(ALERT_SQL.addCounts);
  const readCounts = db.prepare(ALERT_SQL.readCounts);

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
      return settle.run(settleParams(id, owner, update)).changes === 1;
    },
    async list(status?: OutboxStatus) {
      const rows = status === undefined ? db.prepare(ALERT_SQL.listAll).all() : db.prepare(ALERT_SQL.listOfStatus).all(status);
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
      return rowToCounts(row);
    },
    async listMaintenance(afterMs) {
      return listMaintenance.all(afterMs).map(rowToMaintenance);
    },
  };
}
