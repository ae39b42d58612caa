// Idempotency across gateway instances: two services on one store, as two instances on one PostgreSQL.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTicketStore } from '../store/memory-ticket-store.ts';
import type { Performer } from './perform.ts';
import { createVerificationService, type SubmitRequest } from './service.ts';
import { identitySubject, manualClock, retryPolicy, sequentialIds } from './test-support.ts';

function instances(perform: Performer, syncBudgetMs = 20) {
  const clock = manualClock();
  const store = createMemoryTicketStore();
  const instance = (name: string) => createVerificationService({
    store, perform, isOpen: () => false, retry: retryPolicy, expiresAt: (at) => at + 86_400_000, syncBudgetMs,
    now: clock.now, newId: sequentialIds(name), random: () => 0.5,
  });
  const request = (): SubmitRequest => ({
    client: 'xa-son-thuy', idempotencyKey: 'k-1', communeCode: '21085', officerId: '051090001234', purpose: 'dang-ky-ket-hon',
    body: { type: 'citizen-identity', subject: identitySubject }, signal: new AbortController().signal, deadlineAt: clock.now() + 10_000,
  });
  return { clock, store, a: instance('a'), b: instance('b'), request };
}

describe('idempotency across instances', () => {
  it('gives a repeat that reaches another instance after the first answered 202 the same ticket, never 409', async () => {
    let finish: (value: { value: unknown; fetchedAt: number }) => void = () => {};
    const { clock, a, b, request } = instances(() => new Promise((resolve) => { finish = resolve; }));
    const first = await a.submit(request()); // the upstream is slow: 202 after the 20 ms budget, the call goes on
    expect(first.kind).toBe('queued');
    clock.advance(21);
    const repeat = await b.submit(request());
    expect(repeat).toMatchObject({ kind: 'queued', ticket: { id: first.kind === 'queued' ? first.ticket.id : '' } });
    finish({ value: { match: true }, fetchedAt: clock.now() });
    await a.close(1_000);
    expect(await b.submit(request())).toMatchObject({ kind: 'completed' });
  });

  afterEach(() => void vi.useRealTimers());

  it('still answers 409 on another instance while the first request is within its budget', async () => {
    // The budget's timer only runs when the test says so, however slow the machine between the two submits.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { a, b, store, request } = instances(() => new Promise(() => {}), 1_500);
    const first = a.submit(request());
    // Wait for the event that matters: the first request has stored its ticket.
    const stored = async () => { const stats = await store.stats('population'); return stats.queued + stats.inProgress > 0; };
    while (!(await stored())) await new Promise((resolve) => setImmediate(resolve));
    expect((await b.submit(request())).kind).toBe('in-flight');
    // The budget ends: the first answers 202.
    await vi.advanceTimersByTimeAsync(1_500);
    expect((await first).kind).toBe('queued');
  });
});
