-- alerts v1: alert outbox, state, maintenance, ticket counts.
-- Made by `npm run d1:migrations` from src/store/sqlite-alert-outbox.ts; edit that, not this file.
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
