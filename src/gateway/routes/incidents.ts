// GET /v1/incidents: the incident record, filtered, as JSON or (`?format=csv`) a CSV file. Behind the API key
// like the rest of /v1: it is the evidence a province files (counts, communes affected), handed to known
// clients; the status page shows open and recent incidents to anyone who can open it. Provincial operators read
// the same record with the admin key at GET /v1/admin/incidents (admin.ts).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { incidentJson, incidentsCsv } from '../../health/incident-csv.ts';
import { incidentRecord, plannedEntries } from '../../health/planned.ts';
import type { GatewayEnv } from '../env.ts';
import { ProblemSchema } from '../schemas.ts';
import { BUILT_IN_UPSTREAM_NAMES } from '../../upstreams/registry.ts';

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const moment = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const IncidentSchema = z.object({
  id: z.string(),
  upstream: z.enum(BUILT_IN_UPSTREAM_NAMES),
  kind: z.enum(['outage', 'credentials', 'maintenance']).openapi({
    description: 'outage: the upstream failed; credentials: the upstream refused the gateway\'s own login (ours to fix, not the upstream\'s fault); maintenance: a planned window',
  }),
  status: z.enum(['open', 'closed']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  worstState: z.enum(['down', 'degraded', 'maintenance']),
  causes: z.array(z.string()),
  affectedOperations: z.array(z.string()),
  requestsFailed: z.number().int(),
  requestsServedStale: z.number().int(),
  requestsRejected: z.number().int(),
  ticketsQueued: z.number().int(),
  communesAffected: z.array(z.string()),
  /** A planned maintenance window (announced), not an outage judged by health. */
  planned: z.boolean(),
  note: z.string().optional(),
}).openapi('Incident');

/** The incident record's route at `path`, behind the key `security` names (a commune client's, or the admin's). */
export const incidentRoute = (path: '/v1/incidents' | '/v1/admin/incidents', security: 'apiKey' | 'adminKey') => createRoute({
  method: 'get',
  path,
  tags: [security === 'apiKey' ? 'Operations' : 'Admin'],
  summary: `Upstream incidents (the record), JSON or CSV${security === 'adminKey' ? ' (admin key)' : ''}`,
  security: [{ [security]: [] }],
  request: {
    query: z.object({
      upstream: z.enum(BUILT_IN_UPSTREAM_NAMES).optional(),
      from: moment.optional().openapi({ description: 'Incidents still going on at or after this moment. A date (2026-03-02) means its start in Hà Nội time', example: '2026-03-01' }),
      to: moment.optional().openapi({ description: 'Incidents that began at or before this moment. A date means its end in Hà Nội time', example: '2026-03-31' }),
      status: z.enum(['open', 'closed']).optional(),
      kind: z.enum(['outage', 'credentials', 'maintenance']).optional().openapi({ description: 'Only this kind, e.g. `outage` to leave out the gateway\'s own login problems' }),
      format: z.enum(['json', 'csv']).default('json'),
      limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
    }),
  },
  responses: {
    200: {
      description: 'Incidents, newest first. CSV: UTF-8 with BOM, times in Hà Nội time (+07:00)',
      content: {
        'application/json': { schema: z.object({ data: z.array(IncidentSchema), meta: z.object({ count: z.number().int() }) }) },
        'text/csv': { schema: z.string() },
      },
    },
    400: { description: 'Invalid filter', content: { 'application/problem+json': { schema: ProblemSchema } } },
    401: { description: 'No API key, or a wrong one', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** Epoch ms of a filter bound; a bare date is a whole day in Hà Nội time. */
function boundMs(value: string | undefined, end: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (value.length > 10) return Date.parse(value);
  const dayStart = Date.parse(`${value}T00:00:00Z`) - VIETNAM_OFFSET_MS;
  return end ? dayStart + DAY_MS - 1 : dayStart;
}

export function registerIncidentRoutes(app: OpenAPIHono<GatewayEnv>, route = incidentRoute('/v1/incidents', 'apiKey')): void {
  app.openapi(route, async (c) => {
    const { health, now } = c.get('services');
    const query = c.req.valid('query');
    const filter = { upstream: query.upstream, status: query.status, kind: query.kind, fromMs: boundMs(query.from, false), toMs: boundMs(query.to, true), limit: query.limit };
    const judged = health ? await health.store.listIncidents(filter) : [];
    const planned = plannedEntries(health?.maintenance?.() ?? [], filter, now());
    const incidents = incidentRecord(judged, planned, query.limit);
    if (query.format === 'csv') {
      return c.body(incidentsCsv(incidents), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="incidents.csv"',
        'Cache-Control': 'no-store',
      }) as never;
    }
    return c.json({ data: incidents.map(incidentJson), meta: { count: incidents.length } }, 200) as never;
  });
}
