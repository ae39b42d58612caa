// Builds every long-lived part once (logger, pools, adapters, pipelines, app) and starts the HTTP server.
import type { ServerType } from '@hono/node-server';
import type { DestinationStream } from 'pino';
import { createAdapters } from '../adapters/index.ts';
import { withUnitRefs } from '../adapters/unit-refs.ts';
import { maskedConfig, resolveSecret } from '../config/load.ts';
import { rateLimitPolicy } from '../config/rate-limits.ts';
import type { Config } from '../config/schema.ts';
import type { RequestContext } from '../adapters/contract.ts';
import type { UpstreamDefinition } from '../upstreams/definition.ts';
import { describeUpstream } from '../upstreams/registry.ts';
import { createUpstreamSet } from '../upstreams/upstream-set.ts';
import { createApp } from '../gateway/app.ts';
import { sha256Hex } from '../gateway/auth.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { ApiClient, Services } from '../gateway/services.ts';
import { createHealth } from '../health/setup.ts';
import { createMemoryRateLimitStore } from '../store/memory-rate-limit-store.ts';
import { createLeaderElector, type LeaderElector, type LeaderTerm } from '../cluster/leader.ts';
import { createSharedHealth } from '../cluster/shared-health.ts';
import type { HealthStore } from '../health/store.ts';
import type { Worker } from '../queue/worker-loop.ts';
import { sleep } from '../resilience/sleep.ts';
import type { RunningSimulators, StartSimulatorsOptions } from '../../mocks/index.ts';
import { ConfigError } from '../config/load.ts';
import { createAlertingRuntime, type AlertingRuntime } from './alerting.ts';
import { startAuditLog } from './audit-log.ts';
import { startClientKeys } from './client-keys.ts';
import { loadAdminUnits } from './admin-units.ts';
import { docsAssetsFromDisk } from './docs-assets.ts';
import { listen } from './http-server.ts';
import { createLogger } from './logger.ts';
import { createMetricsCollector } from './metrics-collector.ts';
import { createUpstreamPool, type UpstreamPool } from './pools.ts';
import { startTelemetry } from './telemetry.ts';
import { createUpstreamCallers, type UpstreamCallers } from './upstream-callers.ts';
import { openStores } from './stores.ts';
import { startVerificationQueue, type VerificationQueue } from './verification-queue.ts';

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
  pipelines: UpstreamCallers['pipelines'];
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
  const secret = (value: Parameters<typeof resolveSecret>[0], key: string) => resolveSecret(value, env, key, configFile);
  const credentials = {
    population: { clientId: config.upstreams.population.clientId, clientSecret: secret(config.upstreams.population.clientSecret, 'upstreams.population.clientSecret') },
    civilStatus: { username: config.upstreams.civilStatus.username, password: secret(config.upstreams.civilStatus.password, 'upstreams.civilStatus.password') },
    land: { username: config.upstreams.land.username, password: secret(config.upstreams.land.password, 'upstreams.land.password') },
  };

  const newId = () => crypto.randomUUID();
  if (config.simulators.enabled && !options.startSimulators) {
    throw new ConfigError(configFile, ['simulators.enabled: this build has no simulators (they come with `npm start`, the demo); set it to false and name the real upstreams']);
  }
  const simulators = config.simulators.enabled ? await options.startSimulators?.({ ...credentials }) : undefined;
  const sample = simulators ? await simulatorSample(simulators) : undefined;
  const baseUrls = {
    population: simulators?.population.url ?? config.upstreams.population.baseUrl,
    civilStatus: simulators?.civilStatus.url ?? config.upstreams.civilStatus.baseUrl,
    land: simulators?.land.url ?? config.upstreams.land.baseUrl,
  };
  // Every upstream, built-in and registered, from the registry: one pool, pipeline, drainer and health record each.
  const upstreams = createUpstreamSet(config, options.upstreams);
  const baseUrlOf = (upstream: UpstreamName) => {
    const key = describeUpstream(upstream)?.configKey;
    return key && key in baseUrls ? baseUrls[key as keyof typeof baseUrls] : upstreams.block(upstream).baseUrl;
  };
  const pools = Object.fromEntries(upstreams.names.map((upstream) =>
    [upstream, createUpstreamPool(baseUrlOf(upstream), upstreams.block(upstream).connections)])) as Record<UpstreamName, UpstreamPool>;
  // Every store in one place: the SQLite file, or one PostgreSQL shared by every instance (store.postgres).
  const stores = await openStores({ config, configFile, env, logger });
  // The running leadership term, if this instance leads: its fence guards incident writes and alert sends.
  let term: LeaderTerm | undefined;
  const fence = () => (term ? term.fence() : Promise.resolve(false));
  // Health: probes and real traffic feed the registry; incidents and minute buckets go to the store.
  const healthLog = logger.child({ component: 'health' });
  // Alerts keep their outbox, state and admin maintenance windows in the store; health reads their schedule.
  const alerts = createAlertingRuntime({ config, configFile, env, store: stores.alerts, logger, now: Date.now, newId, upstreams });
  // Adapters of the registered upstreams, by name (routes know only the built-in ones).
  const registeredAdapters = {} as Partial<Record<UpstreamName, unknown>>;
  const health = createHealth({
    settings: config.health,
    store: fencedIncidents(stores.health, fence),
    now: Date.now,
    newId,
    pipeline: (upstream) => upstreamCallers.pipelines[upstream].snapshot(),
    queueStats: async (upstream) => {
      const stats = await queue.store.stats(upstream);
      return { depth: stats.queued + stats.inProgress, oldestTicketAt: stats.oldestQueuedAt };
    },
    ready: async () => void (await queue.store.stats('population')),
    warn: (message, details) => healthLog.warn(details ?? {}, message),
    maintenance: alerts.maintenance.windows,
    upstreams: upstreams.names,
    registeredProbes: upstreams.definitions.flatMap((definition) => definition.probe ? [{
      upstream: definition.name as UpstreamName, operation: 'registered' as const, ...definition.probe,
      run: (request: RequestContext) => definition.probe!.run(registeredAdapters[definition.name as UpstreamName], request),
    }] : []),
  });
  const adminUnits = loadAdminUnits(config.adminUnits);
  const unitSchemes = { population: config.upstreams.population.unitScheme, 'civil-status': config.upstreams.civilStatus.unitScheme, land: config.upstreams.land.unitScheme };
  // Every address answered carries its unit in the other scheme too (legacy ↔ 2025).
  const adapters = withUnitRefs(createAdapters({
    onEvent: health.registry.recordAdapterEvent,
    population: { baseUrl: baseUrls.population, ...credentials.population },
    civilStatus: { baseUrl: baseUrls.civilStatus, ...credentials.civilStatus },
    land: { baseUrl: baseUrls.land, ...credentials.land },
    fetchFor: (upstream) => pools[upstream].fetch,
  }), adminUnits, unitSchemes);
  for (const definition of upstreams.definitions) {
    const upstream = definition.name as UpstreamName;
    registeredAdapters[upstream] = definition.createAdapter({ fetch: pools[upstream].fetch, onEvent: health.registry.recordAdapterEvent });
  }
  const metrics = createMetricsCollector({ pipelines: () => upstreamCallers.pipelines, health: () => health.registry.snapshot(), now: Date.now, upstreams: upstreams.names });
  // A breaker that stops being open wakes that upstream's drainer at once instead of at its next poll.
  let wakeDrainer = (_upstream: UpstreamName) => {};
  const upstreamCallers = createUpstreamCallers({
    config, upstreams, now: Date.now, tracer: telemetry.tracer,
    onEvent: (upstream, event) => {
      health.registry.recordResilienceEvent(upstream, event);
      if (event.type === 'breaker-state' && event.state !== 'open') wakeDrainer(upstream);
    },
    onCall: (record) => {
      health.registry.recordCall(record.upstream, record);
      metrics.record(record);
    },
  });

  const demoApiKey = simulators ? config.simulators.demoApiKey : undefined;
  // The audit log and the store's client keys live in the same SQLite file as the queue.
  const audit = startAuditLog({ config, configFile, env, logger, now: Date.now, store: stores.audit });
  const clientKeys = await startClientKeys({ config, logger, now: Date.now, store: stores.clientKeys });
  const queue = await startVerificationQueue({
    config, configFile, env, adapters, upstreams, registeredAdapters, callers: upstreamCallers.callers, pipelines: upstreamCallers.pipelines,
    logger, now: Date.now, newId, store: stores.tickets, cluster: stores.kind === 'postgres' ? stores.cluster : undefined,
    onEvent: (event) => {
      if (event.type === 'ticket-queued') health.registry.recordTicketQueued(event.upstream, event.communeCode);
      alerts.onQueueEvent(event);
      audit.onQueueEvent(event, (id) => queue.store.get(id));
    },
  });
  wakeDrainer = (upstream) => queue.drainers[upstream].wake();
  // Every instance serves the leader's published health (the others have no probes and see only their traffic).
  const holder = `gateway:${newId()}`;
  const sharedHealth = createSharedHealth({
    local: health.registry, store: stores.cluster, holder, leaderToken: () => term?.token, everyMs: 1_000, timers: nodeTimers,
    onError: (error, what) => healthLog.warn({ err: error }, `${what} failed`),
  });
  const services: Services = {
    adapters,
    upstreams: upstreamCallers.callers,
    clients: await apiClients(config, demoApiKey, sample),
    logger,
    now: Date.now,
    newId,
    maxRequestTimeoutMs: config.server.maxRequestTimeoutMs,
    maxBodyBytes: config.server.maxBodyBytes,
    verifications: queue.service,
    health: { ...health.service, registry: sharedHealth.registry },
    metrics: metrics.render,
    admin: alerts.admin,
    auditLog: audit.writer,
    keyDirectory: clientKeys.directory,
    adminUnits,
    unitSchemes,
    rateLimits: createMemoryRateLimitStore(),
    tracer: telemetry.tracer,
  };
  // The singular jobs run on one elected instance (a lone instance always leads); a new term starts them afresh.
  const leaderLog = logger.child({ component: 'leader' });
  let purge: Worker | undefined;
  const leader = createLeaderElector({
    store: stores.cluster, holder, leaseMs: stores.leaseMs, now: Date.now, sleep,
    async onElected(elected) {
      term = elected;
      // Incidents left open by the previous run (or leader) first: alerting's first look must see them, or it
      // would take them for ended and send a false recovery.
      await health.registry.restore();
      await alerts.start({ registry: health.registry, healthStore: health.service.store, queueStats: (upstream) => queue.store.stats(upstream) }, elected.fence);
      // With the simulators, probe a citizen they hold; probe as the first configured commune.
      await health.start(adapters, { testPersonalId: sample?.citizens[0], communeCode: services.clients[0]?.communes[0] });
      purge = queue.startPurge();
      await sharedHealth.sync().catch(() => undefined);
    },
    async onDeposed() {
      term = undefined;
      await health.stop();
      await alerts.stop();
      await purge?.stop();
      purge = undefined;
    },
    onEvent: (event) => leaderLog.info({ event }, event.type === 'elected' ? 'leading: probes, incidents, alerts, daily summary and purge run here' : 'no longer leading'),
    onError: (error) => leaderLog.warn({ err: error }, 'leader lease could not be renewed'),
  });
  await leader.start();
  sharedHealth.start();
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
    pipelines: upstreamCallers.pipelines,
    simulators,
    demoApiKey,
    queue,
    alerts,
    leader,
    async close() {
      // No new connections; requests in flight get the grace, then their connections are cut.
      const graceMs = config.server.shutdownGraceMs;
      await closeServer(server, graceMs);
      // Ends this instance's term (health, alerts and purge stop) and frees the lease for another at once.
      await leader.stop();
      sharedHealth.stop();
      await alerts.close();
      // Replays and deliveries in flight finish (bounded by their deadlines) before the store closes.
      await queue.close(graceMs);
      // After the queue: its last replays are audited too.
      await audit.close();
      await clientKeys.close();
      await stores.close();
      upstreamCallers.dispose();
      await Promise.all(Object.values(pools).map((pool) => pool.close()));
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

/** Incident writes check the leader's fence first: a paused old leader cannot overwrite the new leader's record. */
function fencedIncidents(store: HealthStore, fence: () => Promise<boolean>): HealthStore {
  return {
    ...store,
    async saveIncident(incident) {
      if (!(await fence())) throw new Error('incident not saved: this instance no longer leads');
      await store.saveIncident(incident);
    },
  };
}

/** Identifiers the simulators hold data for (their `/__sim/sample`), asked once. */
async function simulatorSample(simulators: Simulators): Promise<{ communes: string[]; citizens: string[] }> {
  return (await (await fetch(`${simulators.population.url}/__sim/sample`)).json()) as { communes: string[]; citizens: string[] };
}

async function apiClients(config: Config, demoApiKey: string | undefined, sample: { communes: string[] } | undefined): Promise<ApiClient[]> {
  const clients: ApiClient[] = config.clients.map((client) => ({
    name: client.name,
    keySha256: client.keySha256,
    communes: client.communes,
    landCommunes: client.landCommunes === 'own' ? client.communes : client.landCommunes,
    mayReadReligion: client.scopes.includes('religion'),
    callbackUrlPrefixes: client.callbackUrlPrefixes,
    rateLimit: rateLimitPolicy(client.rateLimit ?? config.rateLimits.default),
  }));
  if (demoApiKey && sample) {
    // The demo key may act for every commune the simulators hold data for.
    clients.push({ name: 'Demo (simulators)', keySha256: await sha256Hex(demoApiKey), communes: sample.communes, landCommunes: sample.communes, mayReadReligion: false, rateLimit: rateLimitPolicy(config.rateLimits.demoKey) });
  }
  return clients;
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

