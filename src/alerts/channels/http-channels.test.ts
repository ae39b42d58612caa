import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifyWebhook, type WebhookHeaders } from '../../queue/webhook-signature.ts';
import { sampleAlert, sampleResolution } from '../testing/alerts.ts';
import { startReceiver, type TestReceiver } from '../testing/receiver.ts';
import { createAlertmanagerChannel } from './alertmanager.ts';
import { AlertDeliveryError } from './channel.ts';
import { createTelegramChannel } from './telegram.ts';
import { createWebhookChannel } from './webhook.ts';

const SECRET = `whsec_${btoa('a secret of thirty-two bytes!!!!')}`;
const now = () => Date.UTC(2025, 2, 5, 7, 45);
const signal = () => AbortSignal.timeout(5_000);

let receiver: TestReceiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

async function failure(promise: Promise<unknown>): Promise<AlertDeliveryError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AlertDeliveryError);
  return error as AlertDeliveryError;
}

describe('webhook channel', () => {
  const channel = () => createWebhookChannel({ name: 'hook', url: `${receiver.url}/alerts`, secret: SECRET, language: 'vi', statusPageUrl: 'https://gw/status', fetch, now });

  it('posts the alert as JSON with Standard Webhooks headers that verify against the shared secret', async () => {
    await channel().send(sampleAlert(), signal());
    const [request] = receiver.requests;
    expect(request!.path).toBe('/alerts');
    const headers = request!.headers as unknown as WebhookHeaders;
    expect(headers['webhook-id']).toBe('down/population/inc-1#firing');
    expect(await verifyWebhook(SECRET, headers, request!.body, Math.floor(now() / 1000))).toBe(true);
    expect(await verifyWebhook(SECRET, headers, request!.body.replace('37', '38'), Math.floor(now() / 1000))).toBe(false);
    const body = JSON.parse(request!.body) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('alert.firing');
    expect(body.data).toMatchObject({
      dedupKey: 'down/population/inc-1', upstream: 'population', severity: 'critical', statusPageUrl: 'https://gw/status',
      subject: '[SỰ CỐ] CSDL quốc gia về dân cư ngừng hoạt động từ 14:32 ngày 05/03/2025',
    });
    expect(body.data['text']).toContain('xác thực công dân đang được xếp hàng chờ');
  });

  it('classifies failures: 503 with Retry-After may pass, 400 will not, a refused connection may pass', async () => {
    receiver.answer(() => ({ status: 503, headers: { 'retry-after': '120' }, body: 'busy' }));
    expect(await failure(channel().send(sampleAlert(), signal()))).toMatchObject({ retryable: true, retryAfterSeconds: 120, status: 503 });
    receiver.answer(() => ({ status: 400, body: 'bad' }));
    expect(await failure(channel().send(sampleAlert(), signal()))).toMatchObject({ retryable: false, status: 400 });
    const closed = createWebhookChannel({ name: 'hook', url: 'http://127.0.0.1:1/alerts', secret: SECRET, language: 'vi', fetch, now });
    expect(await failure(closed.send(sampleAlert(), signal()))).toMatchObject({ retryable: true, status: undefined });
  });

  it('refuses a secret that is not base64 when it is built, not at the first outage', () => {
    expect(() => createWebhookChannel({ name: 'hook', url: receiver.url, secret: 'whsec_###', language: 'vi', fetch, now })).toThrow();
  });
});

/** Alertmanager's postableAlerts (API v2), as its OpenAPI spec declares them. */
const PostableAlerts = z.array(z.object({
  labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()),
  annotations: z.record(z.string(), z.string()).optional(),
  startsAt: z.iso.datetime().optional(),
  endsAt: z.iso.datetime().optional(),
  generatorURL: z.url().optional(),
}).strict()).min(1);

describe('Alertmanager channel', () => {
  const channel = () => createAlertmanagerChannel({
    name: 'am', url: `${receiver.url}/`, labels: { province: '51' }, language: 'vi', statusPageUrl: 'https://gw/status', fetch, now,
  });

  it('posts the v2 payload to /api/v2/alerts, and the resolution with the same labels and endsAt', async () => {
    await channel().send(sampleAlert(), signal());
    await channel().send(sampleResolution(), signal());
    const [firing, resolved] = receiver.requests.map((request) => {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/api/v2/alerts');
      expect(request.headers['content-type']).toContain('application/json');
      return PostableAlerts.parse(JSON.parse(request.body));
    });
    expect(firing).toHaveLength(1);
    expect(firing![0]).toMatchObject({
      labels: { alertname: 'UpstreamDown', upstream: 'population', severity: 'critical', province: '51', incident: 'inc-1', dedup_key: 'down/population/inc-1' },
      annotations: { summary: '[SỰ CỐ] CSDL quốc gia về dân cư ngừng hoạt động từ 14:32 ngày 05/03/2025' },
      startsAt: '2025-03-05T07:32:00.000Z',
      generatorURL: 'https://gw/status',
    });
    expect(firing![0]!.endsAt).toBeUndefined();
    expect(resolved![0]!.labels).toEqual(firing![0]!.labels);
    expect(resolved![0]!.endsAt).toBe('2025-03-05T08:05:00.000Z');
  });

  it('leaves a superseded alert firing: it is resolved once, by its own resolution when the episode ends', async () => {
    const degraded = { ...sampleAlert(), dedupKey: 'degraded/population/inc-1', rule: 'degraded' as const, severity: 'warning' as const };
    await channel().send(sampleAlert({ supersedes: [degraded] }), signal());
    const posted = PostableAlerts.parse(JSON.parse(receiver.requests[0]!.body));
    expect(posted.map((entry) => [entry.labels['alertname'], entry.endsAt ?? null])).toEqual([['UpstreamDown', null]]);
  });

  it('sends the bearer token when configured, and skips daily reports', async () => {
    const withToken = createAlertmanagerChannel({ name: 'am', url: receiver.url, bearerToken: 't0k3n', language: 'en', fetch, now });
    await withToken.send(sampleAlert(), signal());
    expect(receiver.requests[0]!.headers['authorization']).toBe('Bearer t0k3n');
    await withToken.send({ kind: 'daily-summary', id: 'd', day: '2025-03-04', fromMs: 0, toMs: 1, at: 1, incidents: [], tickets: null, waiting: [], channels: [] }, signal());
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('Telegram channel', () => {
  const TOKEN = '123456:ABC-secret-token';
  const channel = () => createTelegramChannel({ name: 'tg', botToken: TOKEN, chatId: -1001234, apiBaseUrl: receiver.url, language: 'vi', statusPageUrl: 'https://gw/status', fetch });

  it('calls sendMessage with the chat, the HTML text and parse_mode', async () => {
    await channel().send(sampleAlert(), signal());
    const [request] = receiver.requests;
    expect(request!.path).toBe(`/bot${TOKEN}/sendMessage`);
    const body = JSON.parse(request!.body) as { chat_id: number; text: string; parse_mode: string };
    expect(body.chat_id).toBe(-1001234);
    expect(body.parse_mode).toBe('HTML');
    expect(body.text).toContain('<b>[SỰ CỐ] CSDL quốc gia về dân cư ngừng hoạt động từ 14:32 ngày 05/03/2025</b>');
    expect(body.text).toContain('<a href="https://gw/status">Xem trang trạng thái</a>');
  });

  it('honours retry_after on 429, gives up on 400, and never quotes the token', async () => {
    receiver.answer(() => ({ status: 429, body: JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }) }));
    const throttled = await failure(channel().send(sampleAlert(), signal()));
    expect(throttled).toMatchObject({ retryable: true, retryAfterSeconds: 7 });
    receiver.answer(() => ({ status: 400, body: JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: chat not found' }) }));
    const refused = await failure(channel().send(sampleAlert(), signal()));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('chat not found');
    expect(`${throttled.message} ${refused.message}`).not.toContain(TOKEN);
  });
});
