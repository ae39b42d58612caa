import { describe, expect, it } from 'vitest';
import { createMemoryTicketStore } from '../store/memory-ticket-store.ts';
import { createDeliveryWorker, type Fetch } from './delivery.ts';
import type { QueueEvent } from './events.ts';
import { identitySubject, manualClock, noSleep } from './test-support.ts';
import { verifyWebhook, type WebhookHeaders } from './webhook-signature.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Received { url: string; headers: Headers; body: string; redirect: RequestRedirect | undefined }

async function setup(answers: Array<Response | Error>, options: { secret?: string | undefined } = { secret: SECRET }) {
  const clock = manualClock();
  const store = createMemoryTicketStore();
  const received: Received[] = [];
  const events: QueueEvent[] = [];
  const fetch: Fetch = async (url, init) => {
    received.push({ url, headers: new Headers(init.headers), body: String(init.body), redirect: init.redirect });
    const answer = answers.shift() ?? new Response(null, { status: 204 });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const worker = createDeliveryWorker({
    store, fetch, secretFor: () => options.secret, owner: 'deliverer-1', now: clock.now, sleep: noSleep, random: () => 0.5,
    schedule: [5_000, 30_000], onEvent: (event) => events.push(event),
  });
  const { ticket } = await store.create({
    id: 't-1', client: 'xa-son-thuy', idempotencyKey: 'k', bodyHash: 'h', type: 'citizen-identity', upstream: 'population', communeCode: '21085',
    officerId: '051090001234', purpose: 'p', caseId: null, requestId: 'r', subject: identitySubject, callbackUrl: 'https://xa.example/hooks',
    citizenWaiting: false, createdAt: clock.now(), expiresAt: clock.now() + 1e6, lease: { owner: 'w', until: clock.now() + 1e4 },
  });
  const body = '{"type":"verification.completed","data":{"result":{"match":true}}}';
  await store.finish(ticket.id, { status: 'completed', result: { match: true }, fetchedAt: 1 }, { now: clock.now(), owner: 'w', outbox: { id: 'msg_1', url: 'https://xa.example/hooks', body } });
  const run = async () => {
    await worker.tick();
    await worker.settle();
  };
  return { clock, store, received, events, run, body };
}

describe('callback delivery', () => {
  it('POSTs the stored body with valid Standard Webhooks headers, never following redirects', async () => {
    const { received, run, store, body, clock } = await setup([]);
    await run();
    const [request] = received;
    expect(request).toMatchObject({ url: 'https://xa.example/hooks', body, redirect: 'manual' });
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, request!.headers.get(name)])) as unknown as WebhookHeaders;
    expect(headers['webhook-id']).toBe('msg_1');
    expect(await verifyWebhook(SECRET, headers, body, Math.floor(clock.now() / 1000))).toBe(true);
    expect(await store.outboxOf('t-1')).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
    expect(await store.deliveryAttempts('msg_1')).toEqual([expect.objectContaining({ attempt: 1, httpStatus: 204, error: null })]);
  });

  it('retries on the jittered schedule with the same webhook-id, and honours a longer Retry-After', async () => {
    const { received, run, store, clock } = await setup([
      new Response('busy', { status: 503 }),
      new Response(null, { status: 429, headers: { 'Retry-After': '120' } }),
      new Response(null, { status: 200 }),
    ]);
    await run();
    expect((await store.outboxOf('t-1'))[0]).toMatchObject({ status: 'pending', nextAttemptAt: clock.now() + 5_000 });
    clock.advance(4_999);
    await run();
    expect(received).toHaveLength(1);
    clock.advance(1);
    await run();
    expect((await store.outboxOf('t-1'))[0]).toMatchObject({ status: 'pending', nextAttemptAt: clock.now() + 120_000 });
    clock.advance(120_000);
    await run();
    expect(received.map((r) => r.headers.get('webhook-id'))).toEqual(['msg_1', 'msg_1', 'msg_1']);
    expect((await store.deliveryAttempts('msg_1')).map((a) => a.httpStatus)).toEqual([503, 429, 200]);
    expect((await store.outboxOf('t-1'))[0]!.status).toBe('delivered');
  });

  it('stops at once when the receiver answers 410 Gone', async () => {
    const { run, store } = await setup([new Response(null, { status: 410 })]);
    await run();
    expect((await store.outboxOf('t-1'))[0]).toMatchObject({ status: 'gone', attempts: 1 });
  });

  it('records network failures and gives up when the schedule runs out', async () => {
    const { run, store, clock, events } = await setup([new TypeError('fetch failed'), new TypeError('fetch failed'), new TypeError('fetch failed')]);
    for (let i = 0; i < 3; i++) {
      await run();
      clock.advance(60_000);
    }
    expect((await store.outboxOf('t-1'))[0]).toMatchObject({ status: 'abandoned', attempts: 3 });
    expect((await store.deliveryAttempts('msg_1')).map((a) => a.error)).toEqual(['TypeError: fetch failed', 'TypeError: fetch failed', 'TypeError: fetch failed']);
    expect(events.map((e) => (e.type === 'delivery' ? e.outcome : e.type))).toEqual(['retry', 'retry', 'abandoned']);
    expect(JSON.stringify(events)).not.toContain('match');
  });

  it('abandons a message whose client has no webhook secret, without sending it unsigned', async () => {
    const { run, store, received } = await setup([], { secret: undefined });
    await run();
    expect(received).toEqual([]);
    expect((await store.outboxOf('t-1'))[0]!.status).toBe('abandoned');
  });
});
