// Rows of the health store's two tables as the SQL stores (SQLite, PostgreSQL) read them back.
import type { Incident, MinuteBucket } from '../health/store.ts';
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
