// The gateway composed from its parts, once, in dependency order and on any runtime: the runtime hands in the
// platform (src/services/platform.ts) and gets the services the app serves, plus the parts it starts and stops.
// Parts that report what happened publish on the event bus; health, metrics, the queue, alerting and the audit
// log subscribe. Nothing is used before it exists and nothing is reassigned after.
import type { Adapters, RequestContext } from '../adapters/contract.ts';
import type { AdapterEvent } from '../adapters/events.ts';
import { createAdapters } from '../adapters/index.ts';
import { withUnitRefs } from '../adapters/unit-refs.ts';
import { createLeaderElector, type LeaderElector, type LeaderTerm } from '../cluster/leader.ts';
import { createSharedHealth } from '../cluster/shared-health.ts';
import { resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { RateLimitStore } from '../resilience/rate-limit-bucket.ts';
import type { Logger, Services } from '../gateway/services.ts';
import { createHealthMonitor } from '../health/monitor.ts';
import { createHealth, probeChecks, type Health } from '../health/setup.ts';
import type { HealthStore } from '../health/store.ts';
import type { Worker } from '../queue/worker-loop.ts';
import type { UpstreamPipeline } from '../resilience/index.ts';
import { createMemoryRateLimitStore } from '../store/memory-rate-limit-store.ts';
import { createSharedRateLimitStore } from '../cluster/shared-rate-limit.ts';
import type { UpstreamDefinition } from '../upstreams/definition.ts';
import { createUpstreamSet } from '../upstreams/upstream-set.ts';
import { createAlertingRuntime, type AlertingRuntime } from './alerting.ts';
import { apiClients, type DemoClient } from './api-clients.ts';
import { startAuditLog } from './audit-log.ts';
import { startClientKeys } from './client-keys.ts';
import { createEventBus, type EventBus } from './events.ts';
import type { Platform } from './platform.ts';
import { createUpstreamCallers } from './upstream-callers.ts';
import { startVerificationQueue, type QueueSteps, type VerificationQueue } from './verification-queue.ts';

export interface ServiceOptions {
  /** Upstreams beyond the built-in three, each from its own definition and configuration block. */
  upstreams?: readonly UpstreamDefinition[] | undefined;
  /** Addresses that replace the configured ones (the bundled simulators). */
  baseUrls?: Partial<Record<UpstreamName, string>> | undefined;
  /** The simulators' demo key, and a citizen they hold for the probes. */
  demo?: (DemoClient & { testPersonalId?: string | undefined }) | undefined;
}

/** The singular jobs of one leadership term: probes, incident transitions, alerts, daily summary, purge. */
export interface LeaderJobs {
  lead(term: LeaderTerm): Promise<void>;
  /** Stepped mode's term: open incidents restored and alerting ready, nothing started (the steps run the jobs). */
  leadStepped(): Promise<void>;
  stepDown(): Promise<void>;
}

/**
 * The background work one invocation at a time, for a platform with `requestBoundIo` (workerd): each step makes
 * what it needs, runs it to the end and leaves no timer, loop or promise for a later invocation.
 */
export interface GatewaySteps extends QueueSteps {
  /** One round of probes, then judgement (incidents, minute buckets) and the alert rules, then alert deliveries. */
  probe(): Promise<void>;
  /** After a request: its audit rows written, the ticket counts added, the client keys reread when due. */
  afterRequest(): Promise<void>;
  /** Nightly: ticket retention and audit retention. */
  purge(): Promise<void>;
}

export interface ComposedGateway {
  services: Services;
  /** The resilience pipeline of each upstream (snapshots, breaker control). */
  pipelines: Record<UpstreamName, UpstreamPipeline>;
  /** The verification queue: store, drainers, callback deliverer. */
  queue: VerificationQueue;
  health: Health;
  /** Outage alerting: alert store (outbox), maintenance schedule, rule engine, deliverer. */
  alerts: AlertingRuntime;
  /** What the leader runs; the elector below calls it. */
  jobs: LeaderJobs;
  /** Elects this instance to run `jobs` (a lone instance always leads). */
  leader: LeaderElector;
  events: EventBus;
  /** The stepped background work (see GatewaySteps); with looping platforms the loops do the same on their own. */
  steps: GatewaySteps;
  /** Starts the election (the first attempt is awaited) and the shared health beat. */
  start(): Promise<void>;
  /**
   * Ends the term and stops every part, waiting up to `graceMs` for replays in flight. The queue, audit log and key
   * directory close their stores; the platform closes what the stores share (the database) afterwards.
   */
  close(graceMs: number): Promise<void>;
}

export async function createServices(config: Config, platform: Platform, options: ServiceOptions = {}): Promise<ComposedGateway> {
  const { now, newId, logger, stores } = platform;
  const stepped = platform.requestBoundIo === true;
  const healthLog = logger.child({ component: 'health' });
  const events = createEventBus({ onListenerError: (error, name) => logger.warn({ err: error, event: name }, 'an event listener failed') });
  const secret = (value: Parameters<typeof resolveSecret>[0], key: string) => resolveSecret(value, platform.env, key, platform.configSource);

  // 1. The upstreams, their transports and adapters (publishing their events).
  const upstreams = createUpstreamSet(config, options.upstreams);
  const baseUrlOf = (upstream: UpstreamName) => options.baseUrls?.[upstream] ?? upstreams.block(upstream).baseUrl;
  const transports = Object.fromEntries(upstreams.names.map((upstream) =>
    [upstream, platform.fetchFor({ upstream, baseUrl: baseUrlOf(upstream), connections: upstreams.block(upstream).connections })]));
  const onAdapterEvent = (event: AdapterEvent) => events.emit('adapter-event', event);
  const adminUnits = platform.adminUnits;
  const unitSchemes = { population: config.upstreams.population.unitScheme, 'civil-status': config.upstreams.civilStatus.unitScheme, land: config.upstreams.land.unitScheme };
  // Every address answered carries its unit in the other scheme too (legacy ↔ 2025).
  const adapters: Adapters = withUnitRefs(createAdapters({
    onEvent: onAdapterEvent,
    population: { baseUrl: baseUrlOf('population'), clientId: config.upstreams.population.clientId, clientSecret: secret(config.upstreams.population.clientSecret, 'upstreams.population.clientSecret') },
    civilStatus: { baseUrl: baseUrlOf('civil-status'), username: config.upstreams.civilStatus.username, password: secret(config.upstreams.civilStatus.password, 'upstreams.civilStatus.password') },
    land: { baseUrl: baseUrlOf('land'), username: config.upstreams.land.username, password: secret(config.upstreams.land.password, 'upstreams.land.password') },
    fetchFor: (upstream) => transports[upstream]!,
  }), adminUnits, unitSchemes);
  const registeredAdapters = Object.fromEntries(upstreams.definitions.map((definition) =>
    [definition.name, definition.createAdapter({ fetch: transports[definition.name]!, onEvent: onAdapterEvent })])) as Partial<Record<UpstreamName, unknown>>;

  // 2. The callers: one resilience pipeline per upstream, publishing its events and every finished call.
  const callers = createUpstreamCallers({
    config, upstreams, now, tracer: platform.tracer,
    // Request-bound I/O: a call is cancelled with the request that started it, leaving any request that joined it waiting.
    shareCalls: !stepped,
    onEvent: (upstream, event) => {
      events.emit('resilience-event', { upstream, event });
      if (event.type === 'breaker-state') events.emit('breaker-state', { upstream, ...event });
    },
    onCall: (record) => events.emit('call-recorded', record),
  });
  const { pipelines } = callers;

  // 3. Alerting's schedule before health: health reads the maintenance windows at each evaluation. Alerting reads
  // health only when a term starts (alerts.start below), so neither needs the other at construction.
  const alerts = createAlertingRuntime({
    config, configFile: platform.configSource, env: platform.env, store: stores.alerts, logger, now, newId, upstreams,
    timers: platform.timers, sendMailFor: platform.sendMailFor, fetch: platform.fetch, stepped,
  });

  // 4. Health and metrics, fed from the bus. The pipelines exist and the ticket store is the platform's, so
  // health reads both directly: there is no cycle left to break.
  let term: LeaderTerm | undefined;
  const health = createHealth({
    settings: config.health,
    store: fencedIncidents(stores.health, () => (term ? term.fence() : Promise.resolve(false))),
    now, newId,
    pipeline: (upstream) => pipelines[upstream]?.snapshot(),
    queueStats: async (upstream) => {
      const stats = await stores.tickets.stats(upstream);
      return { depth: stats.queued + stats.inProgress, oldestTicketAt: stats.oldestQueuedAt };
    },
    ready: async () => void (await stores.tickets.stats('population')),
    warn: (message, details) => healthLog.warn(details ?? {}, message),
    maintenance: alerts.maintenance.windows,
    upstreams: upstreams.names,
    timers: platform.timers,
    registeredProbes: upstreams.definitions.flatMap((definition) => definition.probe ? [{
      upstream: definition.name as UpstreamName, operation: 'registered' as const, ...definition.probe,
      run: (request: RequestContext) => definition.probe!.run(registeredAdapters[definition.name as UpstreamName], request),
    }] : []),
  });
  events.on('adapter-event', (event) => health.registry.recordAdapterEvent(event));
  events.on('resilience-event', ({ upstream, event }) => health.registry.recordResilienceEvent(upstream, event));
  events.on('call-recorded', (record) => health.registry.recordCall(record.upstream, record));
  events.on('ticket-queued', (event) => health.registry.recordTicketQueued(event.upstream, event.communeCode));
  const metrics = platform.metrics?.({ pipelines: () => pipelines, health: () => health.registry.snapshot(), now, upstreams: upstreams.names });
  if (metrics) events.on('call-recorded', (record) => metrics.record(record));

  // 5. The audit log, the key directory and the queue (its drainers wake on `breaker-state`); queue events are
  // counted for the daily summary and audited when a replay ends.
  const audit = startAuditLog({ config, keys: platform.auditKeys, logger, now, store: stores.audit, timers: platform.timers, stepped });
  const clientKeys = await startClientKeys({ config, logger, now, store: stores.clientKeys, poll: !stepped });
  events.on('queue-event', (event) => alerts.onQueueEvent(event));
  events.on('queue-event', (event) => audit.onQueueEvent(event, (id) => stores.tickets.get(id)));
  const queue = await startVerificationQueue({
    config, configFile: platform.configSource, env: platform.env, adapters, upstreams, registeredAdapters, callers: callers.callers, pipelines,
    logger, now, newId, store: stores.tickets, cluster: stores.kind === 'postgres' ? stores.cluster : undefined, events, fetch: platform.fetch, stepped,
  });

  // 6. Every instance serves the leader's published health (the others have no probes and see only their traffic).
  const holder = `gateway:${newId()}`;
  const sharedHealth = createSharedHealth({
    local: health.registry, store: stores.cluster, holder, leaderToken: () => term?.token, everyMs: 1_000, timers: platform.timers,
    onError: (error, what) => healthLog.warn({ err: error }, `${what} failed`),
  });
  const services: Services = {
    adapters,
    upstreams: callers.callers,
    clients: await apiClients(config, options.demo),
    logger, now, newId,
    maxRequestTimeoutMs: config.server.maxRequestTimeoutMs,
    maxBodyBytes: config.server.maxBodyBytes,
    verifications: queue.service,
    health: { ...health.service, registry: sharedHealth.registry },
    ...(metrics ? { metrics: metrics.render } : {}),
    admin: alerts.admin,
    auditLog: audit.writer,
    keyDirectory: clientKeys.directory,
    adminUnits, unitSchemes,
    rateLimits: rateLimitStore(stores, now, logger),
    tracer: platform.tracer,
  };

  // 7. The singular jobs run on one elected instance; a new term starts them afresh.
  let purge: Worker | undefined;
  const alertSources = { registry: health.registry, healthStore: health.service.store, queueStats: (upstream: UpstreamName) => stores.tickets.stats(upstream) };
  // With the simulators, probe a citizen they hold; probe as the first configured commune.
  const probeDefaults = { testPersonalId: options.demo?.testPersonalId, communeCode: services.clients[0]?.communes[0] };
  const jobs: LeaderJobs = {
    async lead(elected) {
      term = elected;
      // Incidents left open by the previous run (or leader) first: alerting's first look must see them, or it
      // would take them for ended and send a false recovery.
      await health.registry.restore();
      await alerts.start(alertSources, elected.fence);
      await health.start(adapters, probeDefaults);
      purge = queue.startPurge();
      await sharedHealth.sync().catch(() => undefined);
    },
    async leadStepped() {
      term = { token: 0, fence: async () => true };
      await health.registry.restore();
      await alerts.start(alertSources, term.fence);
    },
    async stepDown() {
      term = undefined;
      await health.stop();
      await alerts.stop();
      await purge?.stop();
      purge = undefined;
    },
  };
  const leaderLog = logger.child({ component: 'leader' });
  const leader = createLeaderElector({
    store: stores.cluster, holder, leaseMs: stores.leaseMs, now, sleep: platform.sleep,
    onElected: jobs.lead, onDeposed: jobs.stepDown,
    onEvent: (event) => leaderLog.info({ event }, event.type === 'elected' ? 'leading: probes, incidents, alerts, daily summary and purge run here' : 'no longer leading'),
    onError: (error) => leaderLog.warn({ err: error }, 'leader lease could not be renewed'),
  });

  // Stepped: no lease to renew between invocations, so the instance (each workerd isolate) leads for its life
  // and runs its jobs only when stepped. The probes run with a monitor made for the step (its timeouts end with it).
  let keysReadAt = now();
  const steps: GatewaySteps = {
    ...queue.steps,
    async probe() {
      const monitor = createHealthMonitor({
        registry: health.registry, adapters, now, newId, timers: platform.timers,
        checks: probeChecks(config.health, probeDefaults, (message, details) => healthLog.warn(details ?? {}, message)),
      });
      await monitor.probeNow();
      await health.registry.evaluate();
      await health.registry.flush();
      await alerts.step();
    },
    async afterRequest() {
      await audit.writer.flush();
      if (now() - keysReadAt >= config.keys.refreshIntervalMs) {
        keysReadAt = now();
        await clientKeys.directory.refresh();
      }
      await alerts.flushCounts();
    },
    async purge() {
      await queue.steps.purge();
      await audit.prune();
    },
  };

  return {
    services, pipelines, queue, health, alerts, jobs, leader, events, steps,
    async start() {
      if (stepped) {
        await jobs.leadStepped();
        return;
      }
      await leader.start();
      sharedHealth.start();
    },
    async close(graceMs) {
      // Ends this instance's term (health, alerts and purge stop) and frees the lease for another at once.
      await leader.stop();
      if (stepped) await jobs.stepDown();
      sharedHealth.stop();
      await alerts.close();
      // Replays and deliveries in flight finish (bounded by their deadlines) before the stores close.
      await queue.close(graceMs);
      // After the queue: its last replays are audited too.
      await audit.close();
      await clientKeys.close();
      callers.dispose();
    },
  };
}

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

/**
 * One instance counts each key in memory; several (PostgreSQL) count in the shared store, so a key's allowance is
 * the province's, not each instance's. A store that fails lets requests through, said in the log once a minute.
 */
function rateLimitStore(stores: Platform['stores'], now: () => number, logger: Logger): RateLimitStore {
  if (stores.kind !== 'postgres') return createMemoryRateLimitStore(now);
  let loggedAt = -Infinity;
  return createSharedRateLimitStore({
    store: stores.cluster,
    onError: (error) => {
      if (now() - loggedAt < 60_000) return;
      loggedAt = now();
      logger.warn({ err: error }, 'the shared rate limit could not be read; requests are let through until it can');
    },
  });
}
