import { describe, expect, it } from 'vitest';
import type { Incident } from '../../health/store.ts';
import { API_KEY, healthApp, T0 } from './health-fixture.ts';

const auth = { Authorization: `Bearer ${API_KEY}` };
const HOUR = 3_600_000;

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id, upstream: 'population', kind: 'outage', status: 'closed', startedAt: T0, endedAt: T0 + HOUR, durationMs: HOUR, worstState: 'down',
    causes: ['probe-failing'], affectedOperations: ['lookupCitizen'], requestsFailed: 3, requestsServedStale: 40, requestsRejected: 2,
    ticketsQueued: 5, communesAffected: ['21085', '21088'], updatedAt: T0 + HOUR, ...overrides,
  };
}

async function withIncidents() {
  const fixture = await healthApp();
  await fixture.store.saveIncident(incident('a'));
  await fixture.store.saveIncident(incident('b', { upstream: 'land', startedAt: T0 + 26 * HOUR, endedAt: T0 + 27 * HOUR, causes: ['error-rate-high', 'serving-stale'] }));
  await fixture.store.saveIncident(incident('c', { upstream: 'civil-status', status: 'open', startedAt: T0 + 50 * HOUR, endedAt: null, durationMs: null }));
  return fixture;
}

describe('GET /v1/incidents', () => {
  it('needs an API key', async () => {
    const { app } = await withIncidents();
    expect((await app.request('/v1/incidents')).status).toBe(401);
  });

  it('lists incidents newest first with ISO times and durations in seconds', async () => {
    const { app } = await withIncidents();
    const response = await app.request('/v1/incidents', { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<Record<string, unknown>>; meta: { count: number } };
    expect(body.meta.count).toBe(3);
    expect(body.data.map((found) => found['id'])).toEqual(['c', 'b', 'a']);
    expect(body.data[2]).toEqual({
      id: 'a', upstream: 'population', kind: 'outage', status: 'closed', startedAt: '2026-03-02T02:00:00.000Z', endedAt: '2026-03-02T03:00:00.000Z',
      durationSeconds: 3600, worstState: 'down', causes: ['probe-failing'], affectedOperations: ['lookupCitizen'],
      requestsFailed: 3, requestsServedStale: 40, requestsRejected: 2, ticketsQueued: 5, communesAffected: ['21085', '21088'], planned: false,
    });
  });

  it('filters by upstream, status and period, a bare date being a whole day in Hà Nội time', async () => {
    const { app } = await withIncidents();
    const ids = async (query: string) =>
      ((await (await app.request(`/v1/incidents?${query}`, { headers: auth })).json()) as { data: Array<{ id: string }> }).data.map((found) => found.id);
    expect(await ids('upstream=land')).toEqual(['b']);
    expect(await ids('status=open')).toEqual(['c']);
    expect(await ids('from=2026-03-03&to=2026-03-03')).toEqual(['b']);
    expect(await ids('from=2026-03-02T10:30:00%2B07:00&to=2026-03-02T23:59:59%2B07:00')).toEqual([]);
    expect(await ids('from=2026-03-02T09:30:00%2B07:00&to=2026-03-02T10:00:00%2B07:00')).toEqual(['a']);
  });

  it('refuses an unknown filter value with a problem naming the field', async () => {
    const { app } = await withIncidents();
    const response = await app.request('/v1/incidents?upstream=weather', { headers: auth });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(await response.json())).toContain('upstream');
  });

  it('exports CSV with a BOM, Hà Nội times and one row per incident', async () => {
    const { app } = await withIncidents();
    const response = await app.request('/v1/incidents?format=csv&upstream=land', { headers: auth });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('incidents.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,upstream,upstream_name,status,started_at,ended_at,duration_seconds,worst_state,causes,affected_operations,requests_failed,requests_served_stale,requests_rejected,tickets_queued,communes_affected,planned,note,kind');
    expect(lines[1]).toBe('b,land,Hệ thống thông tin đất đai,closed,2026-03-03T11:00:00+07:00,2026-03-03T12:00:00+07:00,3600,down,error-rate-high serving-stale,lookupCitizen,3,40,2,5,21085 21088,false,,outage');
    expect(lines).toHaveLength(2);
  });

  it('lists planned maintenance windows as planned entries, so the record says the time was announced', async () => {
    const fixture = await healthApp({ maintenance: [{ upstream: 'land', fromMs: T0 - 2 * HOUR, toMs: T0 - HOUR, note: 'Nâng cấp máy chủ' }] });
    const response = await fixture.app.request('/v1/incidents?upstream=land', { headers: auth });
    const body = (await response.json()) as { data: Array<Record<string, unknown>> };
    expect(body.data).toEqual([expect.objectContaining({ upstream: 'land', status: 'closed', worstState: 'maintenance', planned: true, note: 'Nâng cấp máy chủ', durationSeconds: 3600 })]);
    const csv = await (await fixture.app.request('/v1/incidents?upstream=land&format=csv', { headers: auth })).text();
    expect(csv).toContain(',maintenance,maintenance,');
    expect(csv.trimEnd().endsWith(',true,Nâng cấp máy chủ,maintenance')).toBe(true);
  });
});
