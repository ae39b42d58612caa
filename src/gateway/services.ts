// Everything the HTTP app needs, built once in src/runtime and handed to createApp(services).
import type { Tracer } from '@opentelemetry/api';
import type { Adapters } from '../adapters/contract.ts';
import type { AdminUnitCatalogue, UnitScheme } from '../domain/admin-units.ts';
import type { UpstreamName } from '../domain/errors.ts';
import type { HealthService } from '../health/service.ts';
import type { AuditSink } from './audit.ts';
import type { KeyDirectory } from './auth.ts';
import type { RateLimitPolicy, RateLimitStore } from '../resilience/rate-limit-bucket.ts';
import type { AdminService } from './routes/admin.ts';
import type { VerificationService } from '../queue/service.ts';
import type { CacheProbe as PipelineProbe, UpstreamCall as PipelineCall } from '../resilience/pipeline.ts';
import type { CallOutcome } from '../resilience/types.ts';

/** The pino-compatible subset the gateway logs through. */
export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  debug(object: object, message?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** An API client as the gateway sees it after configuration was loaded. */
export interface ApiClient {
  name: string;
  keySha256: string;
  communes: readonly string[];
  /** Communes whose land parcels the client may read and verify: `all`, or a list. Absent: its own `communes`. */
  landCommunes?: 'all' | readonly string[];
  /** May receive the sensitive `religion` field. */
  mayReadReligion: boolean;
  /** URL prefixes a verification's `callbackUrl` must start with; none = callbacks refused. */
  callbackUrlPrefixes?: readonly string[];
  /** The key's token bucket: a burst at once, then a rate (429 beyond); absent = not limited. */
  rateLimit?: RateLimitPolicy;
}

/** One call as the pipeline takes it (operation, key, signal, deadline, bypassCache), plus who asks. */
export interface UpstreamCall extends PipelineCall {
  /**
   * The commune the upstream answers for: the asking commune, or for a land parcel the parcel's commune (the land
   * system provisions communes by their parcels). Health says which communes an outage touched and which are not
   * provisioned by it, and a cached answer reaches it only if the upstream answered it recently. Absent for the
   * gateway's own calls (probes).
   */
  communeCode?: string;
}

/** What a synchronous cache lookup needs of a call: no signal or deadline, since it never waits. */
export interface CacheProbe extends PipelineProbe {
  communeCode?: string;
}

/** The single per-upstream seam every adapter operation is called through; policies live behind it. */
export interface UpstreamCaller {
  execute<T>(call: UpstreamCall, operation: (context: { signal: AbortSignal }) => Promise<T>): Promise<{ value: T; outcome: CallOutcome }>;
  /**
   * What `execute` would answer from a fresh cache entry, synchronously; undefined when the call must go to
   * `execute`. A remembered not-found is thrown. Optional: a caller without a cache need not offer it.
   */
  cached?<T>(call: CacheProbe): { value: T; outcome: CallOutcome } | undefined;
  /** Deadline of one operation, in ms, from configuration. */
  deadlineMs(operation: string): number;
}

export interface Services {
  adapters: Adapters;
  upstreams: Record<UpstreamName, UpstreamCaller>;
  clients: readonly ApiClient[];
  logger: Logger;
  /** Epoch ms. */
  now: () => number;
  /** New unique id (request ids, maYeuCau). */
  newId: () => string;
  /** Largest deadline a request may have, and the default, in ms. */
  maxRequestTimeoutMs: number;
  /** Largest request body accepted, in bytes (413 beyond); default 16 KiB (DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** The durable verification queue behind /v1/verifications; absent = those routes are not offered. */
  verifications?: VerificationService;
  /** Upstream health (registry snapshot, incidents, uptime, readiness); absent = /status and /v1/status are not offered. */
  health?: HealthService;
  /** Prometheus text (format 0.0.4) for /metrics, made by the runtime; absent = no /metrics route. */
  metrics?: () => string | Promise<string>;
  /** Makes the request spans when telemetry is on; absent = no spans. */
  tracer?: Tracer;
  /** The administrative-unit catalogue (2025 and legacy schemes); absent = no /v1/admin-units routes. */
  adminUnits?: AdminUnitCatalogue;
  /** Which unit scheme each upstream's commune codes are in (configuration); absent = legacy for all. */
  unitSchemes?: Record<UpstreamName, UnitScheme>;
  /** Admin calls (maintenance windows) behind the admin key; absent = no admin key configured, no admin routes. */
  admin?: AdminService;
  /** The hash-chained audit log every personal-data call is recorded in; absent = only the access-log line. */
  auditLog?: AuditSink;
  /** API keys kept in the store (`npm run keys`), beside `clients`; absent = configured keys only. */
  keyDirectory?: KeyDirectory;
  /** Counts each client's requests against its `rateLimit`; absent = no rate limit. */
  rateLimits?: RateLimitStore;
}
