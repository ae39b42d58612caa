// Alerting as data: rule thresholds, channels (each with the rules it receives), reminders, the daily summary
// and delivery retries. A factory, so that src/config/schema.ts hands in its SecretSchema without an import cycle.
import { z } from 'zod';
import { ALERT_RULES, type AlertRule } from './types.ts';

/** A secret as src/config/schema.ts declares it: inline (demo only) or `{env: NAME}`. */
export type SecretRef = string | { env: string };

const ruleName = z.enum(ALERT_RULES as [AlertRule, ...AlertRule[]]);
const severity = z.enum(['critical', 'warning']);
const channelName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes');
const httpUrl = z.url({ protocol: /^https?$/ });
const ms = (max = 86_400_000 * 7) => z.number().int().min(0).max(max);

/** Thresholds of every rule. Units in the key names. */
export const AlertRulesSchema = z.object({
  /** The upstream is down and its incident is open for `forMs`. */
  down: z.object({ enabled: z.boolean().default(true), forMs: ms().default(0), severity: severity.default('critical') }).strict().prefault({}),
  /** The upstream stayed degraded (or worse) longer than `windowMs` and its incident is open. */
  degraded: z.object({ enabled: z.boolean().default(true), windowMs: ms().default(600_000), severity: severity.default('warning') }).strict().prefault({}),
  /** More than `maxQueued` tickets wait, or the oldest waits longer than `maxOldestAgeMs`. */
  backlog: z.object({
    enabled: z.boolean().default(true),
    maxQueued: z.number().int().min(0).default(50),
    maxOldestAgeMs: ms().default(900_000),
    severity: severity.default('warning'),
  }).strict().prefault({}),
  /** The upstream refuses the gateway's credentials for `forMs`. */
  credentials: z.object({ enabled: z.boolean().default(true), forMs: ms().default(60_000), severity: severity.default('critical') }).strict().prefault({}),
  /** `threshold` outages within `windowMs` make one flapping alert; it ends after `windowMs` without one. */
  flapping: z.object({
    enabled: z.boolean().default(true),
    windowMs: ms().default(1_800_000),
    threshold: z.number().int().min(2).max(100).default(3),
    severity: severity.default('warning'),
  }).strict().prefault({}),
}).strict();
export type AlertRules = z.infer<typeof AlertRulesSchema>;

/** Builds the `alerts` section's schema around the configuration's secret schema. */
export function alertsConfigSchema<S extends z.ZodType<SecretRef>>(secret: S) {
  const common = {
    name: channelName,
    /** Rules this channel receives; resolutions always follow the alerts sent. Default: every rule. */
    rules: z.array(ruleName).default([...ALERT_RULES]),
    language: z.enum(['vi', 'en']).default('vi'),
    /** Re-send open alerts this often, ms; 0 never. Default: `alerts.reminderIntervalMs`. */
    reminderIntervalMs: ms().optional(),
    /** Also receives the daily summary. */
    dailySummary: z.boolean().default(false),
  };
  const channel = z.discriminatedUnion('type', [
    z.object({ ...common, type: z.literal('webhook'), url: httpUrl, secret }).strict(),
    z.object({
      ...common,
      type: z.literal('alertmanager'),
      /** Base URL; alerts are POSTed to `<url>/api/v2/alerts`. */
      url: httpUrl,
      bearerToken: secret.optional(),
      /** Extra labels on every alert (e.g. `province`). */
      labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()).default({}),
    }).strict(),
    z.object({
      ...common,
      type: z.literal('email'),
      smtp: z.object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65_535).default(587),
        /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
        secure: z.boolean().default(false),
        username: z.string().min(1).optional(),
        password: secret.optional(),
      }).strict(),
      from: z.string().min(3),
      to: z.array(z.email()).min(1),
    }).strict(),
    z.object({
      ...common,
      type: z.literal('telegram'),
      botToken: secret,
      chatId: z.union([z.string().min(1), z.number().int()]),
      /** Bot API base URL (tests point it at a local server). */
      apiBaseUrl: httpUrl.default('https://api.telegram.org'),
    }).strict(),
  ]);

  return z.object({
    /** Link in every message, e.g. `https://gateway.tinh.gov.vn/status`. */
    statusPageUrl: httpUrl.optional(),
    /** Re-send open alerts this often, ms; 0 never. A channel may override it. */
    reminderIntervalMs: ms().default(3_600_000),
    /** How often the rules look at the figures (queue, durations, reminders), ms. */
    evaluateEveryMs: z.number().int().min(100).max(60_000).default(5_000),
    rules: AlertRulesSchema.prefault({}),
    channels: z.array(channel).default([]).refine(
      (channels) => new Set(channels.map((c) => c.name)).size === channels.length, 'channel names must be unique',
    ),
    /** SHA-256 (hex) of the admin API key for `POST /v1/admin/maintenance`; without it the admin calls are off. */
    adminKeySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters (sha256 of the admin key)').optional(),
    dailySummary: z.object({
      enabled: z.boolean().default(false),
      /** Local time (Asia/Ho_Chi_Minh), `HH:MM`. */
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('07:00'),
    }).strict().prefault({}),
    delivery: z.object({
      /** One send's time limit, ms. */
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      /** First retry delay, doubling per attempt (jittered), ms. */
      retryBaseMs: z.number().int().min(10).default(5_000),
      /** Longest retry delay, ms. */
      retryMaxMs: z.number().int().min(10).default(600_000),
      /** A message still undelivered this long after it was queued is abandoned (and logged), ms. */
      giveUpAfterMs: z.number().int().min(1_000).default(172_800_000),
      /** Wait between looks at an idle outbox, ms. */
      pollIntervalMs: z.number().int().min(10).max(60_000).default(1_000),
    }).strict().prefault({}),
  }).strict();
}

export type AlertsConfig = z.infer<ReturnType<typeof alertsConfigSchema<z.ZodType<SecretRef>>>>;
export type ChannelConfig = AlertsConfig['channels'][number];
