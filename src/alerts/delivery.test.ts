import { afterEach, describe, expect, it } from 'vitest';
import { AlertDeliveryError, type AlertChannel } from './channels/channel.ts';
import { createWebhookChannel } from './channels/webhook.ts';
import { alertRetryDelayMs, createAlertDeliveryWorker, type AlertDeliveryEvent } from './delivery.ts';
import { createMemoryAlertStore } from './memory-store.ts';
import type { AlertStore } from './store.ts';
import { sampleAlert, sampleResolution } from './testing/alerts.ts';
import { startReceiver, type TestReceiver } from './testing/receiver.ts';
import type { Notification } from './types.ts';

const retry = { retryBaseMs: 1_000, retryMaxMs: 60_000, giveUpAfterMs: 3_600_000 };

function setup(channels: AlertChannel[], store: AlertStore = createMemoryAlertStore()) {
  let clock = 1_000_000;
  const events: AlertDeliveryEvent[] = [];
  const worker = createAlertDeliveryWorker({
    store, channels, owner: 'test', timeoutMs: 2_000, pollIntervalMs: 1_000, ...retry,
    now: () => clock, sleep: async () => {}, random: () => 1, onEvent: (event) => events.push(event),
  });
  return {
    store, worker, events,
    advance(ms: number) { clock += ms; },
    get now() { return clock; },
    /** One look at the outbox and every send it started, recorded. */
    async round() {
      await worker.tick();
      await worker.settle();
    },
  };
}

/** A channel that fails with the given errors first, then accepts; it records what it got. */
function scripted(name: string, failures: unknown[] = []) {
  const sent: Notification[] = [];
  const channel: AlertChannel = {
    name,
    async send(message) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push(message);
    },
  };
  return { channel, sent };
}

const down = (name = 'mail') => new AlertDeliveryError(name, 'HTTP 503', { retryable: true });

describe('alert delivery', () => {
  it('retries a channel that is down with growing delays and delivers once it is back', async () => {
    const mail = scripted('mail', [down(), down()]);
    const t = setup([mail.channel]);
    await t.store.enqueue(sampleAlert(), ['mail'], t.now);
    await t.round();
    expect(mail.sent).toEqual([]);
    expect(t.events.at(-1)).toMatchObject({ type: 'retry', attempt: 1, nextAttemptAt: t.now + 1_000, error: 'HTTP 503' });
    await t.round(); // not due yet
    expect(t.events).toHaveLength(1);
    t.advance(1_000);
    await t.round();
    expect(t.events.at(-1)).toMatchObject({ type: 'retry', attempt: 2, nextAttemptAt: t.now + 2_000 });
    t.advance(2_000);
    await t.round();
    expect(mail.sent.map((message) => message.id)).toEqual(['down/population/inc-1#firing']);
    expect(await t.store.list('delivered')).toMatchObject([{ attempts: 3 }]);
  });

  it('never lets a recovery overtake its alert on a channel that is down, while other channels go on', async () => {
    const mail = scripted('mail', [down()]);
    const chat = scripted('chat');
    const t = setup([mail.channel, chat.channel]);
    await t.store.enqueue(sampleAlert(), ['mail', 'chat'], t.now);
    await t.store.enqueue(sampleResolution(), ['mail', 'chat'], t.now);
    await t.round();
    await t.round();
    expect(chat.sent.map((message) => message.id)).toEqual(['down/population/inc-1#firing', 'down/population/inc-1#resolved']);
    expect(mail.sent).toEqual([]);
    t.advance(60_000);
    await t.round();
    await t.round();
    expect(mail.sent.map((message) => message.id)).toEqual(['down/population/inc-1#firing', 'down/population/inc-1#resolved']);
  });

  it('abandons what the receiver refuses for good, and what waited past the give-up limit, and moves on', async () => {
    const refusing = scripted('mail', [new AlertDeliveryError('mail', 'HTTP 400: bad', { retryable: false })]);
    const t = setup([refusing.channel]);
    await t.store.enqueue(sampleAlert(), ['mail'], t.now);
    await t.store.enqueue(sampleResolution(), ['mail'], t.now);
    await t.round();
    await t.round();
    expect(t.events.map((event) => event.type)).toEqual(['abandoned', 'delivered']);
    expect(await t.store.list('abandoned')).toMatchObject([{ id: 'down/population/inc-1#firing@mail', lastError: 'HTTP 400: bad' }]);

    const flaky = scripted('hook', [down('hook'), down('hook')]);
    const later = setup([flaky.channel]);
    await later.store.enqueue(sampleAlert(), ['hook'], later.now);
    await later.round();
    later.advance(retry.giveUpAfterMs);
    await later.round();
    expect(later.events.at(-1)).toMatchObject({ type: 'abandoned', error: expect.stringContaining('gave up after 2 attempts') });
  });

  it('abandons messages for a channel no longer configured, and bounds a send that never answers', async () => {
    const hanging: AlertChannel = { name: 'slow', send: () => new Promise(() => {}) };
    const store = createMemoryAlertStore();
    const worker = createAlertDeliveryWorker({
      store, channels: [hanging], owner: 'test', timeoutMs: 50, pollIntervalMs: 1_000, ...retry,
      now: () => 0, sleep: async () => {}, random: () => 0,
    });
    await store.enqueue(sampleAlert(), ['slow', 'gone'], 0);
    await worker.tick();
    await worker.settle();
    expect((await store.list()).map((entry) => [entry.channel, entry.status, entry.lastError])).toEqual([
      ['slow', 'pending', 'no answer within 50 ms'], ['gone', 'abandoned', 'no such channel is configured any more'],
    ]);
  });

  it('forgets sent messages after the keep period, hourly', async () => {
    const mail = scripted('mail');
    const t = setup([mail.channel]);
    await t.store.enqueue(sampleAlert(), ['mail'], t.now);
    await t.round();
    expect(await t.store.list('delivered')).toHaveLength(1);
    t.advance(30 * 86_400_000);
    await t.round();
    expect(await t.store.list('delivered')).toHaveLength(1); // kept exactly 30 days
    t.advance(3_600_000);
    await t.round();
    expect(await t.store.list()).toEqual([]);
  });

  it('waits at least what the receiver asked (Retry-After), within limits', () => {
    expect(alertRetryDelayMs(1, retry, () => 0)).toBe(500);
    expect(alertRetryDelayMs(10, retry, () => 1)).toBe(60_000);
    expect(alertRetryDelayMs(1, retry, () => 0, 30)).toBe(30_000);
    expect(alertRetryDelayMs(1, retry, () => 0, 999_999)).toBe(3_600_000);
  });
});

describe('alert delivery to a real receiver', () => {
  let receiver: TestReceiver | undefined;
  afterEach(async () => receiver?.close());

  it('gets the alert to a webhook receiver that was down once it is back', async () => {
    receiver = await startReceiver();
    let up = false;
    receiver.answer(() => (up ? { status: 204 } : { status: 503, headers: { 'retry-after': '5' } }));
    const secret = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`;
    const t = setup([createWebhookChannel({ name: 'hook', url: receiver.url, secret, language: 'vi', fetch, now: () => t.now })]);
    await t.store.enqueue(sampleAlert(), ['hook'], t.now);
    await t.round();
    expect(t.events.at(-1)).toMatchObject({ type: 'retry', nextAttemptAt: t.now + 5_000 });
    up = true;
    t.advance(5_000);
    await t.round();
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual(['down/population/inc-1#firing', 'down/population/inc-1#firing']);
    expect(t.events.at(-1)).toMatchObject({ type: 'delivered', attempt: 2 });
  });
});
