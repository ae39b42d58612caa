// The gateway composed for Cloudflare Workers, once per isolate: the same app, adapters, pipelines, health and
// verification queue as on Node, on the platform's pieces (its fetch instead of undici pools, D1 instead of the
// SQLite file, console JSON instead of pino, Workers secrets and vars instead of process.env). Nothing here runs
// on a timer: `scheduled` (cron) and the request path call the workers' single steps.
import { createAdapters } from '../adapters/index.ts';
import { withUnitRefs } from '../adapters/unit-refs.ts';
import type { FetchLike } from '../adapters/contract.ts';
import { parseConfig, resolveSecret } from '../config/load.ts';
import { rateLimitPolicy } from '../config/rate-limits.ts';
import { UPSTREAM_KEY, type Config } from '../config/schema.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { createApp } from '../gateway/app.ts';
import type { ApiClient, Logger, Services } from '../gateway/services.ts';
import { createHealthMonitor } from '../health/monitor.ts';
import { createHealth, probeChecks } from '../health/setup.ts';
import { createDeliveryWorker } from '../queue/delivery.ts';
import { createDrainer, type Drainer } from '../queue/drainer.ts';
import type { QueueEvent } from '../queue/events.ts';
import { ticketExpiresAt } from '../queue/expiry.ts';
import type { RetryPolicy } from '../queue/outcome.ts';
import { createPerformer } from '../queue/perform.ts';
import { createPurgeWorker } from '../queue/purge.ts';
import { createVerificationService } from '../queue/service.ts';
import { OPERATION_OF, UPSTREAM_OF, type VerificationType } from '../queue/types.ts';
import { sleep } from '../resilience/sleep.ts';
import type { D1Database } from '../store/d1.ts';
import { createD1HealthStore } from '../store/d1-health-store.ts';
import { createD1TicketStore } from '../store/d1-ticket-store.ts';
import { createMemoryRateLimitStore } from '../store/memory-rate-limit-store.ts';
import { createConsoleLogger } from './console-logger.ts';
import { createUpstreamCallers } from '../services/upstream-callers.ts';
import { bundledAdminUnits } from './worker-admin-units.ts';
import { bundledDocsAssets } from './worker-docs-assets.ts';

/** The Worker's bindings: D1, the YAML configuration (a var) and the secrets it names with `{ env: NAME }`. */
export interface WorkerEnv {
  DB: D1Database;
  GATEWAY_CONFIG: string;
  [name: string]: unknown;
}

export interface WorkerGatewayOptions {
  /** Where log lines go; console.log by default. */
  writeLog?: (line: string) => void;
  /** The platform's fetch (tests may wrap it). */
  fetch?: typeof fetch;
}

export interface WorkerGateway {
  config: Config;
  logger: Logger;
  fetch(request: Request): Promise<Response>;
  /** Upstreams a request queued a ticket for since the last call; their drain runs after the answer (waitUntil). */
  takeQueued(): UpstreamName[];
  /** Drains an upstream's due tickets until none is due, its breaker is open or `budgetMs` is spent. */
  drain(upstream: UpstreamName, budgetMs: number): Promise<void>;
  /** One round of probes, then judgement (incidents, minute buckets). */
  probe(): Promise<void>;
  /** Due callbacks, once each. */
  deliver(): Promise<void>;
  /** Retention: reduces and deletes ended tickets. */
  purge(): Promise<void>;
}

const VERIFICATION_TYPES = Object.keys(UPSTREAM_OF) as VerificationType[];
const CONFIG_SOURCE = 'GATEWAY_CONFIG (wrangler.toml [vars])';

export async function createWorkerGateway(env: WorkerEnv, options: WorkerGatewayOptions = {}): Promise<WorkerGateway> {
  // Workers secrets and vars are the environment: strings only (bindings such as DB are not).
  const strings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const config = parseConfig(env.GATEWAY_CONFIG, CONFIG_SOURCE, strings);
  const logger = createConsoleLogger({ level: config.log.level, ...(options.writeLog ? { write: options.writeLog } : {}) });
  const secret = (value: Parameters<typeof resolveSecret>[0], key: string) => resolveSecret(value, strings, key, CONFIG_SOURCE);
  const platformFetch = options.fetch ?? fetch;
  const upstreamFetch: FetchLike = (url, init) => platformFetch(url, init);
  const now = Date.now;
  const newId = () => crypto.randomUUID();

  const tickets = createD1TicketStore(env.DB);
  const healthLog = logger.child({ component: 'health' });
  const health = createHealth({
    settings: config.health, store: createD1HealthStore(env.DB), now, newId,
    pipeline: (upstream) => upstreamCallers.pipelines[upstream].snapshot(),
    queueStats: async (upstream) => {
      const stats = await tickets.stats(upstream);
      return { depth: stats.queued + stats.inProgress, oldestTicketAt: stats.oldestQueuedAt };
    },
    ready: async () => void (await tickets.stats('population')),
    warn: (message, details) => healthLog.warn(details ?? {}, message),
  });
  const adminUnits = bundledAdminUnits();
  const unitSchemes = { population: config.upstreams.population.unitScheme, 'civil-status': config.upstreams.civilStatus.unitScheme, land: config.upstreams.land.unitScheme };
  const adapters = withUnitRefs(createAdapters({
    onEvent: health.registry.recordAdapterEvent,
    population: { baseUrl: config.upstreams.population.baseUrl, clientId: config.upstreams.population.clientId, clientSecret: secret(config.upstreams.population.clientSecret, 'upstreams.population.clientSecret') },
    civilStatus: { baseUrl: config.upstreams.civilStatus.baseUrl, username: config.upstreams.civilStatus.username, password: secret(config.upstreams.civilStatus.password, 'upstreams.civilStatus.password') },
    land: { baseUrl: config.upstreams.land.baseUrl, username: config.upstreams.land.username, password: secret(config.upstreams.land.password, 'upstreams.land.password') },
    fetchFor: () => upstreamFetch,
  }), adminUnits, unitSchemes);
  const upstreamCallers = createUpstreamCallers({
    // No single-flight: a call is cancelled with the request that started it, leaving any request that joined it waiting.
    config, now, shareCalls: false,
    onEvent: (upstream, event) => health.registry.recordResilienceEvent(upstream, event),
    onCall: (record) => health.registry.recordCall(record.upstream, record),
  });

  // The queue: the same service, drainers, deliverer and purge as on Node, stepped instead of looping.
  const settings = config.queue;
  const queueLog = logger.child({ component: 'queue' });
  const onEvent = (event: QueueEvent) => {
    if (event.type === 'ticket-queued') health.registry.recordTicketQueued(event.upstream, event.communeCode);
    if (event.type.endsWith('-error')) queueLog.error({ event }, event.type);
    else queueLog.info({ event }, event.type);
  };
  const isOpen = (upstream: UpstreamName, operation: string) => {
    const pipeline = upstreamCallers.pipelines[upstream];
    return pipeline.breaker.snapshot()[pipeline.groupOf(operation)]?.state === 'open';
  };
  const retry: RetryPolicy = { backoff: settings.backoff, maxAttempts: settings.maxAttempts, notAttemptedDelayMs: 1_000 };
  const perform = createPerformer({ adapters, callers: upstreamCallers.callers, sentCallGraceMs: settings.sentCallGraceMs, now });
  const isolate = newId();
  const queued = new Set<UpstreamName>();
  const operationOf = (upstream: UpstreamName) => OPERATION_OF[VERIFICATION_TYPES.find((type) => UPSTREAM_OF[type] === upstream)!];
  // Made per invocation, never kept: workerd forbids awaiting in one request what another request created (a
  // drainer's jobs, waits and prefetched leases), so each cron or waitUntil drains with a drainer of its own.
  const drainerFor = (upstream: UpstreamName): Drainer => createDrainer({
    upstream, store: tickets, perform, isOpen: () => isOpen(upstream, operationOf(upstream)),
    ratePerSecond: settings.drain[UPSTREAM_KEY[upstream]].ratePerSecond, concurrency: settings.drain[UPSTREAM_KEY[upstream]].concurrency,
    leaseMs: settings.leaseMs, callTimeoutMs: upstreamCallers.callers[upstream].deadlineMs(operationOf(upstream)),
    sentCallGraceMs: settings.sentCallGraceMs, retry, owner: `drainer:${upstream}:${isolate}:${newId()}`, now, sleep, random: Math.random, newId, onEvent,
  });
  const service = createVerificationService({
    store: tickets, perform, isOpen, syncBudgetMs: settings.syncBudgetMs, sentCallGraceMs: settings.sentCallGraceMs, retry,
    maxOpenTicketsPerClient: settings.maxOpenTicketsPerClient, retention: settings.retention,
    expiresAt: (createdAt) => ticketExpiresAt(createdAt, settings.expiry),
    onQueued: (upstream) => queued.add(upstream),
    now, newId, random: Math.random, onEvent,
  });
  const webhookSecrets = new Map(config.clients.flatMap((client, index) =>
    client.webhookSecret === undefined ? [] : [[client.name, secret(client.webhookSecret, `clients.${index}.webhookSecret`)] as const]));
  const deliveryWorker = () => createDeliveryWorker({
    store: tickets, fetch: (input, init) => platformFetch(input, init), secretFor: (client) => webhookSecrets.get(client),
    owner: `delivery:${isolate}:${newId()}`, concurrency: settings.delivery.concurrency, timeoutMs: settings.delivery.timeoutMs, now, sleep, random: Math.random, onEvent,
  });
  const purgeWorker = () => createPurgeWorker({ store: tickets, policy: settings.retention, intervalMs: settings.retention.purgeIntervalMinutes * 60_000, now, sleep, onEvent });
  const monitor = createHealthMonitor({
    registry: health.registry, adapters, checks: probeChecks(config.health, { communeCode: config.clients[0]?.communes[0] }, (message) => healthLog.warn({}, message)),
    now, newId, evaluateEveryMs: config.health.judgement.evaluateEveryMs,
  });

  const services: Services = {
    adapters, upstreams: upstreamCallers.callers, clients: apiClients(config), logger, now, newId,
    maxRequestTimeoutMs: config.server.maxRequestTimeoutMs, maxBodyBytes: config.server.maxBodyBytes,
    verifications: service, health: health.service, rateLimits: createMemoryRateLimitStore(), adminUnits, unitSchemes,
  };
  // Incidents a previous isolate left open: judgement must see them, or it would take them for ended.
  await health.registry.restore();
  const app = createApp(services, { docsAssets: bundledDocsAssets });

  return {
    config, logger,
    fetch: async (request) => app.fetch(request),
    takeQueued() {
      const upstreams = [...queued];
      queued.clear();
      return upstreams;
    },
    async drain(upstream, budgetMs) {
      const drainer = drainerFor(upstream);
      const until = now() + budgetMs;
      while (now() < until && !isOpen(upstream, operationOf(upstream))) {
        if ((await tickets.candidates(upstream, now(), 1)).length === 0) break;
        const waitMs = await drainer.tick();
        await drainer.settle();
        if (waitMs > 0) await sleep(Math.min(waitMs, Math.max(0, until - now())), AbortSignal.timeout(budgetMs));
      }
    },
    async probe() {
      await monitor.probeNow();
    },
    async deliver() {
      const delivery = deliveryWorker();
      await delivery.tick();
      await delivery.settle();
    },
    async purge() {
      await purgeWorker().tick();
    },
  };
}

/** The configured clients (keys kept in D1 with `npm run keys` are not read on Workers yet). */
function apiClients(config: Config): ApiClient[] {
  return config.clients.map((client) => ({
    name: client.name,
    keySha256: client.keySha256,
    communes: client.communes,
    landCommunes: client.landCommunes === 'own' ? client.communes : client.landCommunes,
    mayReadReligion: client.scopes.includes('religion'),
    callbackUrlPrefixes: client.callbackUrlPrefixes,
    rateLimit: rateLimitPolicy(client.rateLimit ?? config.rateLimits.default),
  }));
}
