-- audit v1: audit log, checkpoints, anchor.
-- Made by `npm run d1:migrations` from src/store/sqlite-audit-log.ts; edit that, not this file.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, client TEXT NOT NULL, commune_code TEXT NOT NULL,
  officer_ref TEXT NOT NULL, purpose TEXT NOT NULL, case_id TEXT, operation TEXT NOT NULL, subject_ref TEXT NOT NULL,
  outcome TEXT NOT NULL, freshness TEXT, request_id TEXT NOT NULL, hash TEXT NOT NULL);
-- Two indexes only (each costs every append): by commune and time, and by citizen. A time-only export scans.
CREATE INDEX audit_log_commune_at ON audit_log (commune_code, at);
CREATE INDEX audit_log_subject ON audit_log (subject_ref);
-- Append-only by intent: an edit has to drop this trigger first, and the chain shows it anyway.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE audit_checkpoints (
  seq INTEGER NOT NULL, hash TEXT NOT NULL, at INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL,
  PRIMARY KEY (seq, key_id));
CREATE TABLE audit_anchor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
