// The incident record as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs keep the diacritics), with
// times in Hà Nội time (+07:00): the file a province attaches to show a late dossier was the upstream's fault.
import { csvCell } from './csv-cell.ts';
import { isoInVietnam } from './page/format.ts';
import { upstreamNames } from './upstream-names.ts';
import type { IncidentRecord } from './planned.ts';

const COLUMNS = [
  'id', 'upstream', 'upstream_name', 'status', 'started_at', 'ended_at', 'duration_seconds', 'worst_state', 'causes',
  'affected_operations', 'requests_failed', 'requests_served_stale', 'requests_rejected', 'tickets_queued', 'communes_affected',
  'planned', 'note', 'kind',
] as const;


export function incidentsCsv(incidents: readonly IncidentRecord[]): string {
  const rows = incidents.map((incident) => [
    incident.id,
    incident.upstream,
    upstreamNames(incident.upstream).vi,
    incident.status,
    isoInVietnam(incident.startedAt),
    incident.endedAt === null ? null : isoInVietnam(incident.endedAt),
    incident.durationMs === null ? null : Math.round(incident.durationMs / 1000),
    incident.worstState,
    incident.causes.join(' '),
    incident.affectedOperations.join(' '),
    incident.requestsFailed,
    incident.requestsServedStale,
    incident.requestsRejected,
    incident.ticketsQueued,
    incident.communesAffected.join(' '),
    incident.planned ? 'true' : 'false',
    incident.planned ? incident.note ?? null : null,
    incident.kind,
  ].map(csvCell).join(','));
  return `\uFEFF${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** An incident as the JSON API shows it: ISO times (UTC) and whole seconds. */
export function incidentJson(incident: IncidentRecord) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: incident.id,
    upstream: incident.upstream,
    kind: incident.kind,
    status: incident.status,
    startedAt: iso(incident.startedAt),
    endedAt: iso(incident.endedAt),
    durationSeconds: incident.durationMs === null ? null : Math.round(incident.durationMs / 1000),
    worstState: incident.worstState,
    causes: incident.causes,
    affectedOperations: incident.affectedOperations,
    requestsFailed: incident.requestsFailed,
    requestsServedStale: incident.requestsServedStale,
    requestsRejected: incident.requestsRejected,
    ticketsQueued: incident.ticketsQueued,
    communesAffected: incident.communesAffected,
    planned: incident.planned,
    ...(incident.planned && incident.note !== undefined ? { note: incident.note } : {}),
  };
}
