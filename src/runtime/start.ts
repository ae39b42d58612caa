// The Node platform: logger (pino), telemetry, the simulators of the demo, undici pools, the stores (SQLite or
// PostgreSQL), SMTP, audit keys (node:crypto), prom-client metrics and the HTTP server. The gateway itself is
// composed by createServices (src/services/create-services.ts), the same on every runtime.
import type { ServerType } from '@hono/node-server';
import type { DestinationStream } from 'pino';
import { maskedConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { UpstreamDefinition } from '../upstreams/definition.ts';
import { createApp } from '../gateway/app.ts';
import type { Services } from '../gateway/services.ts';
import type { LeaderElector } from '../cluster/leader.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { sleep } from '../resilience/sleep.ts';
import type { RunningSimulators, StartSimulatorsOptions } from '../../mocks/index.ts';
import { ConfigError, resolveSecret } from '../config/load.ts';
import type { AlertingRuntime } from '../services/alerting.ts';
import { createServices, type ComposedGateway } from '../services/create-services.ts';
import type { VerificationQueue } from '../services/verification-queue.ts';
import { loadAdminUnits } from './admin-units.ts';
import { auditKeys } from './audit-log.ts';
import { docsAssetsFromDisk } from './docs-assets.ts';
import { listen } from './http-server.ts';
import { createLogger } from './logger.ts';
import { createMetricsCollector } from './metrics-collector.ts';
import { createUpstreamPool, type UpstreamPool } from './pools.ts';
import { createSmtpSendMail } from './smtp.ts';
import { startTelemetry } from './telemetry.ts';
import { openStores } from './stores.ts';

type Simulators = RunningSimulators;
/** Starts the bundled simulators: handed in by the demo entry and tests only, so the production build has none. */
export type SimulatorStarter = (options: StartSimulatorsOptions) => Promise<RunningSimulators>;

export interface StartOptions {
  config: Config;
  /** For messages only. */
  configFile: string;
  env: Record<string, string | undefined>;
  /** Where logs go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** Required when `simulators.enabled`. */
  startSimulators?: SimulatorStarter;
  /** Upstreams beyond the built-in three, each from its own definition and configuration block. */
  upstreams?: readonly UpstreamDefinition[];
}

export interface RunningGateway {
  url: string;
  services: Services;
  /** The resilience pipeline of each upstream (snapshots, breaker control). */
  pipelines: ComposedGateway['pipelines'];
  simulators: Simulators | undefined;
  demoApiKey: string | undefined;
  /** The verification queue: store (stats for health), drainers, callback deliverer. */
  queue: VerificationQueue;
  /** Outage alerting: alert store (outbox), maintenance schedule, rule engine, deliverer. */
  alerts: AlertingRuntime;
  /** The leader role (probes, incidents, alerts, daily summary, purge run on the leader only). */
  leader: LeaderElector;
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const { config, configFile, env } = options;
  const logger = createLogger(config.log.level, options.logDestination);
  logger.info({ config: maskedConfig(config), configFile }, 'effective configuration');
  // First: its tracer (when tracing is on) goes to the app and the upstream seam.
  const telemetry = await startTelemetry({ settings: config.telemetry, logger });
  // The simulators of the demo accept the configured credentials (the composition resolves them again for the adapters).
  const secret = (value: Parameters<typeof resolveSecret>[0], key: string) => resolveSecret(value, env, key, configFile);
  const credentials = {
    population: { clientId: config.upstreams.population.clientId, clientSecret: secret(config.upstreams.population.clientSecret, 'upstreams.population.clientSecret') },
    civilStatus: { username: config.upstreams.civilStatus.username, password: secret(config.upstreams.civilStatus.password, 'upstreams.civilStatus.password') },
    land: { username: config.upstreams.land.username, password: secret(config.upstreams.land.password, 'upstreams.land.password') },
  };

  if (config.simulators.enabled && !options.startSimulators) {
    throw new ConfigError(configFile, ['simulators.enabled: this build has no simulators (they come with `npm start`, the demo); set it to false and name the real upstreams']);
  }
  const simulators = config.simulators.enabled ? await options.startSimulators?.({ ...credentials }) : undefined;
  const sample = simulators ? await simulatorSample(simulators) : undefined;
  const demoApiKey = simulators ? config.simulators.demoApiKey : undefined;
  // One undici pool per upstream, made when the composition asks for that upstream's transport.
  const pools = new Map<UpstreamName, UpstreamPool>();
  // Every store in one place: the SQLite file, or one PostgreSQL shared by every instance (store.postgres).
  const stores = await openStores({ config, configFile, env, logger });
  const gateway = await createServices(config, {
    configSource: configFile, env, now: Date.now, newId: () => crypto.randomUUID(), random: Math.random, timers: nodeTimers, sleep,
    fetchFor({ upstream, baseUrl, connections }) {
      const pool = createUpstreamPool(baseUrl, connections);
      pools.set(upstream, pool);
      return pool.fetch;
    },
    fetch: (input, init) => fetch(input, init),
    sendMailFor: (channel, password) => createSmtpSendMail(channel, password, { timeoutMs: config.alerts.delivery.timeoutMs }),
    stores, logger, tracer: telemetry.tracer,
    auditKeys: auditKeys(config, env, configFile),
    metrics: (sources) => createMetricsCollector(sources),
    adminUnits: loadAdminUnits(config.adminUnits),
  }, {
    upstreams: options.upstreams,
    baseUrls: simulators && { population: simulators.population.url, 'civil-status': simulators.civilStatus.url, land: simulators.land.url },
    demo: demoApiKey !== undefined && sample ? { apiKey: demoApiKey, communes: sample.communes, testPersonalId: sample.citizens[0] } : undefined,
  });
  const { services } = gateway;
  await gateway.start();
  const app = createApp(services, { docsAssets: docsAssetsFromDisk() });
  // PORT is applied by parseConfig, with the config's other problems.
  const port = config.server.port;
  const server = await listen(app.fetch, config.server);
  const address = server.address();
  const url = `http://${config.server.host}:${typeof address === 'object' && address ? address.port : port}`;
  logger.info({ url }, 'gateway listening');

  return {
    url,
    services,
    pipelines: gateway.pipelines,
    simulators,
    demoApiKey,
    queue: gateway.queue,
    alerts: gateway.alerts,
    leader: gateway.leader,
    async close() {
      // No new connections; requests in flight get the grace, then their connections are cut.
      const graceMs = config.server.shutdownGraceMs;
      await closeServer(server, graceMs);
      // The term ends, then every part stops (replays in flight get the grace) before the stores close.
      await gateway.close(graceMs);
      await stores.close();
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      await simulators?.close();
      // Last: spans of everything above that finished late are still exported.
      await telemetry.shutdown();
      logger.info('gateway stopped');
    },
  };
}

const nodeTimers = {
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Identifiers the simulators hold data for (their `/__sim/sample`), asked once. */
async function simulatorSample(simulators: Simulators): Promise<{ communes: string[]; citizens: string[] }> {
  return (await (await fetch(`${simulators.population.url}/__sim/sample`)).json()) as { communes: string[]; citizens: string[] };
}

/** Stops accepting, closes idle keep-alive connections, waits up to `graceMs` for requests in flight, then cuts the rest. */
async function closeServer(server: ServerType, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceOver = new Promise<'over'>((resolve) => { timer = setTimeout(() => resolve('over'), graceMs); });
  const first = await Promise.race([closed, graceOver]);
  clearTimeout(timer);
  if (first === 'over' && 'closeAllConnections' in server) {
    server.closeAllConnections();
    await closed;
  }
}

