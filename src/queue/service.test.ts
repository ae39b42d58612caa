import { describe, expect, it } from 'vitest';
import { CircuitOpenError, NotFoundError, TransientError } from '../domain/errors.ts';
import { createMemoryTicketStore } from '../store/memory-ticket-store.ts';
import type { QueueEvent } from './events.ts';
import type { Performer } from './perform.ts';
import { createVerificationService, type SubmitRequest, type SubmitResult, type VerificationServiceOptions } from './service.ts';
import { identitySubject, manualClock, retryPolicy, sequentialIds } from './test-support.ts';

function setup(perform: Performer, overrides: Partial<VerificationServiceOptions> = {}) {
  const clock = manualClock();
  const store = createMemoryTicketStore();
  const woken: string[] = [];
  const unchecked = createVerificationService({
    store, perform, isOpen: () => false, retry: retryPolicy, expiresAt: (at) => at + 86_400_000,
    onQueued: (upstream) => woken.push(upstream), now: clock.now, newId: sequentialIds(), random: () => 0.5, ...overrides,
  });
  // Most tests stay under the quota: their results always carry a ticket.
  const service = {
    ...unchecked,
    async submit(request: SubmitRequest): Promise<Exclude<SubmitResult, { kind: 'over-quota' }>> {
      const result = await unchecked.submit(request);
      if (result.kind === 'over-quota') throw new Error('unexpectedly over the open-ticket quota');
      return result;
    },
  };
  const request = (overrides: Partial<SubmitRequest> = {}): SubmitRequest => ({
    client: 'xa-son-thuy', idempotencyKey: 'k-1', communeCode: '21085', officerId: '051090001234', purpose: 'dang-ky-ket-hon',
    body: { type: 'citizen-identity', subject: identitySubject }, signal: new AbortController().signal, deadlineAt: clock.now() + 10_000,
    ...overrides,
  });
  return { clock, store, service, unchecked, request, woken };
}

const match = { match: true, fields: { fullName: true, dateOfBirth: true } };

describe('verification service', () => {
  it('answers from the upstream when it is healthy, and stores the completed ticket first and last', async () => {
    const seen: string[] = [];
    const { service, store, request } = setup(async (ticket) => {
      seen.push((await store.get(ticket.id))!.status);
      return { value: match, fetchedAt: 42 };
    });
    const result = await service.submit(request());
    expect(result.kind).toBe('completed');
    expect(seen).toEqual(['in-progress']); // committed before the upstream was asked
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'completed', result: match, fetchedAt: 42, attempts: 1 });
    expect(await store.outboxOf(result.ticket.id)).toEqual([]);
  });

  it('queues the ticket with its attempt counted when the upstream fails within the budget', async () => {
    const { service, store, request, woken, clock } = setup(async () => { throw new TransientError('down', { upstream: 'population' }); });
    const result = await service.submit(request());
    expect(result).toMatchObject({ kind: 'queued', position: 1 });
    const stored = await store.get(result.ticket.id);
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, lastError: 'transient', leaseOwner: null });
    expect(stored!.nextAttemptAt).toBeGreaterThan(clock.now());
    expect(woken).toEqual(['population']);
  });

  it('does not call an upstream whose breaker is open', async () => {
    let calls = 0;
    const { service, store, request } = setup(async () => { calls += 1; return { value: match, fetchedAt: 0 }; }, { isOpen: () => true });
    const result = await service.submit(request());
    expect(result.kind).toBe('queued');
    expect(calls).toBe(0);
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('does not count a refusal by the open breaker as an attempt', async () => {
    const { service, store, request } = setup(async () => { throw new CircuitOpenError('open'); });
    const result = await service.submit(request());
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'queued', attempts: 0, lastError: 'circuit-open' });
  });

  it('ends the ticket as failed on a final upstream answer, without a callback', async () => {
    const { service, store, request } = setup(async () => { throw new NotFoundError('none', { upstream: 'population' }); });
    const result = await service.submit(request({ body: { type: 'citizen-identity', subject: identitySubject, callbackUrl: 'https://xa.example/h' } }));
    expect(result.kind).toBe('failed');
    expect(result.ticket).toMatchObject({ status: 'failed', failure: { code: 'not-found' } });
    expect(await store.outboxOf(result.ticket.id)).toEqual([]);
  });

  it('returns the same ticket and result for the same key and body, whatever the key order', async () => {
    let calls = 0;
    const { service, request } = setup(async () => { calls += 1; return { value: match, fetchedAt: 1 }; });
    const first = await service.submit(request());
    const reordered = { dateOfBirth: '1990-03-15', fullName: 'NGUYỄN VĂN AN', personalId: '051190000123' };
    const second = await service.submit(request({ body: { subject: reordered, type: 'citizen-identity', citizenWaiting: false } }));
    expect(second).toMatchObject({ kind: 'completed', ticket: { id: first.ticket.id, result: match } });
    expect(calls).toBe(1);
  });

  it('refuses the same key with another body, and scopes keys per client', async () => {
    const { service, request } = setup(async () => ({ value: match, fetchedAt: 1 }));
    const first = await service.submit(request());
    const other = await service.submit(request({ body: { type: 'marital-status', subject: { personalId: '051190000123' } } }));
    expect(other.kind).toBe('key-reused');
    const otherCommune = await service.submit(request({ communeCode: '21088' }));
    expect(otherCommune.kind).toBe('key-reused');
    const otherClient = await service.submit(request({ client: 'xa-khac' }));
    expect(otherClient.kind).toBe('completed');
    expect(otherClient.ticket.id).not.toBe(first.ticket.id);
  });

  it('says "still being answered" to a repeat that arrives while the first request waits on the upstream', async () => {
    const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
    const asked = Promise.withResolvers<void>();
    const { service, request } = setup(() => {
      asked.resolve();
      return upstream.promise;
    });
    const first = service.submit(request());
    await asked.promise;
    expect((await service.submit(request())).kind).toBe('in-flight');
    upstream.resolve({ value: match, fetchedAt: 1 });
    expect((await first).kind).toBe('completed');
    expect((await service.submit(request())).kind).toBe('completed');
  });

  it('answers 202 when the caller goes away and lets the attempt finish the ticket', async () => {
    const controller = new AbortController();
    const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
    const { service, store, request } = setup(() => upstream.promise);
    const pending = service.submit(request({ signal: controller.signal }));
    controller.abort();
    const result = await pending;
    expect(result.kind).toBe('queued');
    upstream.resolve({ value: match, fetchedAt: 7 });
    await upstream.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'completed', attempts: 1, result: match });
  });

  it('answers 202 when the budget runs out, and a late upstream answer completes the ticket instead of a second call', async () => {
    const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
    let calls = 0;
    const { service, store, request } = setup(() => { calls += 1; return upstream.promise; }, { syncBudgetMs: 5 });
    const result = await service.submit(request({ body: { type: 'citizen-identity', subject: identitySubject, callbackUrl: 'https://xa.example.vn/hook' } }));
    expect(result.kind).toBe('queued');
    // A repeat while the late attempt runs gets the same ticket, not a 409.
    expect((await service.submit(request({ body: { type: 'citizen-identity', subject: identitySubject, callbackUrl: 'https://xa.example.vn/hook' } }))).kind).toBe('queued');
    upstream.resolve({ value: match, fetchedAt: 9 });
    await upstream.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(await store.outboxOf(result.ticket.id)).toHaveLength(1); // the caller had a 202: it learns the end by callback
    expect(calls).toBe(1);
  });

  it('reports a store failure while recording a late answer as an event, never as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
      const events: QueueEvent[] = [];
      const { service, store, request } = setup(() => upstream.promise, { syncBudgetMs: 5, onEvent: (event) => events.push(event) });
      const result = await service.submit(request());
      expect(result.kind).toBe('queued');
      store.finish = async () => { throw new Error('disk I/O error'); };
      upstream.resolve({ value: match, fetchedAt: 9 });
      await service.close(1_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(events).toContainEqual(expect.objectContaining({ type: 'completion-error', ticketId: result.ticket.id, message: 'disk I/O error' }));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('lets late attempts finish when it closes, within the bound', async () => {
    const upstream = Promise.withResolvers<{ value: unknown; fetchedAt: number }>();
    const { service, store, request } = setup(() => upstream.promise, { syncBudgetMs: 5 });
    const result = await service.submit(request());
    const closed = service.close(5_000);
    upstream.resolve({ value: match, fetchedAt: 9 });
    await closed;
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('gives the ticket back to the queue when a late attempt outlasts the close bound', async () => {
    const { service, store, request } = setup(() => new Promise(() => {}), { syncBudgetMs: 5 });
    const result = await service.submit(request());
    await service.close(10);
    expect(await store.get(result.ticket.id)).toMatchObject({ status: 'queued', leaseOwner: null });
  });

  it('bounds the attempt by the ticket lease, not by the caller', async () => {
    let deadline = 0;
    const { service, request, clock } = setup(async (_ticket, options) => { deadline = options.deadlineAt; return { value: match, fetchedAt: 1 }; }, { syncBudgetMs: 1_500, syncLeaseGraceMs: 5_000 });
    await service.submit(request());
    expect(deadline).toBe(clock.now() + 1_500 + 5_000 - 1_000);
  });

  it('shows a ticket only to the communes it belongs to', async () => {
    const { service, request } = setup(async () => { throw new TransientError('down'); });
    const { ticket } = await service.submit(request());
    expect(await service.get(ticket.id, ['21088'])).toBeUndefined();
    expect(await service.get(ticket.id, ['21085'])).toMatchObject({ ticket: { id: ticket.id }, position: 1 });
  });
});
