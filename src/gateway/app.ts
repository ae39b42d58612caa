// createApp(services): the whole HTTP surface, runtime-neutral (Web APIs only).
import { OpenAPIHono } from '@hono/zod-openapi';
import { createAuth } from './auth.ts';
import { createBodyLimit } from './body-limit.ts';
import type { GatewayEnv } from './env.ts';
import { handleError, sendProblem } from './errors.ts';
import { problem } from './problems.ts';
import { createRateLimit } from './rate-limit.ts';
import { createRequestContext } from './request-context.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAdminUnitRoutes } from './routes/admin-units.ts';
import { registerCitizenRoutes } from './routes/citizens.ts';
import { registerCivilStatusRoutes } from './routes/civil-status.ts';
import { registerDocsRoutes, type DocsAssets } from './routes/docs.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerIncidentRoutes } from './routes/incidents.ts';
import { registerLandRoutes } from './routes/land.ts';
import { registerStatusPageRoutes } from './routes/status-page.tsx';
import { registerVerificationRoutes } from './routes/verifications.ts';
import type { Services } from './services.ts';
import { validationFailure } from './validation.ts';

export interface AppOptions {
  docsAssets?: DocsAssets;
}

export function createApp(services: Services, options: AppOptions = {}): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({
    // Thrown, so that the error handler answers it like every other problem. The value checked comes along (in
    // @hono/zod-validator's hook type, not in zod-openapi's): it tells a missing field from a mistyped one.
    defaultHook: (result, c) => {
      if (!result.success) throw validationFailure(result.error.issues, c.get('language'), (result as { data?: unknown }).data);
    },
  });
  app.use('*', createRequestContext(services));
  app.use('*', createBodyLimit(services.maxBodyBytes));
  app.onError(handleError);
  app.notFound((c) => sendProblem(c, problem('route-not-found', c.get('language'))));

  registerDocsRoutes(app, options.docsAssets);
  // Before the API-key middleware: /health/*, /status and /v1/status are open (no personal data).
  registerHealthRoutes(app);
  registerStatusPageRoutes(app);
  // Open like the health routes: operational figures only, no personal data; keep it on the internal network.
  const metrics = services.metrics;
  if (metrics) app.get('/metrics', async (c) => c.text(await metrics(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }));

  // Before the client API-key middleware: admin calls carry the admin key instead.
  if (services.admin) registerAdminRoutes(app, services.admin);
  app.use('/v1/*', createAuth(services.clients, services.keyDirectory));
  if (services.rateLimits) app.use('/v1/*', createRateLimit(services.rateLimits));
  registerCitizenRoutes(app);
  registerCivilStatusRoutes(app);
  registerLandRoutes(app);
  registerIncidentRoutes(app);
  if (services.adminUnits) registerAdminUnitRoutes(app, services.adminUnits);
  if (services.verifications) registerVerificationRoutes(app);
  return app;
}
