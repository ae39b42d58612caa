// Rows of the health store's two tables as the SQL stores (SQLite, PostgreSQL) read them back.
import type { Incident, IncidentQuery, MinuteBucket } from '../health/store.ts';
import { SEVERITY, type HealthState, type UpstreamName } from '../health/types.ts';

export const STATE_OF_SEVERITY = Object.fromEntries(Object.entries(SEVERITY).map(([state, severity]) => [severity, state])) as Record<number, HealthState>;

export type Row = Record<string, unknown>;

export function rowToIncident(row: Row): Incident {
  const nullable = (value: unknown) => (value === null ? null : Number(value));
  return {
    id: String(row['id']),
    upstream: row['upstream'] as UpstreamName,
    kind: (row['kind'] ?? 'outage') as Incident['kind'],
    status: row['status'] as Incident['status'],
    startedAt: Number(row['started_at']),
    endedAt: nullable(row['ended_at']),
    durationMs: nullable(row['duration_ms']),
    worstState: row['worst_state'] as Incident['worstState'],
    causes: JSON.parse(String(row['causes'])) as Incident['causes'],
    affectedOperations: JSON.parse(String(row['affected_operations'])) as string[],
    requestsFailed: Number(row['requests_failed']),
    requestsServedStale: Number(row['requests_served_stale']),
    requestsRejected: Number(row['requests_rejected']),
    ticketsQueued: Number(row['tickets_queued']),
    communesAffected: JSON.parse(String(row['communes_affected'])) as string[],
    updatedAt: Number(row['updated_at']),
  };
}

export function rowToBucket(row: Row): MinuteBucket {
  return {
    upstream: row['upstream'] as UpstreamName,
    minute: Number(row['minute']),
    state: STATE_OF_SEVERITY[Number(row['severity'])]!,
    calls: Number(row['calls']),
    failures: Number(row['failures']),
    probes: Number(row['probes']),
    probeFailures: Number(row['probe_failures']),
  };
}

/** Statements of the SQLite store that D1 (the same dialect) runs as they are (`:name` or `?` parameters). */
export const HEALTH_SQL = {
  save: `INSERT OR REPLACE INTO health_incidents VALUES
    (:id, :upstream, :status, :startedAt, :endedAt, :durationMs, :worstState, :causes, :affectedOperations,
     :requestsFailed, :requestsServedStale, :requestsRejected, :ticketsQueued, :communesAffected, :updatedAt, :kind)`,
  upsertMinute: `INSERT INTO health_minutes VALUES (:upstream, :minute, :severity, :calls, :failures, :probes, :probeFailures)
    ON CONFLICT (upstream, minute) DO UPDATE SET severity = MAX(severity, excluded.severity), calls = calls + excluded.calls,
      failures = failures + excluded.failures, probes = probes + excluded.probes, probe_failures = probe_failures + excluded.probe_failures`,
  readMinutes: 'SELECT * FROM health_minutes WHERE upstream = ? AND minute >= ? AND minute < ? ORDER BY minute',
  countMinutes: 'SELECT severity, COUNT(*) AS minutes FROM health_minutes WHERE upstream = ? AND minute >= ? AND minute < ? GROUP BY severity',
  prune: 'DELETE FROM health_minutes WHERE minute < ?',
  listIncidents: (where: readonly string[]) => `SELECT * FROM health_incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, id LIMIT :limit`,
} as const;

/** The WHERE conditions and `:name` parameters of an incident query. */
export function incidentFilter(query: IncidentQuery): { where: string[]; params: Record<string, string | number> } {
  const conditions: [string, string, string | number | undefined][] = [
    ['upstream = :upstream', 'upstream', query.upstream],
    ['status = :status', 'status', query.status],
    ['kind = :kind', 'kind', query.kind],
    ['started_at <= :toMs', 'toMs', query.toMs],
    ['(ended_at IS NULL OR ended_at >= :fromMs)', 'fromMs', query.fromMs],
  ];
  const used = conditions.filter(([, , value]) => value !== undefined);
  const where = used.map(([condition]) => condition);
  const params: Record<string, string | number> = { limit: query.limit ?? 1000 };
  for (const [, name, value] of used) params[name] = value!;
  return { where, params };
}
