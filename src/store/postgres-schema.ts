// The gateway's PostgreSQL schema: every store's numbered migrations in one place, applied by openPostgres.
// Times are epoch ms in BIGINT; lists and JSON documents are TEXT holding JSON, as in the SQLite stores.
import { GENESIS } from '../audit/record.ts';
import { CLUSTER_V1, CLUSTER_V2 } from './postgres-cluster-store.ts';
import type { MigrationPlan } from './postgres-migrations.ts';
import { TICKET_SCHEMA_V2, ticketSchemaV1, ticketSchemaV3 } from './ticket-rows.ts';

const HEALTH_V1 = `
CREATE TABLE health_incidents (
  id TEXT PRIMARY KEY,
  upstream TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  duration_ms BIGINT,
  worst_state TEXT NOT NULL,
  causes TEXT NOT NULL,
  affected_operations TEXT NOT NULL,
  requests_failed INTEGER NOT NULL,
  requests_served_stale INTEGER NOT NULL,
  requests_rejected INTEGER NOT NULL,
  tickets_queued INTEGER NOT NULL,
  communes_affected TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Listings are newest first; a few incidents a day, so the other filters read along this one index.
CREATE INDEX health_incidents_by_start ON health_incidents (started_at);
CREATE TABLE health_minutes (
  upstream TEXT NOT NULL,
  minute BIGINT NOT NULL,
  severity SMALLINT NOT NULL,
  calls INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  probes INTEGER NOT NULL,
  probe_failures INTEGER NOT NULL,
  PRIMARY KEY (upstream, minute)
);
-- The prune deletes by minute across upstreams.
CREATE INDEX health_minutes_by_minute ON health_minutes (minute);`;

const ALERTS_V1 = `
CREATE TABLE alert_outbox (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'abandoned')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  created_at BIGINT NOT NULL,
  ended_at BIGINT,
  last_error TEXT
);
-- The head of each channel's line (claim), and what the prune removes.
CREATE INDEX alert_outbox_pending ON alert_outbox (channel, seq) WHERE status = 'pending';
CREATE INDEX alert_outbox_ended ON alert_outbox (ended_at) WHERE status <> 'pending';
CREATE TABLE alert_engine_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE alert_maintenance (
  id TEXT PRIMARY KEY,
  upstream TEXT NOT NULL,
  from_ms BIGINT NOT NULL,
  to_ms BIGINT NOT NULL,
  note TEXT,
  created_at BIGINT NOT NULL
);
CREATE TABLE alert_ticket_counts (
  day TEXT PRIMARY KEY,
  queued BIGINT NOT NULL,
  completed BIGINT NOT NULL,
  failed BIGINT NOT NULL,
  expired BIGINT NOT NULL
);`;

const AUDIT_V1 = `
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, client TEXT NOT NULL, commune_code TEXT NOT NULL, officer_ref TEXT NOT NULL,
  purpose TEXT NOT NULL, case_id TEXT, operation TEXT NOT NULL, subject_ref TEXT NOT NULL, outcome TEXT NOT NULL,
  freshness TEXT, request_id TEXT NOT NULL, hash TEXT NOT NULL);
-- Two indexes only (each costs every append): by commune and time, and by citizen. A time-only export scans.
CREATE INDEX audit_log_commune_at ON audit_log (commune_code, at);
CREATE INDEX audit_log_subject ON audit_log (subject_ref);
-- Append-only by intent: an edit has to drop this trigger first, and the chain shows it anyway.
CREATE FUNCTION audit_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_update();
CREATE TABLE audit_checkpoints (
  seq BIGINT NOT NULL, hash TEXT NOT NULL, at BIGINT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL,
  PRIMARY KEY (seq, key_id));
-- Always one row (genesis until retention first removes rows): appends and prunes lock it to take turns.
CREATE TABLE audit_anchor (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ${GENESIS.seq}, '${GENESIS.hash}');`;

const CLIENT_KEYS_V1 = `
CREATE TABLE client_keys (
  id TEXT PRIMARY KEY, client TEXT NOT NULL, communes TEXT NOT NULL, scopes TEXT NOT NULL, key_sha256 TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT, revoked_at BIGINT, replaced_by TEXT);
CREATE TABLE client_keys_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
INSERT INTO client_keys_version (id, version) VALUES (1, 0);`;

/**
 * Component names and versions are what `schema_migrations` records: never renumber or edit a released step, add
 * one. `tickets` 1–3 are the steps the ticket store ran before this list existed.
 */
export const GATEWAY_MIGRATIONS: MigrationPlan = {
  tickets: [
    { version: 1, name: 'tickets, outbox, delivery attempts', sql: ticketSchemaV1('postgres') },
    { version: 2, name: 'expiry index', sql: TICKET_SCHEMA_V2 },
    { version: 3, name: 'retention and open-ticket quota', sql: ticketSchemaV3('postgres') },
  ],
  health: [{ version: 1, name: 'incidents and minute buckets', sql: HEALTH_V1 }],
  alerts: [{ version: 1, name: 'alert outbox, engine state, maintenance windows, ticket counts', sql: ALERTS_V1 }],
  audit: [{ version: 1, name: 'audit log, checkpoints, anchor', sql: AUDIT_V1 }],
  'client-keys': [{ version: 1, name: 'client keys and their version counter', sql: CLIENT_KEYS_V1 }],
  cluster: [
    { version: 1, name: 'leader lease, shared health snapshot, drain buckets', sql: CLUSTER_V1 },
    { version: 2, name: 'drain slots', sql: CLUSTER_V2 },
  ],
};
