// The TicketStore suite on D1 served by workerd (Miniflare), offline.
import { afterAll, describe, expect, it } from 'vitest';
import { createD1TicketStore } from './d1-ticket-store.ts';
import { startTestD1 } from './d1-test-support.ts';
import { ticketStoreSuite } from './ticket-store.suite.ts';

const d1 = startTestD1();
afterAll(() => d1.close());

ticketStoreSuite('D1 (workerd)', async () => createD1TicketStore(await d1.fresh()));

describe('D1 ticket store under concurrent isolates', () => {
  const ticket = (key: string) => ({
    id: `t-${key}`, client: 'xa-son-thuy', idempotencyKey: key, bodyHash: 'h', type: 'citizen-identity' as const, upstream: 'population' as const,
    communeCode: '21085', officerId: '051090001234', purpose: 'p', caseId: null, requestId: `r-${key}`, subject: { personalId: '051190000123' },
    callbackUrl: null, citizenWaiting: false, createdAt: 1_000, expiresAt: 100_000,
  });

  it('admits no more than the quota when many admits for one client arrive at once', async () => {
    const store = createD1TicketStore(await d1.fresh());
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => store.admit(ticket(`k-${index}`), 3)));
    expect(results.filter((result) => result.outcome === 'created')).toHaveLength(3);
    expect(results.filter((result) => result.outcome === 'over-quota')).toHaveLength(9);
    expect((await store.stats('population')).queued).toBe(3);
  });

  it('ends a ticket and writes its callback once when two workers finish it at the same moment', async () => {
    const store = createD1TicketStore(await d1.fresh());
    await store.create(ticket('k'));
    const finish = (outboxId: string) => store.finish('t-k', { status: 'failed', failure: { code: 'expired', detail: 'x' } }, {
      now: 2_000, outbox: { id: outboxId, url: 'https://xa.example/hooks', body: '{}' },
    });
    const ended = await Promise.all([finish('msg_a'), finish('msg_b'), finish('msg_c')]);
    expect(ended.filter(Boolean)).toHaveLength(1);
    expect(await store.outboxOf('t-k')).toHaveLength(1);
  });
});
