// HealthStore on PostgreSQL (tables in postgres-schema.ts): instances writing the same upstream's minute merge
// into one bucket through an upsert, so the uptime history of a province is one record.
import type { Pool } from 'pg';
import { emptyUptimeCounts, type HealthStore, type IncidentQuery } from '../health/store.ts';
import { SEVERITY } from '../health/types.ts';
import { inPostgresTransaction } from './postgres.ts';
import { rowToBucket, rowToIncident, STATE_OF_SEVERITY } from './health-rows.ts';

const SAVE_INCIDENT = `INSERT INTO health_incidents (id, upstream, kind, status, started_at, ended_at, duration_ms, worst_state, causes,
    affected_operations, requests_failed, requests_served_stale, requests_rejected, tickets_queued, communes_affected, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
  ON CONFLICT (id) DO UPDATE SET upstream = excluded.upstream, kind = excluded.kind, status = excluded.status,
    started_at = excluded.started_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms, worst_state = excluded.worst_state,
    causes = excluded.causes, affected_operations = excluded.affected_operations, requests_failed = excluded.requests_failed,
    requests_served_stale = excluded.requests_served_stale, requests_rejected = excluded.requests_rejected,
    tickets_queued = excluded.tickets_queued, communes_affected = excluded.communes_affected, updated_at = excluded.updated_at`;

const UPSERT_MINUTE = `INSERT INTO health_minutes AS stored (upstream, minute, severity, calls, failures, probes, probe_failures)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (upstream, minute) DO UPDATE SET severity = GREATEST(stored.severity, excluded.severity),
    calls = stored.calls + excluded.calls, failures = stored.failures + excluded.failures,
    probes = stored.probes + excluded.probes, probe_failures = stored.probe_failures + excluded.probe_failures`;

/** The store on a pool openPostgres migrated and owns. */
export function createPostgresHealthStore(pool: Pool): HealthStore {
  return {
    async saveIncident(incident) {
      await pool.query(SAVE_INCIDENT, [
        incident.id, incident.upstream, incident.kind ?? 'outage', incident.status, incident.startedAt, incident.endedAt, incident.durationMs,
        incident.worstState, JSON.stringify(incident.causes), JSON.stringify(incident.affectedOperations), incident.requestsFailed,
        incident.requestsServedStale, incident.requestsRejected, incident.ticketsQueued, JSON.stringify(incident.communesAffected),
        incident.updatedAt,
      ]);
    },
    async listIncidents(query: IncidentQuery) {
      const values: unknown[] = [];
      const where: string[] = [];
      const add = (condition: (placeholder: string) => string, value: string | number | undefined) => {
        if (value === undefined) return;
        values.push(value);
        where.push(condition(`$${values.length}`));
      };
      add((p) => `upstream = ${p}`, query.upstream);
      add((p) => `status = ${p}`, query.status);
      add((p) => `kind = ${p}`, query.kind);
      add((p) => `started_at <= ${p}`, query.toMs);
      add((p) => `(ended_at IS NULL OR ended_at >= ${p})`, query.fromMs);
      values.push(query.limit ?? 1000);
      const { rows } = await pool.query(`SELECT * FROM health_incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, id COLLATE "C" LIMIT $${values.length}`, values);
      return rows.map(rowToIncident);
    },
    async writeMinutes(buckets) {
      if (buckets.length === 0) return;
      // One statement per bucket: a multi-row upsert may not touch one row twice, and a batch may repeat a minute.
      await inPostgresTransaction(pool, async (client) => {
        for (const bucket of buckets) {
          await client.query(UPSERT_MINUTE, [bucket.upstream, bucket.minute, SEVERITY[bucket.state], bucket.calls, bucket.failures,
            bucket.probes, bucket.probeFailures]);
        }
      });
    },
    async readMinutes(upstream, fromMs, toMs) {
      const { rows } = await pool.query('SELECT * FROM health_minutes WHERE upstream = $1 AND minute >= $2 AND minute < $3 ORDER BY minute',
        [upstream, fromMs, toMs]);
      return rows.map(rowToBucket);
    },
    async countMinutes(upstream, fromMs, toMs) {
      const { rows } = await pool.query(`SELECT severity, COUNT(*) AS minutes FROM health_minutes
        WHERE upstream = $1 AND minute >= $2 AND minute < $3 GROUP BY severity`, [upstream, fromMs, toMs]);
      const counts = emptyUptimeCounts();
      for (const row of rows) counts[STATE_OF_SEVERITY[Number(row['severity'])]!] = Number(row['minutes']);
      return counts;
    },
    async pruneMinutes(beforeMs) {
      await pool.query('DELETE FROM health_minutes WHERE minute < $1', [beforeMs]);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
  };
}
