-- health v1: incidents and minute buckets.
-- Made by `npm run d1:migrations` from src/store/sqlite-health-store.ts; edit that, not this file.
CREATE TABLE IF NOT EXISTS health_incidents (
  id TEXT PRIMARY KEY,
  upstream TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  duration_ms INTEGER,
  worst_state TEXT NOT NULL,
  causes TEXT NOT NULL,
  affected_operations TEXT NOT NULL,
  requests_failed INTEGER NOT NULL,
  requests_served_stale INTEGER NOT NULL,
  requests_rejected INTEGER NOT NULL,
  tickets_queued INTEGER NOT NULL,
  communes_affected TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'outage'
);
CREATE INDEX IF NOT EXISTS health_incidents_by_start ON health_incidents (upstream, started_at);
CREATE TABLE IF NOT EXISTS health_minutes (
  upstream TEXT NOT NULL,
  minute INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  calls INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  probes INTEGER NOT NULL,
  probe_failures INTEGER NOT NULL,
  PRIMARY KEY (upstream, minute)
) WITHOUT ROWID;
