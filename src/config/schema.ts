// The gateway's configuration, as one zod schema: every key a province sets, with its default and unit.
import { z } from 'zod';
import type { UpstreamName } from '../domain/errors.ts';
import { alertsConfigSchema } from '../alerts/config.ts';
import { HealthSchema } from './health.ts';
import { QueueSchema } from './queue.ts';
import { ResilienceSchema } from './resilience.ts';
import { TelemetrySchema } from './telemetry.ts';

/** A secret: written inline (demo only) or, in production, the name of an environment variable holding it. */
export const SecretSchema = z.union([
  z.string().min(1),
  z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }).strict(),
]);
export type SecretRef = z.infer<typeof SecretSchema>;

const urlSchema = z.url({ protocol: /^https?$/ });
const communeCode = z.string().regex(/^\d{5}$/, 'a 5-digit commune code');

/** Per-upstream pool and time limits. */
const upstreamCommon = {
  baseUrl: urlSchema,
  /** Keep-alive connections in this upstream's undici pool. */
  connections: z.number().int().min(1).max(1024).default(32),
  /** Default deadline of one call, in ms, including retries. */
  deadlineMs: z.number().int().min(50).max(60_000).default(3_000),
  /** Deadlines that differ per operation, in ms. */
  operationDeadlinesMs: z.record(z.string(), z.number().int().min(50).max(60_000)).default({}),
  /** Breaker, retry, bulkhead and cache settings; defaults in src/config/resilience.ts. */
  resilience: ResilienceSchema.optional(),
};

export const PopulationConfigSchema = z.object({
  ...upstreamCommon,
  clientId: z.string().min(1),
  clientSecret: SecretSchema,
}).strict();

export const CivilStatusConfigSchema = z.object({
  ...upstreamCommon,
  username: z.string().min(1),
  password: SecretSchema,
}).strict();

export const LandConfigSchema = z.object({
  ...upstreamCommon,
  username: z.string().min(1),
  password: SecretSchema,
}).strict();

export const ClientConfigSchema = z.object({
  /** Shown in logs and the audit trail, e.g. "UBND xã Sơn Thủy". */
  name: z.string().min(1),
  /** SHA-256 (hex) of the client's API key: the key itself is never stored. */
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters (sha256 of the API key)'),
  /** Communes this client may act for. */
  communes: z.array(communeCode).min(1),
  /** Extra data scopes; `religion` lets the client receive the sensitive `religion` field. */
  scopes: z.array(z.enum(['religion'])).default([]),
  /** Where this client's verification callbacks may go: same scheme, host, port, and a path under one of these. */
  callbackUrlPrefixes: z.array(urlSchema).default([]),
  /** Standard Webhooks secret (`whsec_<base64>`) signing this client's callbacks; required with callbackUrlPrefixes. */
  webhookSecret: SecretSchema.optional(),
}).strict().refine((client) => client.callbackUrlPrefixes.length === 0 || client.webhookSecret !== undefined, {
  message: 'webhookSecret is required when callbackUrlPrefixes are set',
  path: ['webhookSecret'],
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

export const ConfigSchema = z.object({
  server: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8080),
    /** Upper bound of `Request-Timeout` a client may ask for, and the deadline when it asks none, in ms. */
    maxRequestTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  }).strict().default({ host: '127.0.0.1', port: 8080, maxRequestTimeoutMs: 10_000 }),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).strict().default({ level: 'info' }),
  /** Start the bundled upstream simulators in-process and point the upstreams at them (demo and tests only). */
  simulators: z.object({
    enabled: z.boolean().default(false),
    /** A fixed API key accepted only while the simulators run, printed at start for the quick start. */
    demoApiKey: z.string().min(16).optional(),
  }).strict().default({ enabled: false }),
  upstreams: z.object({
    population: PopulationConfigSchema,
    civilStatus: CivilStatusConfigSchema,
    land: LandConfigSchema,
  }).strict(),
  clients: z.array(ClientConfigSchema).default([]),
  /** Probes, judgement and incident thresholds, maintenance windows; defaults in src/config/health.ts. */
  health: HealthSchema.prefault({}),
  /** The durable verification queue; defaults in src/config/queue.ts. */
  queue: QueueSchema.prefault({}),
  /** Outage alerts: rules, channels, reminders, daily summary, admin key; defaults in src/alerts/config.ts. */
  alerts: alertsConfigSchema(SecretSchema).prefault({}),
  /** OpenTelemetry tracing over OTLP/HTTP, off by default; see src/config/telemetry.ts. */
  telemetry: TelemetrySchema.prefault({}),
}).strict();

export type Config = z.infer<typeof ConfigSchema>;
export type UpstreamKey = keyof Config['upstreams'];

/** The config key of each upstream (the config is camelCase, upstream names are kebab-case). */
export const UPSTREAM_KEY = { population: 'population', 'civil-status': 'civilStatus', land: 'land' } as const satisfies Record<UpstreamName, UpstreamKey>;
