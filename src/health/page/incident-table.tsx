// Open and recent incidents as a table (a list of blocks on a phone), with the CSV export link.
import type { Incident } from '../store.ts';
import type { Formatters } from './format.ts';
import type { PageTexts } from './texts.ts';

export function IncidentTable({ incidents, texts, format, now }: { incidents: Incident[]; texts: PageTexts; format: Formatters; now: number }) {
  const columns = texts.incidentColumns;
  return (
    <section class="incidents" aria-labelledby="incidents-title">
      <h2 id="incidents-title">{texts.incidents}</h2>
      {incidents.length === 0 ? <p>{texts.noIncidents}</p> : (
        <table>
          <thead><tr><th>{columns.upstream}</th><th>{columns.started}</th><th>{columns.ended}</th><th>{columns.duration}</th><th>{columns.worst}</th><th>{columns.impact}</th></tr></thead>
          <tbody>
            {incidents.map((incident) => (
              <tr data-incident={incident.id} data-status={incident.status}>
                <td data-label={columns.upstream}>{texts.upstreams(incident.upstream)}</td>
                <td data-label={columns.started}>{format.dateTime(incident.startedAt)}</td>
                <td data-label={columns.ended}>{incident.endedAt === null ? <strong>{texts.ongoing}</strong> : format.dateTime(incident.endedAt)}</td>
                <td data-label={columns.duration}>{format.duration((incident.endedAt ?? now) - incident.startedAt)}</td>
                <td data-label={columns.worst}>{texts.states[incident.worstState]}</td>
                <td data-label={columns.impact}>{texts.impact(format.count(incident.requestsFailed), format.count(incident.requestsServedStale), format.count(incident.ticketsQueued))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p><a href="/v1/incidents?format=csv">{texts.csvLink}</a></p>
    </section>
  );
}
