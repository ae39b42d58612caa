// Builds outage alerting once: the alert store (in the gateway's SQLite file), the maintenance schedule, the
// channels (nodemailer for email), the rule engine's service fed by health, the outbox deliverer, the ticket
// tally and the daily summary timer; starts and stops them.
import type { DatabaseSync } from 'node:sqlite';
import { createChannels } from '../alerts/channels/create-channels.ts';
import { createDailySummaryScheduler, type DailySummaryScheduler } from '../alerts/daily-summary.ts';
import { createAlertDeliveryWorker, type AlertDeliveryEvent, type AlertDeliveryWorker } from '../alerts/delivery.ts';
import { createFigureCollector, type QueueFigures } from '../alerts/figures.ts';
import { createMaintenanceSchedule, type MaintenanceSchedule } from '../alerts/maintenance.ts';
import { channelRoutes, createAlerting, type Alerting } from '../alerts/service.ts';
import type { AlertStore } from '../alerts/store.ts';
import { createTicketTally, type TicketEvent } from '../alerts/ticket-tally.ts';
import { resolveSecret } from '../config/load.ts';
import { UPSTREAM_KEY, type Config } from '../config/schema.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { Logger } from '../gateway/services.ts';
import type { AdminService } from '../gateway/routes/admin.ts';
import type { Timers } from '../health/monitor.ts';
import type { HealthRegistry } from '../health/registry.ts';
import { configuredMaintenance } from '../health/setup.ts';
import type { HealthStore } from '../health/store.ts';
import { UPSTREAMS } from '../health/types.ts';
import { sleep } from '../resilience/sleep.ts';
import { createSqliteAlertStore } from '../store/sqlite-alert-outbox.ts';
import { createSmtpSendMail } from './smtp.ts';

export interface AlertingRuntimeOptions {
  config: Config;
  configFile: string;
  env: Record<string, string | undefined>;
  /** The gateway's SQLite database (the health store's). */
  db: DatabaseSync;
  logger: Logger;
  now: () => number;
  newId: () => string;
  timers?: Timers;
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
  alerting: Alerting;
  delivery: AlertDeliveryWorker;
  daily: DailySummaryScheduler | undefined;
  /** Queue events, counted for the daily summary. */
  onQueueEvent(event: TicketEvent): void;
  /** Subscribes to health (before health starts, so no event is missed) and starts every loop. */
  start(sources: AlertingSources): Promise<void>;
  /** Stops the loops and waits for sends in flight; call before the database closes. */
  stop(): Promise<void>;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};


export function createAlertingRuntime(options: AlertingRuntimeOptions): AlertingRuntime {
  const { config, now } = options;
  const settings = config.alerts;
  const timers = options.timers ?? realTimers;
  const log = options.logger.child({ component: 'alerts' });
  const onError = (error: unknown, what: string) => log.error({ err: error }, `alerts: ${what} failed`);
  const store = createSqliteAlertStore(options.db);
  const maintenance = createMaintenanceSchedule({ configured: configuredMaintenance(config.health), store, now, newId: options.newId });
  const channels = createChannels(settings, {
    fetch,
    now,
    secret: (ref, key) => resolveSecret(ref, options.env, key, options.configFile),
    sendMailFor: (channel, password) => createSmtpSendMail(channel, password, { timeoutMs: settings.delivery.timeoutMs }),
  });
  const delivery = createAlertDeliveryWorker({
    store, channels, owner: `alerts:${options.newId()}`, now, sleep, random: Math.random, ...settings.delivery,
    onEvent: (event: AlertDeliveryEvent) => {
      if (event.type === 'worker-error') log.error({ event }, 'alert delivery error');
      else if (event.type === 'abandoned') log.error({ event }, 'alert abandoned');
      else if (event.type === 'retry') log.warn({ event }, 'alert delivery failed, will retry');
      else log.info({ event }, 'alert delivered');
    },
  });
  let sources: AlertingSources | undefined;
  const collect = createFigureCollector({
    snapshot: () => sources!.registry.snapshot(),
    queue: (upstream) => sources!.queueStats(upstream),
    drainRatePerSecond: (upstream) => config.queue.drain[UPSTREAM_KEY[upstream]].ratePerSecond,
  });
  const alerting = createAlerting({
    rules: settings.rules,
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
  const tally = createTicketTally({ store, timers, onError });
  const summaryChannels = settings.channels.filter((channel) => channel.dailySummary).map((channel) => channel.name);
  const daily = settings.dailySummary.enabled
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
        waiting: async () => Promise.all(UPSTREAMS.map(async (upstream) => {
          const stats = await sources!.queueStats(upstream);
          return { upstream, depth: stats ? stats.queued + stats.inProgress : 0, oldestTicketAt: stats?.oldestQueuedAt ?? null };
        })),
      },
    })
    : undefined;
  let unsubscribe: (() => void) | undefined;
  const admin = settings.adminKeySha256 ? { keySha256: settings.adminKeySha256, maintenance } : undefined;

  return {
    store,
    maintenance,
    admin,
    alerting,
    delivery,
    daily,
    onQueueEvent: (event) => tally.record(event),
    async start(given) {
      sources = given;
      await maintenance.load();
      unsubscribe = given.registry.subscribe((event) => alerting.onHealthEvent(event));
      await alerting.start();
      delivery.start();
      tally.start();
      daily?.start();
      log.info({ channels: channels.map((channel) => channel.name), dailySummary: daily ? settings.dailySummary.at : null }, 'alerting started');
    },
    async stop() {
      unsubscribe?.();
      daily?.stop();
      await alerting.stop();
      await tally.stop();
      await delivery.stop();
    },
  };
}
