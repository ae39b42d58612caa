// The gateway's configuration, as one zod schema: every key a province sets, with its default and unit.
import { z } from 'zod';
import { alertsConfigSchema } from '../alerts/config.ts';
import { AdminUnitsSchema } from './admin-units.ts';
import { AuditConfigSchema } from './audit.ts';
import { SecretSchema } from './secret.ts';
import { HealthSchema } from './health.ts';
import { KeysSchema } from './keys.ts';
import { QueueSchema } from './queue.ts';
import { RateLimitSchema, RateLimitsSchema } from './rate-limits.ts';
import { StoreSchema } from './store.ts';
import { ResilienceSchema } from './resilience.ts';
import { TelemetrySchema } from './telemetry.ts';

const urlSchema = z.url({ protocol: /^https?$/ });
const communeCode = z.string().regex(/^\d{5}$/, 'a 5-digit commune code');

/** Per-upstream pool and time limits (one schema object per key, so the reference lists each once). */
const upstreamCommon = {
  baseUrl: urlSchema.describe("The upstream's base URL; the paths of docs/upstreams.md are relative to it."),
  connections: z.number().int().min(1).max(1024).default(32).describe("Keep-alive connections in this upstream's pool."),
  deadlineMs: z.number().int().min(50).max(60_000).default(3_000).describe('Deadline of one call, retries included, ms.'),
  operationDeadlinesMs: z.record(z.string(), z.number().int().min(50).max(60_000)).default({})
    .describe('Deadlines that differ by operation, ms, e.g. `findParcel: 5000`.'),
  resilience: ResilienceSchema.optional()
    .describe("Breaker, retry, retry budget, bulkhead and cache of this upstream; each part absent takes the defaults below."),
  unitScheme: z.enum(['legacy', '2025']).default('legacy')
    .describe("Which administrative-unit codes the upstream speaks: the pre-2025 (`legacy`) list or the 2025 one; the gateway adds the other list's unit to every address it returns."),
};

export const PopulationConfigSchema = z.object({
  ...upstreamCommon,
  clientId: z.string().min(1).describe('OAuth2 client ID at the LGSP token endpoint.'),
  clientSecret: SecretSchema.describe('OAuth2 client secret.'),
}).strict();

const upstreamUsername = z.string().min(1).describe("The gateway's account on this upstream (civil status: session login; land: HTTP Basic).");
const upstreamPassword = SecretSchema.describe("That account's password.");

export const CivilStatusConfigSchema = z.object({
  ...upstreamCommon,
  username: upstreamUsername,
  password: upstreamPassword,
}).strict();

export const LandConfigSchema = z.object({
  ...upstreamCommon,
  username: upstreamUsername,
  password: upstreamPassword,
}).strict();

export const ClientConfigSchema = z.object({
  name: z.string().min(1).describe('Shown in logs and the audit trail, e.g. "UBND xã Bình Minh".'),
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters (sha256 of the API key)')
    .describe("SHA-256 (hex) of the client's API key (`printf %s \"$KEY\" | sha256sum`): the key itself is never stored."),
  communes: z.array(communeCode).min(1).describe('5-digit codes of the communes this client may act for.'),
  landCommunes: z.union([z.enum(['own', 'all']), z.array(communeCode).min(1)]).default('own')
    .describe('Communes whose land parcels this client may read and verify: `own` (its `communes`), `all` (every commune of the province this gateway serves, e.g. for the provincial land office), or a list of commune codes.'),
  scopes: z.array(z.enum(['religion'])).default([]).describe('Extra data scopes; `religion` lets the client receive the sensitive `religion` field.'),
  callbackUrlPrefixes: z.array(urlSchema).default([])
    .describe("Where this client's verification callbacks may go: same scheme, host, port, and a path under one of these."),
  webhookSecret: SecretSchema.optional()
    .describe("Standard Webhooks secret (`whsec_<base64>`) signing this client's callbacks; required with callbackUrlPrefixes."),
  rateLimit: RateLimitSchema.optional()
    .describe("This client's own allowance instead of `rateLimits.default` (e.g. a provincial system acting for many communes)."),
}).strict().refine((client) => client.callbackUrlPrefixes.length === 0 || client.webhookSecret !== undefined, {
  message: 'webhookSecret is required when callbackUrlPrefixes are set',
  path: ['webhookSecret'],
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

export const ConfigSchema = z.object({
  server: z.object({
    host: z.string().default('127.0.0.1').describe('The address the API listens on.'),
    port: z.number().int().min(0).max(65_535).default(8080).describe('The port the API listens on; the `PORT` variable overrides it.'),
    maxRequestTimeoutMs: z.number().int().min(100).max(60_000).default(10_000)
      .describe('Upper bound of the `Request-Timeout` a client may ask for, and the deadline when it asks none, ms.'),
    shutdownGraceMs: z.number().int().min(0).max(120_000).default(10_000)
      .describe('On SIGTERM/SIGINT: how long requests and verifications in flight may take to finish, ms; then connections are cut and those tickets go back to the queue.'),
    maxBodyBytes: z.number().int().min(1_024).max(1_048_576).default(16_384)
      .describe('Largest request body accepted, bytes: larger ones are answered 413 before they are read.'),
    headersTimeoutMs: z.number().int().min(100).max(300_000).default(10_000)
      .describe("Time a client has to send a request's headers, ms; then 408 and the connection is closed (slow clients). At most requestTimeoutMs."),
    requestTimeoutMs: z.number().int().min(100).max(300_000).default(30_000)
      .describe('Time a client has to send a whole request, headers and body, ms. Not the time the gateway takes to answer.'),
    keepAliveTimeoutMs: z.number().int().min(100).max(300_000).default(5_000)
      .describe("How long an idle keep-alive connection is kept, ms; keep it above a reverse proxy's upstream keepalive_timeout."),
    maxConnections: z.number().int().min(0).max(1_000_000).default(1_024)
      .describe('Open connections at most; one more is closed as soon as it is accepted. 0 = no cap (the file-descriptor limit).'),
    maxRequestsPerSocket: z.number().int().min(0).max(1_000_000).default(10_000)
      .describe('Requests served on one keep-alive connection before the gateway closes it. 0 = no limit.'),
  }).strict().refine((server) => server.headersTimeoutMs <= server.requestTimeoutMs, {
    message: 'must not exceed requestTimeoutMs (the headers are part of the request)',
    path: ['headersTimeoutMs'],
  }).prefault({}).describe('The HTTP server: address, request limits, slow clients, shutdown.'),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
      .describe('pino level of the JSON logs on stdout (personal data redacted).'),
  }).strict().default({ level: 'info' }).describe('Logging.'),
  simulators: z.object({
    enabled: z.boolean().default(false).describe('Start the simulators and point every upstream at them.'),
    demoApiKey: z.string().min(16).optional()
      .describe('A fixed API key accepted only while the simulators run, printed at start for the quick start.'),
  }).strict().default({ enabled: false })
    .describe('Start the bundled upstream simulators in-process and point the upstreams at them (demo and tests only).'),
  upstreams: z.object({
    population: PopulationConfigSchema.describe('The population database via the provincial LGSP: JSON, OAuth2 client credentials.'),
    civilStatus: CivilStatusConfigSchema.describe('The civil-status registry: JSON, session login.'),
    land: LandConfigSchema.describe('The land information system: SOAP 1.1, HTTP Basic.'),
  }).strict().describe('The three national systems: where they are, how the gateway logs in, and how it protects itself and them.'),
  clients: z.array(ClientConfigSchema).default([])
    .describe('The commune software (and provincial systems) allowed to call the API, one entry per API key. Keys made with `npm run keys` work alongside.'),
  health: HealthSchema.prefault({}).describe('Health checks as data: probes, judgement and incident thresholds, maintenance windows.'),
  store: StoreSchema.prefault({}).describe('Where the gateway keeps its state: the SQLite file (queue.databasePath) by default, or one PostgreSQL for several instances.'),
  queue: QueueSchema.prefault({}).describe('The durable verification queue: storage, sync budget, retries, draining after an outage, expiry, callbacks.'),
  alerts: alertsConfigSchema(SecretSchema).prefault({}).describe('Outage alerts for provincial operators: rules, channels, reminders, daily summary, admin key.'),
  adminUnits: AdminUnitsSchema.prefault({}).describe('The administrative-unit catalogue (2025 units and the legacy mapping); bundled by default.'),
  telemetry: TelemetrySchema.prefault({}).describe('OpenTelemetry tracing over OTLP/HTTP, off by default.'),
  audit: AuditConfigSchema.prefault({}).describe('The hash-chained audit log of personal-data calls.'),
  keys: KeysSchema.prefault({}).describe('Client API keys kept in the store (`npm run keys`); keys in `clients` keep working alongside.'),
  rateLimits: RateLimitsSchema.prefault({})
    .describe('Requests each API key may make; beyond them 429 with `Retry-After`, and every `/v1` answer carries `RateLimit-Policy` and `RateLimit` headers.'),
}).strict();

export type Config = z.infer<typeof ConfigSchema>;
export type UpstreamKey = keyof Config['upstreams'];
