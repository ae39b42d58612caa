// Alerting as data: rule thresholds, channels (each with the rules it receives), reminders, the daily summary
// and delivery retries. A factory, so that src/config/schema.ts hands in its SecretSchema without an import cycle.
import { z } from 'zod';
import { ALERT_RULES, type AlertRule } from './types.ts';

/** A secret as src/config/secret.ts declares it: inline (demo only) or `{env: NAME}`. */
export type SecretRef = string | { env: string };

const ruleName = z.enum(ALERT_RULES as [AlertRule, ...AlertRule[]]);
const severity = z.enum(['critical', 'warning']);
const channelName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes');
const httpUrl = z.url({ protocol: /^https?$/ });
const ms = (max = 86_400_000 * 7) => z.number().int().min(0).max(max);

// Shared schema objects, so that the configuration reference lists each once for all the rules that have it.
const ruleEnabled = z.boolean().default(true).describe('Whether this rule sends alerts.');
const criticalByDefault = severity.default('critical').describe("The alert's severity (Alertmanager label, message wording).");
const warningByDefault = severity.default('warning').describe("The alert's severity (Alertmanager label, message wording).");

/** Thresholds of every rule. Units in the key names. */
export const AlertRulesSchema = z.object({
  down: z.object({
    enabled: ruleEnabled,
    forMs: ms().default(0).describe('How long the incident must have been open, ms.'),
    severity: criticalByDefault,
  }).strict().prefault({}).describe('The upstream is down and its incident is open for `forMs`.'),
  degraded: z.object({
    enabled: ruleEnabled,
    windowMs: ms().default(600_000).describe('How long the upstream must have been degraded, ms.'),
    severity: warningByDefault,
  }).strict().prefault({}).describe('The upstream stayed degraded (slow, erroring, serving stale, queueing) longer than `windowMs` and its incident is open.'),
  backlog: z.object({
    enabled: ruleEnabled,
    maxQueued: z.number().int().min(0).default(50).describe('Tickets waiting beyond which the rule fires.'),
    maxOldestAgeMs: ms().default(900_000).describe('Age of the oldest waiting ticket beyond which the rule fires, ms.'),
    severity: warningByDefault,
  }).strict().prefault({}).describe('More than `maxQueued` tickets wait, or the oldest waits longer than `maxOldestAgeMs`.'),
  credentials: z.object({
    enabled: ruleEnabled,
    forMs: ms().default(60_000).describe('How long the token or login must have been refused, ms.'),
    severity: criticalByDefault,
  }).strict().prefault({}).describe("The upstream refuses the gateway's credentials (token or login) for `forMs`."),
  flapping: z.object({
    enabled: ruleEnabled,
    windowMs: ms().default(1_800_000).describe('The window outages are counted in, ms; the alert ends after a window without one.'),
    threshold: z.number().int().min(2).max(100).default(3).describe('Outages within windowMs that make one flapping alert.'),
    severity: warningByDefault,
  }).strict().prefault({}).describe('`threshold` outages within `windowMs` make one flapping alert instead of many; it ends after `windowMs` without one.'),
}).strict();
export type AlertRules = z.infer<typeof AlertRulesSchema>;

/** Builds the `alerts` section's schema around the configuration's secret schema. */
export function alertsConfigSchema<S extends z.ZodType<SecretRef>>(secret: S) {
  const common = {
    name: channelName.describe('A name unique among the channels (lowercase letters, digits, dashes), used in logs and the outbox.'),
    rules: z.array(ruleName).default([...ALERT_RULES])
      .describe('Rules this channel receives (default: every rule); resolutions always follow the alerts sent.'),
    language: z.enum(['vi', 'en']).default('vi').describe("The messages' language."),
    reminderIntervalMs: ms().optional().describe('Re-send open alerts this often, ms; 0 never. Absent: `alerts.reminderIntervalMs`.'),
    dailySummary: z.boolean().default(false).describe('Also receives the daily summary (when `alerts.dailySummary.enabled`).'),
  };
  const channel = z.discriminatedUnion('type', [
    z.object({
      ...common,
      type: z.literal('webhook'),
      url: httpUrl.describe('Where the signed JSON messages are POSTed.'),
      secret: secret.describe('Standard Webhooks secret (`whsec_<base64>`) signing every message.'),
    }).strict(),
    z.object({
      ...common,
      type: z.literal('alertmanager'),
      url: httpUrl.describe("Alertmanager's base URL; alerts are POSTed to `<url>/api/v2/alerts`."),
      bearerToken: secret.optional().describe('Sent as `Authorization: Bearer …` when set.'),
      labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()).default({})
        .describe('Extra labels on every alert (e.g. `province: quang-ngai`).'),
    }).strict(),
    z.object({
      ...common,
      type: z.literal('email'),
      smtp: z.object({
        host: z.string().min(1).describe('The SMTP server.'),
        port: z.number().int().min(1).max(65_535).default(587).describe("The SMTP server's port."),
        secure: z.boolean().default(false).describe('TLS from the first byte (port 465); otherwise STARTTLS when the server offers it.'),
        username: z.string().min(1).optional().describe('SMTP login, if the server wants one.'),
        password: secret.optional().describe('SMTP password.'),
      }).strict().describe('The mail server that sends the messages.'),
      from: z.string().min(3).describe('Sender, e.g. `Cổng kết nối <canh-bao@tinh.gov.vn>`.'),
      to: z.array(z.email()).min(1).describe('Recipients.'),
    }).strict(),
    z.object({
      ...common,
      type: z.literal('telegram'),
      botToken: secret.describe("The bot's token from @BotFather."),
      chatId: z.union([z.string().min(1), z.number().int()]).describe('The chat or group the bot writes to (number or `@channel`).'),
      apiBaseUrl: httpUrl.default('https://api.telegram.org').describe('Bot API base URL (tests point it at a local server).'),
    }).strict(),
  ]);

  return z.object({
    statusPageUrl: httpUrl.optional().describe('Link in every message, e.g. `https://gateway.tinh.gov.vn/status`.'),
    reminderIntervalMs: ms().default(3_600_000).describe('Re-send open alerts this often, ms; 0 never. A channel may override it.'),
    evaluateEveryMs: z.number().int().min(100).max(60_000).default(5_000)
      .describe('How often the rules look at the figures (queue, durations, reminders), ms.'),
    rules: AlertRulesSchema.prefault({}).describe('Thresholds of every rule; every alert belongs to an incident and has a stable dedup key.'),
    channels: z.array(channel).default([]).refine(
      (channels) => new Set(channels.map((c) => c.name)).size === channels.length, 'channel names must be unique',
    ).describe('Where alerts go, each channel with the rules it receives. Delivery goes through a durable outbox with retries.'),
    adminKeySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters (sha256 of the admin key)').optional()
      .describe('SHA-256 (hex) of the admin API key for `POST /v1/admin/maintenance`; without it the admin calls are off.'),
    dailySummary: z.object({
      enabled: z.boolean().default(false).describe('Send the daily summary to the channels with `dailySummary: true`.'),
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('07:00').describe('Local time (Asia/Ho_Chi_Minh), `HH:MM`.'),
    }).strict().prefault({}).describe("Yesterday's incidents, tickets queued and completed, and anything still waiting, once a day."),
    delivery: z.object({
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe("One send's time limit, ms."),
      retryBaseMs: z.number().int().min(10).default(5_000).describe('First retry delay, doubling per attempt (jittered), ms.'),
      retryMaxMs: z.number().int().min(10).default(600_000).describe('Longest retry delay, ms.'),
      giveUpAfterMs: z.number().int().min(1_000).default(172_800_000)
        .describe('A message still undelivered this long after it was queued is abandoned (and logged), ms.'),
      pollIntervalMs: z.number().int().min(10).max(60_000).default(1_000).describe('Wait between looks at an idle outbox, ms.'),
    }).strict().prefault({}).describe('Retries of alert messages through the outbox (`Retry-After` is honoured).'),
  }).strict();
}

export type AlertsConfig = z.infer<ReturnType<typeof alertsConfigSchema<z.ZodType<SecretRef>>>>;
export type ChannelConfig = AlertsConfig['channels'][number];
