import { describe, expect, it } from 'vitest';
import { CircuitOpenError, InvalidInputError, TransientError } from '../domain/errors.ts';
import { createMemoryTicketStore } from '../store/memory-ticket-store.ts';
import { createDrainer, type DrainerOptions } from './drainer.ts';
import type { QueueEvent } from './events.ts';
import type { Performer } from './perform.ts';
import type { TicketStore } from './store.ts';
import { identitySubject, manualClock, noSleep, retryPolicy, sequentialIds } from './test-support.ts';
import type { NewTicket } from './types.ts';

let serial = 0;
async function enqueue(store: TicketStore, at: number, overrides: Partial<NewTicket> = {}) {
  serial += 1;
  const { ticket } = await store.create({
    id: `t-${String(serial).padStart(4, '0')}`, client: 'c', idempotencyKey: `k-${serial}`, bodyHash: 'h', type: 'citizen-identity',
    upstream: 'population', communeCode: '21085', officerId: '051090001234', purpose: 'p', caseId: null, requestId: `maYeuCau-${serial}`,
    subject: identitySubject, callbackUrl: 'https://xa.example/hooks', citizenWaiting: false, createdAt: at, expiresAt: at + 3_600_000,
    ...overrides,
  });
  return ticket;
}

function setup(perform: Performer, overrides: Partial<DrainerOptions> = {}) {
  const clock = manualClock();
  const store = createMemoryTicketStore();
  const events: QueueEvent[] = [];
  let open = false;
  const drainer = createDrainer({
    upstream: 'population', store, perform, isOpen: () => open, ratePerSecond: 100, concurrency: 10, leaseMs: 30_000,
    callTimeoutMs: 3_000, retry: retryPolicy, owner: 'drainer-1', now: clock.now, sleep: noSleep, random: () => 0.5,
    newId: sequentialIds('m'), onEvent: (event) => events.push(event), ...overrides,
  });
  return { clock, store, drainer, events, setOpen: (value: boolean) => { open = value; } };
}

const ok: Performer = async () => ({ value: { match: true }, fetchedAt: 7 });

describe('drainer', () => {
  it('idles while the breaker is open and drains once it is not, replaying each ticket with its stored maYeuCau', async () => {
    const seen: string[] = [];
    const { clock, store, drainer, setOpen } = setup(async (ticket) => { seen.push(ticket.requestId); return { value: { match: true }, fetchedAt: 7 }; });
    const ticket = await enqueue(store, clock.now());
    setOpen(true);
    await drainer.tick();
    expect(seen).toEqual([]);
    setOpen(false);
    await drainer.tick();
    await drainer.settle();
    expect(seen).toEqual([ticket.requestId]);
    expect(await store.get(ticket.id)).toMatchObject({ status: 'completed', result: { match: true }, attempts: 1 });
    const [message] = await store.outboxOf(ticket.id);
    expect(JSON.parse(message!.body)).toMatchObject({ type: 'verification.completed', data: { id: ticket.id, status: 'completed', result: { match: true } } });
    expect(message!.body).not.toContain(identitySubject.fullName);
  });

  it('never has more replays in flight than its concurrency', async () => {
    const pending = [Promise.withResolvers<{ value: unknown; fetchedAt: number }>(), Promise.withResolvers<{ value: unknown; fetchedAt: number }>(), Promise.withResolvers<{ value: unknown; fetchedAt: number }>()];
    let started = 0;
    const { clock, store, drainer } = setup(() => pending[started++]!.promise, { concurrency: 2 });
    for (let i = 0; i < 3; i++) await enqueue(store, clock.now() + i);
    for (let i = 0; i < 3; i++) {
      await drainer.tick();
      clock.advance(1_000);
    }
    expect(started).toBe(2);
    expect(drainer.inFlight()).toBe(2);
    pending[0]!.resolve({ value: {}, fetchedAt: 1 });
    pending[1]!.resolve({ value: {}, fetchedAt: 1 });
    await drainer.settle();
    await drainer.tick();
    expect(started).toBe(3);
    pending[2]!.resolve({ value: {}, fetchedAt: 1 });
    await drainer.settle();
  });

  it('starts no more calls per second than its rate', async () => {
    let started = 0;
    const { clock, store, drainer } = setup(async () => { started += 1; return { value: {}, fetchedAt: 1 }; }, { ratePerSecond: 2 });
    for (let i = 0; i < 10; i++) await enqueue(store, clock.now() - 100 + i);
    const waitMs = await drainer.tick();
    await drainer.tick();
    expect(started).toBe(1);
    expect(waitMs).toBe(500);
    clock.advance(500);
    await drainer.tick();
    expect(started).toBe(2);
    clock.advance(10_000);
    await drainer.tick();
    expect(started).toBe(3); // a long pause does not build up a burst
    await drainer.settle();
  });

  it('backs off after a transient failure, then fails the ticket for good after the last attempt', async () => {
    const { clock, store, drainer, events } = setup(async () => { throw new TransientError('503', { upstream: 'population' }); });
    const ticket = await enqueue(store, clock.now());
    await drainer.tick();
    await drainer.settle();
    const first = await store.get(ticket.id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1, lastError: 'transient' });
    expect(first!.nextAttemptAt - clock.now()).toBe(750); // equal jitter: half of 1 s fixed, half random (0.5)
    await drainer.tick();
    await drainer.settle();
    expect((await store.get(ticket.id))!.attempts).toBe(1); // not due yet
    for (let i = 0; i < 2; i++) {
      clock.advance(60_000);
      await drainer.tick();
      await drainer.settle();
    }
    expect(await store.get(ticket.id)).toMatchObject({ status: 'failed', attempts: 3, failure: { code: 'attempts-exhausted' } });
    expect(await store.outboxOf(ticket.id)).toHaveLength(1);
    expect(events.filter((event) => event.type === 'ticket-retry')).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(identitySubject.personalId);
  });

  it('ends a ticket on a final upstream answer and calls back with the reason', async () => {
    const { clock, store, drainer } = setup(async () => { throw new InvalidInputError('05', { upstream: 'population' }); });
    const ticket = await enqueue(store, clock.now());
    await drainer.tick();
    await drainer.settle();
    expect(await store.get(ticket.id)).toMatchObject({ status: 'failed', attempts: 1, failure: { code: 'invalid-input' } });
    const [message] = await store.outboxOf(ticket.id);
    expect(JSON.parse(message!.body)).toMatchObject({ type: 'verification.failed', data: { failure: { code: 'invalid-input' } } });
  });

  it('does not count a call the half-open breaker refused as an attempt', async () => {
    const { clock, store, drainer } = setup(async () => { throw new CircuitOpenError('half-open trial running'); });
    const ticket = await enqueue(store, clock.now());
    await drainer.tick();
    await drainer.settle();
    expect(await store.get(ticket.id)).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: clock.now() + 500 });
  });

  it('expires tickets the upstream did not answer in time, with a callback', async () => {
    const { clock, store, drainer, setOpen } = setup(ok);
    const ticket = await enqueue(store, clock.now(), { expiresAt: clock.now() + 1_000 });
    setOpen(true);
    clock.advance(1_000);
    await drainer.tick();
    expect(await store.get(ticket.id)).toMatchObject({ status: 'expired', failure: { code: 'expired' } });
    const [message] = await store.outboxOf(ticket.id);
    expect(JSON.parse(message!.body)).toMatchObject({ type: 'verification.expired' });
  });

  it('takes over the tickets of a worker that crashed once their lease lapses', async () => {
    const { clock, store, drainer } = setup(ok);
    const ticket = await enqueue(store, clock.now());
    await store.lease([ticket.id], 'crashed-worker', clock.now(), 30_000);
    await drainer.tick();
    expect(drainer.inFlight()).toBe(0);
    clock.advance(30_000);
    await drainer.tick();
    await drainer.settle();
    expect(await store.get(ticket.id)).toMatchObject({ status: 'completed', requestId: ticket.requestId });
  });

  it('serves a small commune between the tickets of a big one', async () => {
    const order: string[] = [];
    const { clock, store, drainer } = setup(async (ticket) => { order.push(ticket.communeCode); return { value: {}, fetchedAt: 1 }; }, { concurrency: 1 });
    for (let i = 0; i < 5; i++) await enqueue(store, clock.now() + i, { communeCode: '11111' });
    await enqueue(store, clock.now() + 100, { communeCode: '22222' });
    for (let i = 0; i < 6; i++) {
      clock.advance(1_000);
      await drainer.tick();
      await drainer.settle();
    }
    expect(order).toEqual(['11111', '22222', '11111', '11111', '11111', '11111']);
  });

  it('claims a batch at once and gives back what it had not started when the breaker opens', async () => {
    let started = 0;
    const { clock, store, drainer, setOpen } = setup(async () => { started += 1; return { value: {}, fetchedAt: 1 }; }, { ratePerSecond: 5, concurrency: 1 });
    for (let i = 0; i < 10; i++) await enqueue(store, clock.now() - 100 + i);
    await drainer.tick();
    await drainer.settle();
    expect(started).toBe(1);
    expect((await store.stats('population')).inProgress).toBe(4); // a second's worth at 5/s, one of them done
    setOpen(true);
    await drainer.tick();
    expect(await store.stats('population')).toMatchObject({ queued: 9, inProgress: 0 });
    expect((await store.list({ communes: ['21085'], status: 'queued', limit: 10 })).tickets.every((t) => t.attempts === 0)).toBe(true);
  });

  it('runs its loop until stopped, waiting for the replay in flight', async () => {
    const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
    const asked = Promise.withResolvers<void>();
    const { clock, store, drainer } = setup(() => { asked.resolve(); return upstream.promise; }, {
      sleep: (_ms, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    });
    const ticket = await enqueue(store, clock.now());
    drainer.start();
    await asked.promise;
    const stopped = drainer.stop();
    upstream.resolve({ value: { match: false }, fetchedAt: 1 });
    await stopped;
    expect(await store.get(ticket.id)).toMatchObject({ status: 'completed' });
  });
});

describe('drainers of several instances', () => {
  it('keep the replays in flight under the concurrency of the whole province when they share drain slots', async () => {
    const { createMemoryClusterStore } = await import('../cluster/memory-store.ts');
    const { createSharedDrainSlots } = await import('../cluster/shared-slots.ts');
    const clock = manualClock();
    const store = createMemoryTicketStore();
    const cluster = createMemoryClusterStore(clock.now);
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const perform: Performer = () => new Promise((resolve) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      release.push(() => { inFlight -= 1; resolve({ value: {}, fetchedAt: 1 }); });
    });
    const drainers = ['a', 'b', 'c'].map((instance) => createDrainer({
      upstream: 'population', store, perform, isOpen: () => false, ratePerSecond: 100, concurrency: 2, leaseMs: 30_000,
      callTimeoutMs: 3_000, retry: retryPolicy, owner: `drainer:${instance}`, now: clock.now, sleep: noSleep, random: () => 0.5,
      newId: sequentialIds(instance), prefetchMs: 0, // each claims what it starts, so all three get tickets
      slots: createSharedDrainSlots({ store: cluster, name: 'drain:population', holder: `drainer:${instance}`, limit: 2, leaseMs: 30_000 }),
    }));
    for (let i = 0; i < 9; i++) await enqueue(store, clock.now() + i);
    for (let round = 0; round < 4; round++) {
      for (const drainer of drainers) await drainer.tick();
      clock.advance(100);
    }
    while (release.length > 0) release.shift()!();
    await Promise.all(drainers.map((drainer) => drainer.settle()));
    expect(most).toBe(2); // each alone would have had 2 in flight: 6 together
    const open = async () => { const stats = await store.stats('population'); return stats.queued + stats.inProgress; };
    for (let round = 0; round < 20 && (await open()) > 0; round++) {
      for (const drainer of drainers) await drainer.tick();
      while (release.length > 0) release.shift()!();
      await Promise.all(drainers.map((drainer) => drainer.settle()));
      clock.advance(100);
    }
    expect(await open()).toBe(0); // and every slot came back: all nine were drained
  });
});
