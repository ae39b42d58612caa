// Planned maintenance in the incident record: each window overlapping the query is listed as a planned entry,
// so the record shows that a late dossier fell in announced maintenance, not in an outage.
import type { Incident, IncidentQuery } from './store.ts';
import type { MaintenanceWindow } from './types.ts';

/** A record entry: an incident judged by health, or a maintenance window (planned). */
export type IncidentRecord = (Incident & { planned: false }) | PlannedMaintenance;

export interface PlannedMaintenance extends Omit<Incident, 'worstState' | 'kind'> {
  planned: true;
  kind: 'maintenance';
  worstState: 'maintenance';
  note: string | undefined;
}

/** Windows overlapping the query as record entries (pure; `now` decides open or closed). */
export function plannedEntries(windows: readonly MaintenanceWindow[], query: IncidentQuery, now: number): PlannedMaintenance[] {
  return windows
    .filter((window) => (query.upstream === undefined || window.upstream === query.upstream)
      && (query.fromMs === undefined || window.toMs >= query.fromMs)
      && (query.toMs === undefined || window.fromMs <= query.toMs)
      && window.fromMs <= now)
    .map((window): PlannedMaintenance => {
      const ended = window.toMs <= now;
      return {
        id: `maintenance-${window.upstream}-${window.fromMs}`,
        upstream: window.upstream,
        kind: 'maintenance',
        status: ended ? 'closed' : 'open',
        startedAt: window.fromMs,
        endedAt: ended ? window.toMs : null,
        durationMs: ended ? window.toMs - window.fromMs : null,
        worstState: 'maintenance',
        causes: ['maintenance'],
        affectedOperations: [],
        requestsFailed: 0,
        requestsServedStale: 0,
        requestsRejected: 0,
        ticketsQueued: 0,
        communesAffected: [],
        updatedAt: window.fromMs,
        planned: true,
        note: window.note,
      };
    })
    .filter((entry) => (query.status === undefined || entry.status === query.status) && (query.kind === undefined || query.kind === 'maintenance'));
}

/** Incidents and planned entries together, newest first, at most `limit`. */
export function incidentRecord(incidents: readonly Incident[], planned: readonly PlannedMaintenance[], limit = 1_000): IncidentRecord[] {
  return [...incidents.map((incident) => ({ ...incident, planned: false as const })), ...planned]
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, limit);
}
