// Admin calls, behind their own key (alerts.adminKeySha256), not a commune client's: planned maintenance
// windows, and the incident record for provincial operators. A window created here is in force at once: the
// status page shows maintenance, no down alert is sent.
// Registered before the client API-key middleware, which would refuse the admin key.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { MaintenanceEntry, MaintenanceSchedule } from '../../alerts/maintenance.ts';
import { bearerToken } from '../auth.ts';
import { sha256Hex } from '../../keys/sha256.ts';
import type { GatewayEnv } from '../env.ts';
import { incidentRoute, registerIncidentRoutes } from './incidents.ts';
import { problem } from '../problems.ts';
import { ProblemSchema } from '../schemas.ts';
import { BUILT_IN_UPSTREAM_NAMES } from '../../upstreams/registry.ts';

/** What the admin routes need. */
export interface AdminService {
  /** SHA-256 (hex) of the admin API key. */
  keySha256: string;
  maintenance: Pick<MaintenanceSchedule, 'add' | 'list'>;
}

const upstream = z.enum(BUILT_IN_UPSTREAM_NAMES);

const NewMaintenanceSchema = z.object({
  upstream,
  from: z.iso.datetime({ offset: true }).openapi({ example: '2026-03-07T22:00:00+07:00' }),
  to: z.iso.datetime({ offset: true }).openapi({ example: '2026-03-08T02:00:00+07:00' }),
  note: z.string().trim().min(1).max(200).optional().openapi({ example: 'Nâng cấp máy chủ CSDL' }),
}).strict()
  .refine((window) => Date.parse(window.to) > Date.parse(window.from), { message: 'to must be after from', path: ['to'] })
  .refine((window) => Date.parse(window.to) - Date.parse(window.from) <= 7 * 86_400_000, { message: 'at most 7 days', path: ['to'] });

const MaintenanceSchema = z.object({
  id: z.string(),
  upstream,
  from: z.string(),
  to: z.string(),
  note: z.string().nullable(),
  source: z.enum(['config', 'admin']),
  createdAt: z.string().nullable(),
}).openapi('MaintenanceWindow');

const problems = { content: { 'application/problem+json': { schema: ProblemSchema } } };

const create = createRoute({
  method: 'post',
  path: '/v1/admin/maintenance',
  tags: ['Admin'],
  summary: 'Plan a maintenance window for an upstream (admin key)',
  security: [{ adminKey: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: NewMaintenanceSchema } } } },
  responses: {
    201: { description: 'Created; in force from `from`', content: { 'application/json': { schema: z.object({ data: MaintenanceSchema }) } } },
    400: { description: 'Invalid window', ...problems },
    401: { description: 'Missing or wrong admin key', ...problems },
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/admin/maintenance',
  tags: ['Admin'],
  summary: 'Maintenance windows in force or to come (admin key)',
  security: [{ adminKey: [] }],
  responses: {
    200: { description: 'By start', content: { 'application/json': { schema: z.object({ data: z.array(MaintenanceSchema) }) } } },
    401: { description: 'Missing or wrong admin key', ...problems },
  },
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function view(entry: MaintenanceEntry): z.infer<typeof MaintenanceSchema> {
  return {
    id: entry.id, upstream: entry.upstream, from: iso(entry.fromMs)!, to: iso(entry.toMs)!, note: entry.note ?? null,
    source: entry.source, createdAt: iso(entry.createdAt),
  };
}

function adminAuth(keySha256: string): MiddlewareHandler<GatewayEnv> {
  return async function adminAuthentication(c, next) {
    const key = bearerToken(c.req.header('authorization')) ?? '';
    if (key === '' || (await sha256Hex(key)) !== keySha256) {
      c.header('WWW-Authenticate', 'Bearer realm="admin"');
      return c.json(problem(key === '' ? 'missing-credentials' : 'invalid-credentials', c.get('language')), 401, { 'Content-Type': 'application/problem+json' });
    }
    await next();
  };
}

export function registerAdminRoutes(app: OpenAPIHono<GatewayEnv>, admin: AdminService): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', { type: 'http', scheme: 'bearer', description: 'Admin API key (alerts.adminKeySha256)' });
  app.use('/v1/admin/*', adminAuth(admin.keySha256));
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const entry = await admin.maintenance.add({ upstream: body.upstream, fromMs: Date.parse(body.from), toMs: Date.parse(body.to), note: body.note });
    c.get('log').info({ maintenance: { id: entry.id, upstream: entry.upstream, from: body.from, to: body.to } }, 'maintenance window created');
    return c.json({ data: view(entry) }, 201);
  });
  app.openapi(list, (c) => c.json({ data: admin.maintenance.list(c.get('services').now()).map(view) }, 200));
  registerIncidentRoutes(app, incidentRoute('/v1/admin/incidents', 'adminKey'));
}
