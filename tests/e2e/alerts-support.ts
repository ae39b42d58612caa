// The real gateway with fast probes (population only) and every alert channel pointed at local test receivers:
// a webhook receiver, an Alertmanager stand-in, a Telegram Bot API stand-in and a real SMTP server.
import { alertsConfigSchema } from '../../src/alerts/config.ts';
import { parseMail, type ParsedMail } from '../../src/alerts/testing/mime.ts';
import { startReceiver, type ReceivedRequest, type TestReceiver } from '../../src/alerts/testing/receiver.ts';
import { startSmtpServer, type TestSmtpServer } from '../../src/alerts/testing/smtp.ts';
import type { Config } from '../../src/config/schema.ts';
import { SecretSchema } from '../../src/config/secret.ts';
import { sha256Hex } from '../../src/keys/sha256.ts';
import { startHealthGateway, type HealthGateway } from './health-support.ts';

export const WEBHOOK_SECRET = `whsec_${btoa('alerts e2e secret, 32 bytes long')}`;
export const ADMIN_KEY = 'admin-key-e2e-0123456789abcdef';
export const BOT_TOKEN = '4242:e2e-bot-token';
export const STATUS_PAGE = 'https://cong.tinh.example/status';

export interface Receivers {
  webhook: TestReceiver;
  alertmanager: TestReceiver;
  telegram: TestReceiver;
  smtp: TestSmtpServer;
  close(): Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
  const [webhook, alertmanager, telegram, smtp] = await Promise.all([startReceiver(), startReceiver(), startReceiver(), startSmtpServer()]);
  return {
    webhook, alertmanager, telegram, smtp,
    close: async () => void (await Promise.all([webhook.close(), alertmanager.close(), telegram.close(), smtp.close()])),
  };
}

export interface AlertGateway extends HealthGateway {
  receivers: Receivers;
  /** Webhook bodies received, parsed. */
  webhooks(): Array<{ type: string; data: Record<string, unknown> }>;
  mails(): ParsedMail[];
}

/**
 * Population probed every 100 ms (down after 3 failures, up after 2 successes), the other upstreams not probed;
 * incidents close after 500 ms of health; the rules look at the figures every 100 ms; failed sends retried fast.
 */
export async function startAlertGateway(receivers: Receivers, alerts: Record<string, unknown> = {}, change: (config: Config) => void = () => {}): Promise<AlertGateway> {
  const adminKeySha256 = await sha256Hex(ADMIN_KEY);
  const gateway = await startHealthGateway((config) => {
    config.health.probes.civilStatus.enabled = false;
    config.health.probes.land.enabled = false;
    config.alerts = alertsConfigSchema(SecretSchema).parse({
      statusPageUrl: STATUS_PAGE,
      evaluateEveryMs: 100,
      adminKeySha256,
      delivery: { retryBaseMs: 100, retryMaxMs: 400, pollIntervalMs: 50, timeoutMs: 2_000 },
      channels: [
        { name: 'ops-hook', type: 'webhook', url: `${receivers.webhook.url}/hooks/gateway`, secret: WEBHOOK_SECRET },
        { name: 'alertmanager', type: 'alertmanager', url: receivers.alertmanager.url, labels: { province: '51' } },
        { name: 'ops-mail', type: 'email', smtp: { host: '127.0.0.1', port: receivers.smtp.port }, from: 'Cổng kết nối <canh-bao@tinh.example>', to: ['vanhanh@tinh.example'], dailySummary: true },
        { name: 'ops-telegram', type: 'telegram', botToken: BOT_TOKEN, chatId: -100777, apiBaseUrl: receivers.telegram.url },
      ],
      ...alerts,
    });
    change(config);
  });
  return Object.assign(gateway, {
    receivers,
    webhooks: () => receivers.webhook.requests.map((request: ReceivedRequest) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> }),
    mails: () => receivers.smtp.messages.map((mail) => parseMail(mail.raw)),
  });
}
