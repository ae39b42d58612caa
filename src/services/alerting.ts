// Builds outage alerting once: the alert store, the maintenance schedule, the channels (the platform sends mail
// and makes HTTP calls), the rule engine's service fed by health, the outbox deliverer, the ticket tally and the
// daily summary timer; starts and stops them.
import { createChannels, type ChannelDependencies } from '../alerts/channels/create-channels.ts';
import { createDailySummaryScheduler, type DailySummaryScheduler } from '../alerts/daily-summary.ts';
import { AlertDeliveryError, type AlertChannel } from '../alerts/channels/channel.ts';
import { createAlertDeliveryWorker, type AlertDeliveryEvent, type AlertDeliveryWorker } from '../alerts/delivery.ts';
import { createFigureCollector, type QueueFigures } from '../alerts/figures.ts';
import { createMaintenanceSchedule, type MaintenanceSchedule } from '../alerts/maintenance.ts';
import { channelRoutes, createAlerting, type Alerting } from '../alerts/service.ts';
import type { AlertStore } from '../alerts/store.ts';
import { createTicketTally, type TicketEvent } from '../alerts/ticket-tally.ts';
import { resolveSecret } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { Logger } from '../gateway/services.ts';
import type { AdminService } from '../gateway/routes/admin.ts';
import type { Timers } from '../health/monitor.ts';
import type { HealthRegistry } from '../health/registry.ts';
import { configuredMaintenance } from '../health/setup.ts';
import type { HealthStore } from '../health/store.ts';
import { createUpstreamSet, type UpstreamSet } from '../upstreams/upstream-set.ts';
import { sleep } from '../resilience/sleep.ts';

export interface AlertingRuntimeOptions {
  config: Config;
  configFile: string;
  env: Record<string, string | undefined>;
  /** The alert store (outbox, engine state, maintenance windows, ticket counts): SQLite or PostgreSQL. */
  store: AlertStore;
  logger: Logger;
  now: () => number;
  newId: () => string;
  timers?: Timers;
  /** The upstreams watched; the built-in three of `config` by default. */
  upstreams?: UpstreamSet;
  /** The platform's mail transport for email channels (SMTP on Node), given the channel and its resolved password. */
  sendMailFor: ChannelDependencies['sendMailFor'];
  /** The platform's fetch for webhook and Telegram channels; the global fetch by default. */
  fetch?: ChannelDependencies['fetch'];
  /**
   * No loops: a term evaluates once when it starts, then only when `step` is called (workerd: from the cron),
   * which also runs one round of deliveries and adds the ticket counts to the store. No daily summary. Default false.
   */
  stepped?: boolean;
}

/** What alerting reads once health and the queue exist. */
export interface AlertingSources {
  registry: Pick<HealthRegistry, 'snapshot' | 'subscribe'>;
  healthStore: Pick<HealthStore, 'listIncidents'>;
  queueStats: (upstream: UpstreamName) => Promise<QueueFigures | undefined>;
}

export interface AlertingRuntime {
  store: AlertStore;
  /** Configured and admin-created windows; health reads `maintenance.windows`. */
  maintenance: MaintenanceSchedule;
  /** The admin routes' service; undefined without `alerts.adminKeySha256`. */
  admin: AdminService | undefined;
  /** The rule engine, deliverer and daily summary of the running term; undefined while this instance does not lead. */
  running(): { alerting: Alerting; delivery: AlertDeliveryWorker; daily: DailySummaryScheduler | undefined } | undefined;
  /** The running term's parts (tests, a single instance); throw while this instance does not lead. */
  readonly alerting: Alerting;
  readonly delivery: AlertDeliveryWorker;
  readonly daily: DailySummaryScheduler | undefined;
  /** Queue events, counted for the daily summary. */
  onQueueEvent(event: TicketEvent): void;
  /**
   * Subscribes to health (before health starts, so no event is missed) and starts every loop, for one leadership
   * term: each send first checks `fence` (a paused old leader sends nothing after losing the lease). May be called
   * again after stop() for a later term; the loops are built anew.
   */
  start(sources: AlertingSources, fence?: () => Promise<boolean>): Promise<void>;
  /** Stops the term's loops and waits for sends in flight; call before the database closes. */
  stop(): Promise<void>;
  /** Adds the day's ticket counts kept in memory to the store (stepped mode: after each request). */
  flushCounts(): Promise<void>;
  /** Stepped mode: the rules on the current figures, one round of deliveries, the ticket counts written. */
  step(): Promise<void>;
  /** Flushes the ticket tally (kept on every instance: counts add up in the shared store). */
  close(): Promise<void>;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
/** Stepped mode's timers: the rule engine's and the tally's next beat is never set; `step` does their work. */
const noTimers: Timers = { setTimeout: () => undefined, clearTimeout: () => undefined };


export function createAlertingRuntime(options: AlertingRuntimeOptions): AlertingRuntime {
  const { config, now } = options;
  const settings = config.alerts;
  const stepped = options.stepped === true;
  const timers = stepped ? noTimers : options.timers ?? realTimers;
  const upstreams = options.upstreams ?? createUpstreamSet(config);
  const log = options.logger.child({ component: 'alerts' });
  const onError = (error: unknown, what: string) => log.error({ err: error }, `alerts: ${what} failed`);
  const store = options.store;
  const maintenance = createMaintenanceSchedule({ configured: configuredMaintenance(config.health), store, now, newId: options.newId });
  const channels = createChannels(settings, {
    fetch: options.fetch ?? fetch,
    now,
    secret: (ref, key) => resolveSecret(ref, options.env, key, options.configFile),
    sendMailFor: options.sendMailFor,
  });
  const tally = createTicketTally({ store, timers, onError });
  function buildTerm(fence: () => Promise<boolean>) {
    const delivery = createAlertDeliveryWorker({
      store, channels: fenced(channels, fence), owner: `alerts:${options.newId()}`, now, sleep, random: Math.random, ...settings.delivery,
      onEvent: (event: AlertDeliveryEvent) => {
        if (event.type === 'worker-error') log.error({ event }, 'alert delivery error');
        else if (event.type === 'abandoned') log.error({ event }, 'alert abandoned');
        else if (event.type === 'retry') log.warn({ event }, 'alert delivery failed, will retry');
        else log.info({ event }, 'alert delivered');
      },
    });
    const collect = createFigureCollector({
      snapshot: () => sources!.registry.snapshot(),
      queue: (upstream) => sources!.queueStats(upstream),
      drainRatePerSecond: (upstream) => upstreams.drain(upstream).ratePerSecond,
    });
    const alerting = createAlerting({
      rules: settings.rules,
      upstreams: upstreams.names,
      channels: channelRoutes(settings),
      store,
      maintenance: maintenance.windows,
      figures: () => (sources ? collect() : Promise.resolve([])),
      now,
      timers,
      evaluateEveryMs: settings.evaluateEveryMs,
      onError,
      onQueued: (alerts) => {
        for (const alert of alerts) {
          log.info({ alert: { id: alert.id, rule: alert.rule, phase: alert.phase, upstream: alert.upstream, severity: alert.severity, channels: alert.channels } }, 'alert queued');
        }
        delivery.wake();
      },
    });
    const summaryChannels = settings.channels.filter((channel) => channel.dailySummary).map((channel) => channel.name);
    const daily = settings.dailySummary.enabled && !stepped
      ? createDailySummaryScheduler({
        at: settings.dailySummary.at,
        channels: summaryChannels,
        store,
        now,
        timers,
        onError,
        onQueued: () => delivery.wake(),
        figures: {
          incidents: (fromMs, toMs) => sources!.healthStore.listIncidents({ fromMs, toMs: toMs - 1 }),
          tickets: (fromMs) => tally.counts(fromMs),
          waiting: async () => Promise.all(upstreams.names.map(async (upstream) => {
            const stats = await sources!.queueStats(upstream);
            return { upstream, depth: stats ? stats.queued + stats.inProgress : 0, oldestTicketAt: stats?.oldestQueuedAt ?? null };
          })),
        },
      })
      : undefined;
    return { alerting, delivery, daily };
  }
  let sources: AlertingSources | undefined;
  let term: ReturnType<typeof buildTerm> | undefined;
  let unsubscribe: (() => void) | undefined;
  const leading = () => {
    if (!term) throw new Error('alerting runs on the leader only, and this instance does not lead now');
    return term;
  };
  if (!stepped) tally.start(); // on every instance: the day's counts add up in the shared store
  const admin = settings.adminKeySha256 ? { keySha256: settings.adminKeySha256, maintenance } : undefined;

  return {
    store,
    maintenance,
    admin,
    running: () => term,
    get alerting() { return leading().alerting; },
    get delivery() { return leading().delivery; },
    get daily() { return leading().daily; },
    onQueueEvent: (event) => tally.record(event),
    async start(given, fence = async () => true) {
      sources = given;
      await maintenance.load();
      term = buildTerm(fence);
      const { alerting, delivery, daily } = term;
      unsubscribe = given.registry.subscribe((event) => alerting.onHealthEvent(event));
      await alerting.start();
      if (!stepped) delivery.start();
      daily?.start();
      log.info({ channels: channels.map((channel) => channel.name), dailySummary: daily ? settings.dailySummary.at : null }, 'alerting started');
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      const ending = term;
      term = undefined;
      if (!ending) return;
      ending.daily?.stop();
      await ending.alerting.stop();
      await ending.delivery.stop();
    },
    flushCounts: () => tally.flush(),
    async step() {
      await tally.flush();
      if (!term) return;
      await term.alerting.evaluate();
      await term.alerting.idle();
      await term.delivery.tick();
      await term.delivery.settle();
    },
    async close() {
      await tally.stop();
    },
  };
}

/** Each send asks the fence first: once another instance leads, this one's sends fail (retryable) and stop. */
function fenced(channels: readonly AlertChannel[], fence: () => Promise<boolean>): AlertChannel[] {
  return channels.map((channel) => ({
    name: channel.name,
    async send(message, signal) {
      if (!(await fence())) throw new AlertDeliveryError(channel.name, 'this instance no longer leads: the alert is left to the leader', { retryable: true });
      await channel.send(message, signal);
    },
  }));
}
