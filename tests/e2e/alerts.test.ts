// Outage alerts end to end: the real gateway and simulators, faults injected, every channel at a local receiver.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { startPopulationSimulator } from '../../mocks/index.ts';
import { verifyWebhook, type WebhookHeaders } from '../../src/queue/webhook-signature.ts';
import { eventually } from '../support/eventually.ts';
import { ADMIN_KEY, BOT_TOKEN, STATUS_PAGE, WEBHOOK_SECRET, startAlertGateway, startReceivers, type AlertGateway, type Receivers } from './alerts-support.ts';

let receivers: Receivers;
let gateway: AlertGateway | undefined;
beforeEach(async () => {
  receivers = await startReceivers();
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await receivers.close();
});

/** Alertmanager's postableAlerts (API v2). */
const PostableAlerts = z.array(z.object({
  labels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()),
  annotations: z.object({ summary: z.string(), description: z.string() }),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime().optional(),
  generatorURL: z.url().optional(),
}).strict()).min(1);

/** Nothing more can come: the rules hold no open alert and every queued message has been sent. */
async function quiet(g: AlertGateway): Promise<void> {
  await eventually(async () => {
    await g.alerts.alerting.evaluate();
    const open = Object.values(g.alerts.alerting.state().upstreams).some((upstream) => Object.keys(upstream.active).length > 0);
    return !open && (await g.alerts.store.list('pending')).length === 0;
  }, 5_000);
}

describe('outage alerts', () => {
  it('sends exactly one down alert and one recovery per outage on every channel', async () => {
    gateway = await startAlertGateway(receivers);
    const sim = gateway.simulators!.population;
    await gateway.waitForCheck('population', (c) => c.state === 'operational' && c.lastProbe?.outcome === 'ok');

    sim.faults.set({ down: true });
    await receivers.webhook.received(1);
    const [firing] = gateway.webhooks();
    expect(firing).toMatchObject({ type: 'alert.firing', data: { rule: 'down', upstream: 'population', severity: 'critical', phase: 'firing' } });
    expect(firing!.data['subject']).toMatch(/^\[SỰ CỐ\] CSDL quốc gia về dân cư ngừng hoạt động từ \d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    expect(firing!.data['text']).toContain('xác thực công dân đang được xếp hàng chờ');

    sim.faults.clear();
    await receivers.webhook.received(2);
    await Promise.all([receivers.alertmanager.received(2), receivers.telegram.received(2), receivers.smtp.received(2)]);
    await quiet(gateway);

    // Webhook: one firing, one resolution, same dedup key, each signed.
    const hooks = gateway.webhooks();
    expect(hooks.map((hook) => hook.type)).toEqual(['alert.firing', 'alert.resolved']);
    expect(hooks[1]!.data['dedupKey']).toBe(hooks[0]!.data['dedupKey']);
    expect(hooks[1]!.data['subject']).toMatch(/^\[ĐÃ KHÔI PHỤC\] CSDL quốc gia về dân cư hoạt động trở lại lúc/);
    for (const request of receivers.webhook.requests) {
      expect(request.path).toBe('/hooks/gateway');
      expect(await verifyWebhook(WEBHOOK_SECRET, request.headers as unknown as WebhookHeaders, request.body, Math.floor(Date.now() / 1000))).toBe(true);
    }

    // Alertmanager: the v2 payload, and the resolution with the same labels and endsAt.
    const posted = receivers.alertmanager.requests.map((request) => {
      expect(request.path).toBe('/api/v2/alerts');
      return PostableAlerts.parse(JSON.parse(request.body));
    });
    expect(posted).toHaveLength(2);
    expect(posted[0]![0]).toMatchObject({ labels: { alertname: 'UpstreamDown', upstream: 'population', severity: 'critical', province: '51' }, generatorURL: STATUS_PAGE });
    expect(posted[0]![0]!.endsAt).toBeUndefined();
    expect(posted[1]![0]!.labels).toEqual(posted[0]![0]!.labels);
    expect(Date.parse(posted[1]![0]!.endsAt!)).toBeGreaterThan(Date.parse(posted[0]![0]!.startsAt));

    // Email: a real SMTP server got the Vietnamese subject and body, plain text and HTML.
    const mails = gateway.mails();
    expect(mails.map((mail) => mail.subject)).toEqual([hooks[0]!.data['subject'], hooks[1]!.data['subject']]);
    expect(mails[0]!.text).toContain('Hệ thống: CSDL quốc gia về dân cư');
    expect(mails[0]!.text).toContain(`Xem trang trạng thái: ${STATUS_PAGE}`);
    expect(mails[0]!.html).toContain('Ngừng hoạt động');
    expect(mails[1]!.headers['in-reply-to']).toBe(mails[0]!.headers['message-id']);

    // Telegram: sendMessage with the chat, HTML text and parse mode.
    const messages = receivers.telegram.requests.map((request) => {
      expect(request.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
      return JSON.parse(request.body) as { chat_id: number; text: string; parse_mode: string };
    });
    expect(messages.map((message) => [message.chat_id, message.parse_mode])).toEqual([[-100777, 'HTML'], [-100777, 'HTML']]);
    expect(messages[0]!.text).toContain('<b>[SỰ CỐ] CSDL quốc gia về dân cư');

    // The incident the alerts belong to is the one in the record.
    const incidents = (await (await gateway.get('/v1/incidents?upstream=population')).json()) as { data: Array<{ id: string }> };
    expect(incidents.data.map((incident) => incident.id)).toEqual([hooks[0]!.data['incidentId']]);
  });

  it('gets the alert to a channel that was down once it is back', async () => {
    let up = false;
    receivers.webhook.answer(() => (up ? { status: 204 } : { status: 503, body: 'maintenance' }));
    gateway = await startAlertGateway(receivers);
    await gateway.waitForCheck('population', (c) => c.state === 'operational' && c.lastProbe?.outcome === 'ok');
    gateway.simulators!.population.faults.set({ down: true });
    await receivers.webhook.received(2); // refused twice
    await receivers.alertmanager.received(1); // the other channels did not wait
    up = true;
    const delivered = await eventually(async () => (await gateway!.alerts.store.list('delivered')).find((entry) => entry.channel === 'ops-hook'));
    expect(delivered).toMatchObject({ id: expect.stringMatching(/^down\/population\/.+#firing@ops-hook$/) });
    expect(delivered.attempts).toBeGreaterThanOrEqual(3);
    const ids = new Set(receivers.webhook.requests.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1); // the same message each time, so a receiver can tell a retry
  });

  it('reminds at the interval while the outage lasts', async () => {
    gateway = await startAlertGateway(receivers, {}, (config) => {
      const hook = config.alerts.channels.find((channel) => channel.name === 'ops-hook')!;
      hook.reminderIntervalMs = 400;
      config.alerts.channels = [hook];
    });
    await gateway.waitForCheck('population', (c) => c.state === 'operational' && c.lastProbe?.outcome === 'ok');
    gateway.simulators!.population.faults.set({ down: true });
    await receivers.webhook.received(3);
    const [firing, first, second] = gateway.webhooks();
    expect([firing!.type, first!.type, second!.type]).toEqual(['alert.firing', 'alert.reminder', 'alert.reminder']);
    expect(new Set([firing, first, second].map((hook) => hook!.data['dedupKey'])).size).toBe(1);
    expect(second!.data['subject']).toMatch(/^\[NHẮC LẠI\] CSDL quốc gia về dân cư vẫn ngừng hoạt động/);
    expect(Number(second!.data['at']) - Number(first!.data['at'])).toBeGreaterThanOrEqual(400);
  });

  it('turns an upstream that keeps bouncing into one flapping alert', async () => {
    gateway = await startAlertGateway(receivers, { rules: { flapping: { windowMs: 60_000, threshold: 3 } } }, (config) => {
      config.alerts.channels = config.alerts.channels.filter((channel) => channel.name === 'ops-hook');
    });
    const sim = gateway.simulators!.population;
    await gateway.waitForCheck('population', (c) => c.state === 'operational' && c.lastProbe?.outcome === 'ok');
    for (let bounce = 0; bounce < 5; bounce++) {
      sim.faults.set({ down: true });
      await gateway.waitForCheck('population', (c) => c.state === 'down');
      sim.faults.clear();
      await gateway.waitForCheck('population', (c) => c.state === 'operational');
    }
    await gateway.alerts.alerting.idle();
    await eventually(async () => (await gateway!.alerts.store.list('pending')).length === 0);
    const hooks = gateway.webhooks().map((hook) => `${hook.type} ${String(hook.data['rule'])}`);
    expect(hooks.filter((hook) => hook === 'alert.firing flapping')).toHaveLength(1);
    // Outages before the pattern showed may have alerted (one incident if the bounces were quick); none after it.
    expect(hooks.filter((hook) => hook === 'alert.firing down').length).toBeLessThanOrEqual(2);
    expect(hooks.lastIndexOf('alert.firing down')).toBeLessThan(hooks.indexOf('alert.firing flapping'));
  });
});

describe('a restart during an outage', () => {
  it('sends no false recovery after a restart while the upstream is still down, and one resolution at the real recovery', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gateway-restart-e2e-'));
    const databasePath = join(folder, 'gateway.sqlite');
    const hookOnly = (config: Parameters<Parameters<typeof startAlertGateway>[2] & object>[0]) => {
      config.queue.databasePath = databasePath;
      config.alerts.channels = config.alerts.channels.filter((channel) => channel.name === 'ops-hook');
    };
    try {
      gateway = await startAlertGateway(receivers, {}, hookOnly);
      await gateway.waitForCheck('population', (c) => c.state === 'operational' && c.lastProbe?.outcome === 'ok');
      const populationUrl = gateway.simulators!.population.url;
      gateway.simulators!.population.faults.set({ down: true });
      await receivers.webhook.received(1);
      await gateway.close(); // its simulators stop with it: the population system stays unreachable
      gateway = undefined;

      // The same store, the population system still down (nothing answers at its address).
      gateway = await startAlertGateway(receivers, {}, (config) => {
        hookOnly(config);
        config.simulators.enabled = false;
        config.upstreams.population.baseUrl = populationUrl;
      });
      await gateway.waitForCheck('population', (c) => c.state === 'down');
      await gateway.alerts.alerting.evaluate();
      await gateway.alerts.alerting.idle();
      expect(gateway.webhooks().map((hook) => hook.type)).toEqual(['alert.firing']);
      expect(gateway.alerts.alerting.state().upstreams.population.active.down).toBeDefined();

      // The population system comes back at its address: one resolution, for the alert that was sent.
      const port = Number(new URL(populationUrl).port);
      const back = await startPopulationSimulator({ port });
      try {
        await receivers.webhook.received(2);
        await quiet(gateway);
        const hooks = gateway.webhooks();
        expect(hooks.map((hook) => hook.type)).toEqual(['alert.firing', 'alert.resolved']);
        expect(hooks[1]!.data['dedupKey']).toBe(hooks[0]!.data['dedupKey']);
      } finally {
        await gateway.close();
        gateway = undefined;
        await back.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('maintenance', () => {
  it('plans a window by admin call: the status page says maintenance and no down alert is sent', async () => {
    gateway = await startAlertGateway(receivers);
    const sim = gateway.simulators!.population;
    await gateway.waitForCheck('population', (c) => c.lastProbe?.outcome === 'ok');
    const created = await fetch(`${gateway.url}/v1/admin/maintenance`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ upstream: 'population', from: new Date(Date.now() - 1_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString(), note: 'Nâng cấp máy chủ' }),
    });
    expect(created.status).toBe(201);
    sim.faults.set({ down: true });
    const check = await gateway.waitForCheck('population', (c) => c.state === 'maintenance' && c.lastProbe?.outcome === 'failed' && (c['probe'] as { consecutiveFailures: number }).consecutiveFailures >= 4);
    expect(check.status).toBe('warn');
    const page = await (await fetch(`${gateway.url}/status`)).text();
    expect(page).toContain('Bảo trì');
    await gateway.alerts.alerting.evaluate();
    expect(await gateway.alerts.store.list()).toEqual([]);
    expect(receivers.webhook.requests).toEqual([]);
  });
});

describe('daily summary', () => {
  it('emails yesterday\'s figures in Vietnamese', async () => {
    gateway = await startAlertGateway(receivers, { dailySummary: { enabled: true, at: '07:00' } });
    expect(gateway.alerts.daily?.nextRunAt()).toBeGreaterThan(Date.now());
    const summary = await gateway.alerts.daily!.runAt(Date.now());
    gateway.alerts.delivery.wake();
    const [mail] = await receivers.smtp.received(1);
    const parsed = gateway.mails()[0]!;
    expect(mail!.to).toEqual(['vanhanh@tinh.example']);
    expect(parsed.subject).toMatch(/^\[BÁO CÁO NGÀY \d\d\/\d\d\/\d{4}\] 0 sự cố, 0 yêu cầu xác thực xếp hàng, 0 đã hoàn tất$/);
    expect(parsed.text).toContain('các hệ thống nguồn không có sự cố');
    expect(summary.id).toBe(`daily-summary/${summary.day}`);
    expect(receivers.webhook.requests).toEqual([]); // only channels that take the summary
  });
});
