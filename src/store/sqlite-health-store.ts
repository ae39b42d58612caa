// HealthStore on the embedded SQLite database: incidents and per-minute buckets in their own tables, created
// with CREATE TABLE IF NOT EXISTS on the connection src/store/sqlite.ts opened.
import type { DatabaseSync } from 'node:sqlite';
import { SEVERITY } from '../health/types.ts';
import { inTransaction } from './sqlite.ts';
import { emptyUptimeCounts, type HealthStore, type IncidentQuery } from '../health/store.ts';
import { HEALTH_SQL, incidentFilter, rowToBucket, rowToIncident, STATE_OF_SEVERITY } from './health-rows.ts';

/** The health tables (D1's migration is this text too: d1-migrations.ts). */
export const HEALTH_SCHEMA = `
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
`;


/** Creates the tables if needed (the colleague's sqlite.ts opens the database and owns its settings). */
export function createSqliteHealthStore(db: DatabaseSync): HealthStore {
  db.exec(HEALTH_SCHEMA);
  // Files written before incidents had a kind: every incident they hold was judged an outage.
  const columns = db.prepare('PRAGMA table_info(health_incidents)').all().map((column) => String(column['name']));
  if (!columns.includes('kind')) db.exec("ALTER TABLE health_incidents ADD COLUMN kind TEXT NOT NULL DEFAULT 'outage'");
  const save = db.prepare(HEALTH_SQL.save);
  const upsertMinute = db.prepare(HEALTH_SQL.upsertMinute);
  const readMinutes = db.prepare(HEALTH_SQL.readMinutes);
  const countMinutes = db.prepare(HEALTH_SQL.countMinutes);
  const prune = db.prepare(HEALTH_SQL.prune);

  return {
    async saveIncident(incident) {
      save.run({
        ...incident,
        kind: incident.kind ?? 'outage',
        causes: JSON.stringify(incident.causes),
        affectedOperations: JSON.stringify(incident.affectedOperations),
        communesAffected: JSON.stringify(incident.communesAffected),
      });
    },
    async listIncidents(query: IncidentQuery) {
      const { where, params } = incidentFilter(query);
      return db.prepare(HEALTH_SQL.listIncidents(where)).all(params).map(rowToIncident);
    },
    async writeMinutes(buckets) {
      inTransaction(db, () => {
        for (const { state, ...rest } of buckets) upsertMinute.run({ ...rest, severity: SEVERITY[state] });
      });
    },
    async readMinutes(upstream, fromMs, toMs) {
      return readMinutes.all(upstream, fromMs, toMs).map(rowToBucket);
    },
    async countMinutes(upstream, fromMs, toMs) {
      const counts = emptyUptimeCounts();
      for (const row of countMinutes.all(upstream, fromMs, toMs)) counts[STATE_OF_SEVERITY[Number(row['severity'])]!] = Number(row['minutes']);
      return counts;
    },
    async pruneMinutes(beforeMs) {
      prune.run(beforeMs);
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
  };
}
