-- tickets v1: tickets, outbox, delivery attempts.
-- Made by `npm run d1:migrations` from src/store/sqlite-ticket-store.ts; edit that, not this file.
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  client TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  type TEXT NOT NULL,
  upstream TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  officer_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  case_id TEXT,
  request_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  callback_url TEXT,
  citizen_waiting INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  result TEXT,
  fetched_at INTEGER,
  failure TEXT,
  UNIQUE (client, idempotency_key)
);
CREATE INDEX tickets_drain ON tickets (upstream, status, commune_code, citizen_waiting, created_at);
CREATE INDEX tickets_by_commune ON tickets (commune_code, created_at);
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  client TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_ticket ON outbox (ticket_id);
CREATE TABLE delivery_attempts (
  outbox_id TEXT NOT NULL REFERENCES outbox (id),
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  http_status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (outbox_id, attempt)
);
