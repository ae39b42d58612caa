// The gateway on Cloudflare Workers, once per isolate: createServices (the same composition as on Node) on the
// Workers platform (src/runtime/worker-platform.ts), served by the same app with Swagger UI's files from the
// bundle. Nothing runs on a timer: `scheduled` (cron) and the request path (waitUntil) call the steps.
import type { Config } from '../config/schema.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { createApp } from '../gateway/app.ts';
import type { Logger } from '../gateway/services.ts';
import { createServices, type GatewaySteps } from '../services/create-services.ts';
import { bundledDocsAssets } from './worker-docs-assets.ts';
import { createWorkerPlatform, type WorkerEnv, type WorkerPlatformOptions } from './worker-platform.ts';

export type { WorkerEnv } from './worker-platform.ts';

export interface WorkerGateway extends GatewaySteps {
  config: Config;
  logger: Logger;
  /** Every upstream drained by the minute cron. */
  upstreams: readonly UpstreamName[];
  fetch(request: Request): Promise<Response>;
}

export async function createWorkerGateway(env: WorkerEnv, options: WorkerPlatformOptions = {}): Promise<WorkerGateway> {
  const { config, logger, platform } = createWorkerPlatform(env, options);
  const gateway = await createServices(config, platform);
  // Incidents a previous isolate left open are restored and alerting reads its state: judgement must see them.
  await gateway.start();
  const app = createApp(gateway.services, { docsAssets: bundledDocsAssets });
  return {
    ...gateway.steps,
    config, logger,
    upstreams: Object.keys(gateway.pipelines) as UpstreamName[],
    fetch: async (request) => app.fetch(request),
  };
}
