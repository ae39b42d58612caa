// /health/live (the process), /health/ready (the gateway's own store, never an upstream: an upstream outage must
// not make an orchestrator restart every gateway) and /v1/status (upstream health as application/health+json).
//
// /v1/status needs no API key: it holds no personal data and IT staff and monitoring tools read it as they
// read /status. It always answers 200 — it is a report, not a probe; its `status` says pass, warn or fail.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { statusReport } from '../../health/status-report.ts';
import type { GatewayEnv } from '../env.ts';
import { communeAliases } from '../land-scope.ts';

const HEALTH_JSON = 'application/health+json';

const statusRoute = createRoute({
  method: 'get',
  path: '/v1/status',
  tags: ['Operations'],
  summary: 'Health of each upstream (application/health+json); no API key needed',
  request: {
    query: z.object({
      commune: z.string().regex(/^\d{5}$/).optional().openapi({ description: 'Judge as seen by this commune: land may read not-provisioned for it' }),
      scheme: z.enum(['2025', 'legacy']).default('2025').openapi({ description: 'The unit scheme of `commune`; the commune\'s codes in the other scheme are judged too' }),
    }),
  },
  responses: {
    200: {
      description: 'pass / warn / fail overall, and one check per upstream: state, since, latency, error rate, breaker, queue, last probe',
      content: { [HEALTH_JSON]: { schema: z.object({ status: z.enum(['pass', 'warn', 'fail']), checks: z.record(z.string(), z.array(z.any())) }).passthrough() } },
    },
  },
});

/** Registers the routes; call before the `/v1/*` API-key middleware so that /v1/status stays open. */
export function registerHealthRoutes(app: OpenAPIHono<GatewayEnv>): void {
  app.get('/health/live', (c) => c.body(JSON.stringify({ status: 'pass' }), 200, { 'Content-Type': HEALTH_JSON, 'Cache-Control': 'no-store' }));

  app.get('/health/ready', async (c) => {
    const { health, logger } = c.get('services');
    const headers = { 'Content-Type': HEALTH_JSON, 'Cache-Control': 'no-store' };
    if (!health) return c.body(JSON.stringify({ status: 'pass', notes: ['no store configured'] }), 200, headers);
    try {
      await health.ready();
      return c.body(JSON.stringify({ status: 'pass' }), 200, headers);
    } catch (error) {
      logger.error({ err: error }, 'readiness check failed: the store does not answer');
      return c.body(JSON.stringify({ status: 'fail', output: 'the store does not answer' }), 503, headers);
    }
  });

  app.openapi(statusRoute, (c) => {
    const { health } = c.get('services');
    if (!health) return c.body(JSON.stringify({ status: 'warn', notes: ['health monitoring is not configured'], checks: {} }), 200, { 'Content-Type': HEALTH_JSON }) as never;
    const { commune, scheme } = c.req.valid('query');
    const report = statusReport(health.registry.snapshot({ communeCode: commune, communeAliases: commune ? communeAliases(c.get('services'), commune, scheme) : undefined }));
    return c.body(JSON.stringify(report), 200, { 'Content-Type': HEALTH_JSON, 'Cache-Control': 'no-store' }) as never;
  });
}
