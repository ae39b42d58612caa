// Builds the durable verification queue once on the opened ticket store (src/runtime/stores.ts): the
// service behind POST /v1/verifications, one drainer per upstream and the callback deliverer; starts and stops them.
// Queue events go out on the gateway's bus; a breaker that stops being open (heard on the bus) wakes its drainer.
import { ConfigError, resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createUpstreamSet, type UpstreamSet } from '../upstreams/upstream-set.ts';
import type { Adapters } from '../adapters/contract.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { Logger, UpstreamCaller } from '../gateway/services.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../queue/delivery.ts';
import { createDrainer, type Drainer } from '../queue/drainer.ts';
import { createPurgeWorker } from '../queue/purge.ts';
import type { QueueEvent } from '../queue/events.ts';
import { ticketExpiresAt } from '../queue/expiry.ts';
import type { RetryPolicy } from '../queue/outcome.ts';
import { createPerformer } from '../queue/perform.ts';
import { createVerificationService, type VerificationService } from '../queue/service.ts';
import type { TicketStore } from '../queue/store.ts';
import { secretBytes } from '../queue/webhook-signature.ts';
import type { UpstreamPipeline } from '../resilience/index.ts';
import { sleep } from '../resilience/sleep.ts';
import type { ClusterStore } from '../cluster/store.ts';
import { createSharedTokenBucket } from '../cluster/shared-bucket.ts';
import { createSharedDrainSlots } from '../cluster/shared-slots.ts';
import type { Worker } from '../queue/worker-loop.ts';
import type { EventBus } from './events.ts';

export interface VerificationQueueOptions {
  config: Config;
  configFile: string;
  env: Record<string, string | undefined>;
  adapters: Adapters;
  /** The upstreams drained (one drainer each); the built-in three of `config` by default. */
  upstreams?: UpstreamSet;
  /** Adapters of upstreams registered at start, by name. */
  registeredAdapters?: Partial<Record<UpstreamName, unknown>>;
  callers: Record<UpstreamName, UpstreamCaller>;
  pipelines: Record<UpstreamName, UpstreamPipeline>;
  logger: Logger;
  now: () => number;
  newId: () => string;
  /**
   * Receives every queue event (`queue-event`, and `ticket-queued`); events carry ids and codes, never personal
   * data. Its `breaker-state` events wake the drainers.
   */
  events: EventBus;
  /** Callback deliveries go out through it; the global fetch by default. */
  fetch?: typeof fetch;
  /** The opened ticket store (SQLite or PostgreSQL); closed with the queue. */
  store: TicketStore;
  /** With several instances: the drain rate is taken from its shared buckets, so the cap holds for the province. */
  cluster?: Pick<ClusterStore, 'takeTokens' | 'acquireSlots' | 'releaseSlots'> | undefined;
  /**
   * No loops (workerd, where I/O belongs to the request that began it): nothing is started; each of `steps` makes
   * its own drainer or deliverer, runs it to the end and leaves nothing behind. Default false.
   */
  stepped?: boolean;
}

/** The queue's work one invocation at a time (stepped mode; usable in looping mode too, beside the loops). */
export interface QueueSteps {
  /** Upstreams a request queued a ticket for since the last call (their drain runs after the answer). */
  takeQueued(): UpstreamName[];
  /** Drains an upstream's due tickets until none is due, its breaker is open or `budgetMs` is spent. */
  drain(upstream: UpstreamName, budgetMs: number): Promise<void>;
  /** Due callbacks, once each. */
  deliver(): Promise<void>;
  /** Retention: reduces and deletes ended tickets. */
  purge(): Promise<void>;
}

export interface VerificationQueue {
  service: VerificationService;
  store: TicketStore;
  drainers: Record<UpstreamName, Drainer>;
  delivery: DeliveryWorker;
  /** Starts the purge worker for one leadership term (the purge runs on the leader only); returns it to stop. */
  startPurge(): Worker;
  steps: QueueSteps;
  /**
   * Stops claiming, lets replays, deliveries and attempts that outlived their 202 finish (the latter within
   * `graceMs`, default 10 s, then their tickets go back to the queue), closes the store.
   */
  close(graceMs?: number): Promise<void>;
}

export async function startVerificationQueue(options: VerificationQueueOptions): Promise<VerificationQueue> {
  const { config, configFile, env, now, newId } = options;
  const settings = config.queue;
  const log = options.logger.child({ component: 'queue' });
  // Events carry ids and codes only (never a subject, result or callback body), so they may be logged as is.
  const onEvent = (event: QueueEvent) => {
    options.events.emit('queue-event', event);
    if (event.type === 'ticket-queued') options.events.emit('ticket-queued', event);
    if (event.type === 'drainer-error' || event.type === 'delivery-error' || event.type === 'completion-error' || event.type === 'purge-error') log.error({ event }, event.type);
    else log.info({ event }, event.type);
  };
  const store = options.store;

  const isOpen = (upstream: UpstreamName, operation: string) => {
    const pipeline = options.pipelines[upstream];
    return pipeline.breaker.snapshot()[pipeline.groupOf(operation)]?.state === 'open';
  };
  const retry: RetryPolicy = { backoff: settings.backoff, maxAttempts: settings.maxAttempts, notAttemptedDelayMs: 1_000 };
  const sentCallGraceMs = settings.sentCallGraceMs;
  const upstreams = options.upstreams ?? createUpstreamSet(config);
  const perform = createPerformer({
    adapters: options.adapters, callers: options.callers, sentCallGraceMs, now,
    registered: (upstream) => {
      const definition = upstreams.registered(upstream);
      const adapter = options.registeredAdapters?.[upstream];
      return definition && { operation: definition.verification.operation, verify: (subject, context) => definition.verify(adapter, subject, context) };
    },
  });
  const instance = newId();
  const operationOf = (upstream: UpstreamName) => upstreams.verificationOperation(upstream);
  for (const upstream of upstreams.names) {
    const operation = operationOf(upstream);
    const callTimeoutMs = options.callers[upstream].deadlineMs(operation);
    if (settings.leaseMs < callTimeoutMs + sentCallGraceMs + 1_000) {
      // A lease lapsing mid-call would let another worker replay the ticket while the first call still runs.
      throw new ConfigError(configFile, [
        `queue.leaseMs: ${settings.leaseMs} ms must exceed the ${upstream} ${operation} deadline (${callTimeoutMs} ms) plus queue.sentCallGraceMs (${sentCallGraceMs} ms) by at least 1000 ms`,
      ]);
    }
  }
  const drainerFor = (upstream: UpstreamName, owner: string): Drainer => {
    const drain = upstreams.drain(upstream);
    const operation = operationOf(upstream);
    return createDrainer({
      upstream, store, perform, isOpen: () => isOpen(upstream, operation),
      ratePerSecond: drain.ratePerSecond,
      bucket: options.cluster && createSharedTokenBucket({
        store: options.cluster, name: `drain:${upstream}`, ratePerSecond: drain.ratePerSecond, now,
        onError: (error) => log.warn({ err: error, upstream }, 'drain bucket not reachable; retrying'),
      }),
      concurrency: drain.concurrency,
      // The concurrency holds for the province: slots in the cluster store, lapsing with the ticket lease if not given back.
      slots: options.cluster && createSharedDrainSlots({
        store: options.cluster, name: `drain:${upstream}`, holder: owner, limit: drain.concurrency, leaseMs: settings.leaseMs,
        onError: (error) => log.warn({ err: error, upstream }, 'drain slot not given back; it lapses with its lease'),
      }),
      leaseMs: settings.leaseMs, callTimeoutMs: options.callers[upstream].deadlineMs(operation), sentCallGraceMs, retry,
      pollIntervalMs: settings.pollIntervalMs, owner,
      now, sleep, random: Math.random, newId, onEvent,
    });
  };
  // Looping mode's drainers, one per upstream for the life of the queue (built but never started when stepped).
  const drainers = Object.fromEntries(upstreams.names.map((upstream) =>
    [upstream, drainerFor(upstream, `drainer:${upstream}:${instance}`)])) as Record<UpstreamName, Drainer>;
  const queued = new Set<UpstreamName>();
  const service = createVerificationService({
    store, perform, isOpen, syncBudgetMs: settings.syncBudgetMs, sentCallGraceMs, retry, maxOpenTicketsPerClient: settings.maxOpenTicketsPerClient,
    retention: settings.retention,
    expiresAt: (createdAt) => ticketExpiresAt(createdAt, settings.expiry),
    onQueued: (upstream) => {
      if (options.stepped) queued.add(upstream);
      else drainers[upstream].wake();
    },
    now, newId, random: Math.random, onEvent,
  });
  const secrets = webhookSecrets(config, env, configFile);
  const deliveryWorker = (owner: string) => createDeliveryWorker({
    store, fetch: (input, init) => (options.fetch ?? fetch)(input, init), secretFor: (client) => secrets.get(client), owner,
    concurrency: settings.delivery.concurrency, timeoutMs: settings.delivery.timeoutMs, pollIntervalMs: settings.pollIntervalMs,
    now, sleep, random: Math.random, onEvent,
  });
  const delivery = deliveryWorker(`delivery:${instance}`);
  const purgeWorker = () => createPurgeWorker({
    store, policy: settings.retention, intervalMs: settings.retention.purgeIntervalMinutes * 60_000, now, sleep, onEvent,
  });
  let purge: Worker | undefined;
  const startPurge = () => {
    // Its first run is now: a store left alone for weeks is brought up to date when a term begins.
    purge = purgeWorker();
    purge.start();
    return purge;
  };
  // Each step makes its worker and runs it to the end: on workerd a drainer's jobs, waits and prefetched leases
  // may not be awaited by a later invocation ('Cannot perform I/O on behalf of a different request').
  const steps: QueueSteps = {
    takeQueued() {
      const taken = [...queued];
      queued.clear();
      return taken;
    },
    async drain(upstream, budgetMs) {
      const drainer = drainerFor(upstream, `drainer:${upstream}:${instance}:${newId()}`);
      const operation = operationOf(upstream);
      const until = now() + budgetMs;
      const budget = AbortSignal.timeout(budgetMs);
      try {
        while (now() < until && !isOpen(upstream, operation)) {
          if ((await store.candidates(upstream, now(), 1)).length === 0) break;
          const waitMs = await drainer.tick();
          await drainer.settle();
          if (waitMs > 0) await sleep(Math.min(waitMs, Math.max(0, until - now())), budget).catch(() => undefined);
        }
      } finally {
        // Tickets it prefetched and did not start go back now, not when their lease lapses.
        await drainer.stop();
      }
    },
    async deliver() {
      const once = deliveryWorker(`delivery:${instance}:${newId()}`);
      await once.tick();
      await once.settle();
    },
    async purge() {
      await purgeWorker().tick();
    },
  };
  // A breaker that stops being open wakes that upstream's drainer at once instead of at its next poll.
  const unsubscribe = options.events.on('breaker-state', (event) => {
    if (event.state !== 'open') drainers[event.upstream]?.wake();
  });
  if (!options.stepped) {
    for (const drainer of Object.values(drainers)) drainer.start();
    delivery.start();
  }
  log.info({ sharedDrainRate: options.cluster !== undefined, stepped: options.stepped === true }, 'verification queue started');

  return {
    service, store, drainers, delivery, startPurge, steps,
    async close(graceMs = 10_000) {
      unsubscribe();
      await Promise.all([...Object.values(drainers).map((drainer) => drainer.stop()), delivery.stop(), purge?.stop(), service.close(graceMs)]);
      await store.close();
    },
  };
}

/** Each client's resolved `whsec_` secret, checked at start so a typo fails the start, not the first callback. */
function webhookSecrets(config: Config, env: Record<string, string | undefined>, configFile: string): Map<string, string> {
  const secrets = new Map<string, string>();
  config.clients.forEach((client, index) => {
    if (client.webhookSecret === undefined) return;
    const key = `clients.${index}.webhookSecret`;
    const value = resolveSecret(client.webhookSecret, env, key, configFile);
    let bytes = 0;
    try {
      bytes = value.startsWith('whsec_') ? secretBytes(value).length : 0;
    } catch {
      bytes = 0;
    }
    if (bytes < 24) throw new ConfigError(configFile, [`${key}: must be "whsec_" followed by at least 24 bytes in base64`]);
    secrets.set(client.name, value);
  });
  return secrets;
}
