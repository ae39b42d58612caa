// What a runtime hands createServices: the platform's pieces and nothing else (clock, ids, timers, HTTP transport,
// opened stores, logger, tracer, mail, audit keys, the metrics renderer, the unit catalogue). The Node entry fills
// it from undici, node:sqlite or pg, pino, nodemailer, prom-client and node:crypto; a test or another runtime can
// fill it with its own.
import type { Tracer } from '@opentelemetry/api';
import type { FetchLike } from '../adapters/contract.ts';
import type { ChannelDependencies } from '../alerts/channels/create-channels.ts';
import type { AlertStore } from '../alerts/store.ts';
import type { AuditLogStore } from '../audit/store.ts';
import type { ClusterStore } from '../cluster/store.ts';
import type { AdminUnitCatalogue } from '../domain/admin-units.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { Logger } from '../gateway/services.ts';
import type { Timers } from '../health/monitor.ts';
import type { HealthSnapshot } from '../health/snapshot.ts';
import type { HealthStore } from '../health/store.ts';
import type { ClientKeyStore } from '../keys/store.ts';
import type { TicketStore } from '../queue/store.ts';
import type { PipelineSnapshot } from '../resilience/index.ts';
import type { Sleep } from '../resilience/sleep.ts';
import type { AuditKeys } from './audit-log.ts';
import type { CallRecord } from './upstream-callers.ts';

/** The opened stores (SQLite, PostgreSQL, D1 or memory). Their owner closes them after the services. */
export interface ServiceStores {
  tickets: TicketStore;
  health: HealthStore;
  alerts: AlertStore;
  audit: AuditLogStore;
  clientKeys: ClientKeyStore;
  /** Leader lease, shared health snapshot, drain buckets; `kind: 'postgres'` shares the drain rate too. */
  cluster: ClusterStore;
  /** `postgres`: shared by every instance on the database; `sqlite`: this instance's own file. */
  kind: 'postgres' | 'sqlite';
  /** The leader lease time, ms. */
  leaseMs: number;
}

/** What /metrics is rendered from, read at scrape time. */
export interface MetricsSources {
  pipelines: () => Record<UpstreamName, { snapshot(): PipelineSnapshot }>;
  health: () => HealthSnapshot;
  now: () => number;
  upstreams: readonly UpstreamName[];
}

/** The platform's metrics: counts each call (cheap, every call) and renders the Prometheus text. */
export interface MetricsSink {
  record(record: CallRecord): void;
  render(): Promise<string>;
}

/** One upstream's transport as the platform builds it (on Node, an undici pool of `connections`). */
export interface TransportRequest {
  upstream: UpstreamName;
  baseUrl: string;
  connections: number;
}

export interface Platform {
  /** Where the configuration came from, for messages. */
  configSource: string;
  /** Secrets named by the configuration (`{ env: NAME }`) are read here, and nowhere else. */
  env: Record<string, string | undefined>;
  /** Epoch ms. */
  now: () => number;
  newId: () => string;
  random: () => number;
  timers: Timers;
  sleep: Sleep;
  /** The fetch of one upstream's pool; called once per upstream while the services are built. */
  fetchFor(transport: TransportRequest): FetchLike;
  /** Outbound calls that are not an upstream's (callbacks, alert webhooks, Telegram). */
  fetch: typeof fetch;
  /** Email channels' transport. */
  sendMailFor: ChannelDependencies['sendMailFor'];
  stores: ServiceStores;
  logger: Logger;
  /** Spans per request and call when telemetry is on. */
  tracer?: Tracer | undefined;
  auditKeys: AuditKeys;
  /** /metrics; absent = no /metrics route. */
  metrics?: ((sources: MetricsSources) => MetricsSink) | undefined;
  adminUnits: AdminUnitCatalogue;
  /**
   * I/O belongs to the request (or cron event) that began it, as on workerd: no loop, poll or flush timer runs
   * between invocations (the runtime calls `ComposedGateway.steps` from its cron and, after a request, through
   * waitUntil), and no upstream call is shared between requests (the one that started it may end and cancel it).
   * Default false (Node: loops on `timers`).
   */
  requestBoundIo?: boolean | undefined;
}
