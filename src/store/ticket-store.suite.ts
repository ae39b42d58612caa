// The one TicketStore conformance suite, run against every implementation (memory, SQLite, PostgreSQL).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimFairly } from '../queue/claim.ts';
import { purgeCutoffs } from '../queue/retention.ts';
import type { TicketStore } from '../queue/store.ts';
import type { NewTicket } from '../queue/types.ts';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0); // 09:00 in Hà Nội
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let serial = 0;
function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  serial += 1;
  return {
    id: `t-${String(serial).padStart(5, '0')}`,
    client: 'xa-son-thuy',
    idempotencyKey: `key-${serial}`,
    bodyHash: 'hash-a',
    type: 'citizen-identity',
    upstream: 'population',
    communeCode: '21085',
    officerId: '051090001234',
    purpose: 'dang-ky-khai-sinh',
    caseId: null,
    requestId: `req-${serial}`,
    subject: { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15' },
    callbackUrl: null,
    citizenWaiting: false,
    createdAt: T0 + serial,
    expiresAt: T0 + 24 * HOUR,
    ...overrides,
  };
}

export function ticketStoreSuite(name: string, open: () => Promise<TicketStore>): void {
  describe(`TicketStore: ${name}`, () => {
    let store: TicketStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a ticket once per client and key, and returns the stored one on a repeat', async () => {
      const first = await store.create(newTicket({ idempotencyKey: 'same', lease: { owner: 'sync:a', until: T0 + 5_000 } }));
      expect(first.created).toBe(true);
      expect(first.ticket).toMatchObject({ status: 'in-progress', leaseOwner: 'sync:a', attempts: 0, result: null });
      expect(first.ticket.subject).toEqual({ personalId: '051190000123', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15' });
      const again = await store.create(newTicket({ idempotencyKey: 'same', bodyHash: 'hash-b' }));
      expect(again.created).toBe(false);
      expect(again.ticket.id).toBe(first.ticket.id);
      expect(again.ticket.bodyHash).toBe('hash-a');
      const otherClient = await store.create(newTicket({ idempotencyKey: 'same', client: 'xa-khac' }));
      expect(otherClient.created).toBe(true);
      expect(otherClient.ticket.status).toBe('queued');
      expect(await store.get(first.ticket.id)).toEqual(first.ticket);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('leases a ticket to one worker at a time and lets another take it once the lease lapses', async () => {
      const { ticket } = await store.create(newTicket());
      expect(await store.candidates('population', T0 + 10, 10)).toEqual([expect.objectContaining({ id: ticket.id })]);
      const [a, b] = await Promise.all([
        store.lease([ticket.id], 'worker-a', T0 + 10, 1_000),
        store.lease([ticket.id], 'worker-b', T0 + 10, 1_000),
      ]);
      expect([...a!, ...b!]).toHaveLength(1);
      const winner = a!.length === 1 ? 'worker-a' : 'worker-b';
      expect(await store.candidates('population', T0 + 500, 10)).toEqual([]);
      expect(await store.lease([ticket.id], 'worker-c', T0 + 500, 1_000)).toEqual([]);
      // The winner crashed: after its lease lapses another worker takes the ticket, with the same maYeuCau.
      const [retaken] = await store.lease([ticket.id], 'worker-c', T0 + 1_010, 1_000);
      expect(retaken).toMatchObject({ id: ticket.id, leaseOwner: 'worker-c', requestId: ticket.requestId });
      expect(await store.release(ticket.id, winner, { now: T0 + 1_020, attempts: 1, nextAttemptAt: T0, lastError: 'x' })).toBe(false);
      expect(await store.finish(ticket.id, { status: 'completed', result: {}, fetchedAt: T0 }, { now: T0 + 1_020, owner: winner })).toBe(false);
    });

    it('gives a released ticket back with its attempts and holds it until its backoff is over', async () => {
      const { ticket } = await store.create(newTicket({ lease: { owner: 'sync:x', until: T0 + 2_000 } }));
      expect(await store.candidates('population', T0 + 100, 10)).toEqual([]);
      expect(await store.release(ticket.id, 'sync:x', { now: T0 + 100, attempts: 1, nextAttemptAt: T0 + 5_000, lastError: 'timeout' })).toBe(true);
      expect(await store.get(ticket.id)).toMatchObject({ status: 'queued', attempts: 1, leaseOwner: null, lastError: 'timeout' });
      expect(await store.candidates('population', T0 + 4_999, 10)).toEqual([]);
      expect(await store.candidates('population', T0 + 5_000, 10)).toHaveLength(1);
      expect(await store.candidates('civil-status', T0 + 5_000, 10)).toEqual([]);
    });

    it('takes communes in turns, so a small commune is served while a big backlog waits', async () => {
      for (let i = 0; i < 20; i++) await store.create(newTicket({ communeCode: '11111', createdAt: T0 + i }));
      for (let i = 0; i < 2; i++) await store.create(newTicket({ communeCode: '22222', createdAt: T0 + 100 + i }));
      const lastServed = new Map<string, number>();
      const first = await claimFairly(store, 'population', { owner: 'w', now: T0 + HOUR, leaseMs: 60_000, limit: 4, lastServed });
      expect(first.map((t) => t.communeCode)).toEqual(['11111', '22222', '11111', '22222']);
      const second = await claimFairly(store, 'population', { owner: 'w', now: T0 + HOUR, leaseMs: 60_000, limit: 4, lastServed });
      expect(second.map((t) => t.communeCode)).toEqual(['11111', '11111', '11111', '11111']);
      expect(second.map((t) => t.createdAt)).toEqual([T0 + 2, T0 + 3, T0 + 4, T0 + 5]);
    });

    it('serves tickets with a citizen waiting before older ones without', async () => {
      const old = await store.create(newTicket({ createdAt: T0 }));
      const waiting = await store.create(newTicket({ createdAt: T0 + 50, citizenWaiting: true, communeCode: '22222' }));
      const lastServed = new Map<string, number>();
      const [next] = await claimFairly(store, 'population', { owner: 'w', now: T0 + 100, leaseMs: 1_000, limit: 1, lastServed });
      expect(next?.id).toBe(waiting.ticket.id);
      expect(await store.position(old.ticket)).toBe(2);
    });

    it('ends a ticket and writes its callback to the outbox in one step, only for the lease holder', async () => {
      const { ticket } = await store.create(newTicket({ callbackUrl: 'https://xa.example/hooks', lease: { owner: 'sync:1', until: T0 + 100 } }));
      const outbox = { id: 'msg_1', url: 'https://xa.example/hooks', body: '{"type":"verification.completed"}' };
      expect(await store.finish(ticket.id, { status: 'completed', result: { match: true }, fetchedAt: T0 + 5 }, { now: T0 + 10, owner: 'other', outbox })).toBe(false);
      expect(await store.outboxOf(ticket.id)).toEqual([]);
      expect(await store.finish(ticket.id, { status: 'completed', result: { match: true }, fetchedAt: T0 + 5 }, { now: T0 + 10, owner: 'sync:1', outbox, attempts: 1 })).toBe(true);
      expect(await store.get(ticket.id)).toMatchObject({ status: 'completed', result: { match: true }, fetchedAt: T0 + 5, endedAt: T0 + 10, leaseOwner: null, attempts: 1 });
      expect(await store.outboxOf(ticket.id)).toEqual([expect.objectContaining({ id: 'msg_1', status: 'pending', body: outbox.body, client: 'xa-son-thuy' })]);
      // Ended tickets never change again.
      expect(await store.finish(ticket.id, { status: 'failed', failure: { code: 'x', detail: 'x' } }, { now: T0 + 20 })).toBe(false);
      expect(await store.lease([ticket.id], 'w', T0 + HOUR, 1_000)).toEqual([]);
    });

    it('finds tickets past their expiry, expires them, and never offers them for draining', async () => {
      const { ticket } = await store.create(newTicket({ expiresAt: T0 + 1_000 }));
      const leased = await store.create(newTicket({ expiresAt: T0 + 1_000, lease: { owner: 'w', until: T0 + 5_000 } }));
      expect(await store.candidates('population', T0 + 1_000, 10)).toEqual([]);
      expect((await store.expiredTickets('population', T0 + 1_000, 10)).map((t) => t.id)).toEqual([ticket.id]);
      expect(await store.finish(ticket.id, { status: 'expired', failure: { code: 'expired', detail: 'too late' } }, { now: T0 + 1_000 })).toBe(true);
      expect(await store.finish(leased.ticket.id, { status: 'expired', failure: { code: 'expired', detail: 'x' } }, { now: T0 + 1_000 })).toBe(false);
      expect((await store.expiredTickets('population', T0 + 5_000, 10)).map((t) => t.id)).toEqual([leased.ticket.id]);
      expect(await store.get(ticket.id)).toMatchObject({ status: 'expired', failure: { code: 'expired', detail: 'too late' } });
    });

    it('counts queued and in-progress tickets per upstream and commune for health', async () => {
      await store.create(newTicket({ communeCode: '11111', createdAt: T0 + 7 }));
      await store.create(newTicket({ communeCode: '11111', createdAt: T0 + 3 }));
      await store.create(newTicket({ communeCode: '22222', lease: { owner: 'sync:1', until: T0 + 100 } }));
      await store.create(newTicket({ upstream: 'land', type: 'land-parcel' }));
      expect(await store.stats('population')).toEqual({
        queued: 2, inProgress: 1, oldestQueuedAt: T0 + 3,
        byCommune: { '11111': { queued: 2, inProgress: 0 }, '22222': { queued: 0, inProgress: 1 } },
      });
      expect(await store.stats('civil-status')).toEqual({ queued: 0, inProgress: 0, oldestQueuedAt: null, byCommune: {} });
    });

    it('lists a client’s communes newest first, by status, a page at a time', async () => {
      for (let i = 0; i < 5; i++) await store.create(newTicket({ createdAt: T0 + i, communeCode: i === 4 ? '33333' : '21085' }));
      const page1 = await store.list({ communes: ['21085'], limit: 3 });
      expect(page1.tickets.map((t) => t.createdAt)).toEqual([T0 + 3, T0 + 2, T0 + 1]);
      expect(page1.nextCursor).not.toBeNull();
      const page2 = await store.list({ communes: ['21085'], limit: 3, cursor: page1.nextCursor! });
      expect(page2.tickets.map((t) => t.createdAt)).toEqual([T0]);
      expect(page2.nextCursor).toBeNull();
      expect((await store.list({ communes: ['21085', '33333'], status: 'completed', limit: 10 })).tickets).toEqual([]);
    });

    it('forgets the subject, officer and purpose when a ticket ends, and keeps what the client still fetches', async () => {
      const { ticket } = await store.create(newTicket({ caseId: 'HS-2026-0042', lease: { owner: 'sync:1', until: T0 + 100 } }));
      const result = { match: true, holders: [{ fullName: 'TRẦN THỊ BÌNH', personalId: '001180000456' }] };
      expect(await store.finish(ticket.id, { status: 'completed', result, fetchedAt: T0 + 5 }, { now: T0 + 10, owner: 'sync:1', attempts: 1 })).toBe(true);
      expect(await store.get(ticket.id)).toMatchObject({
        subject: {}, officerId: '', purpose: '', status: 'completed', result, caseId: 'HS-2026-0042', idempotencyKey: ticket.idempotencyKey,
        bodyHash: 'hash-a', reducedAt: null,
      });
      // The key still finds the ticket (a repeated POST gets its result) while the result is kept.
      expect((await store.create(newTicket({ idempotencyKey: ticket.idempotencyKey }))).ticket.id).toBe(ticket.id);
    });

    it('refuses a new key once the client has its quota of open tickets, yet answers a used key with its ticket', async () => {
      const first = await store.admit(newTicket({ idempotencyKey: 'q-1' }), 2);
      const second = await store.admit(newTicket({ idempotencyKey: 'q-2', lease: { owner: 'sync:2', until: T0 + 100 } }), 2);
      expect([first.outcome, second.outcome]).toEqual(['created', 'created']);
      expect(await store.admit(newTicket({ idempotencyKey: 'q-3' }), 2)).toEqual({ outcome: 'over-quota', openTickets: 2 });
      expect(await store.admit(newTicket({ idempotencyKey: 'q-1' }), 2)).toMatchObject({ outcome: 'existing', ticket: { id: first.outcome === 'over-quota' ? '' : first.ticket.id } });
      // Another client has its own quota; an ended ticket frees a place.
      expect((await store.admit(newTicket({ idempotencyKey: 'q-3', client: 'xa-khac' }), 2)).outcome).toBe('created');
      const leased = second.outcome === 'over-quota' ? '' : second.ticket.id;
      await store.finish(leased, { status: 'failed', failure: { code: 'not-found', detail: 'x' } }, { now: T0 + 10, owner: 'sync:2' });
      expect((await store.admit(newTicket({ idempotencyKey: 'q-3' }), 2)).outcome).toBe('created');
    });

    it('empties a callback’s body once it is no longer pending', async () => {
      const { ticket } = await store.create(newTicket({ lease: { owner: 'w', until: T0 + 100 } }));
      await store.finish(ticket.id, { status: 'completed', result: { match: true }, fetchedAt: T0 }, { now: T0, owner: 'w', outbox: { id: 'msg_b', url: 'https://x.example/h', body: '{"data":"NGUYỄN VĂN AN"}' } });
      await store.claimDeliveries('d', T0, 10_000, 10);
      const attempt = { outboxId: 'msg_b', attempt: 1, at: T0 + 1, httpStatus: 500, error: null, durationMs: 3 };
      await store.recordDelivery('msg_b', 'd', attempt, { status: 'pending', nextAttemptAt: T0 + 10 });
      expect((await store.outboxOf(ticket.id))[0]?.body).toBe('{"data":"NGUYỄN VĂN AN"}');
      await store.claimDeliveries('d', T0 + 10, 10_000, 10);
      await store.recordDelivery('msg_b', 'd', { ...attempt, attempt: 2, at: T0 + 11, httpStatus: 204 }, { status: 'delivered' });
      expect((await store.outboxOf(ticket.id))[0]).toMatchObject({ status: 'delivered', body: '' });
    });

    it('purges by stage: ended callbacks go, results give way to outcome records, old outcome records are deleted', async () => {
      const policy = { resultsDays: 7, outcomeDays: 30 };
      const end = async (createdAt: number, endedAt: number, outbox?: string) => {
        const { ticket } = await store.create(newTicket({ createdAt, caseId: 'HS-1', callbackUrl: 'https://x.example/h', lease: { owner: 'w', until: endedAt + 1 } }));
        const result = { holders: [{ fullName: 'TRẦN THỊ BÌNH' }] };
        await store.finish(ticket.id, { status: 'completed', result, fetchedAt: endedAt }, {
          now: endedAt, owner: 'w', ...(outbox ? { outbox: { id: outbox, url: 'https://x.example/h', body: '{"result":"TRẦN THỊ BÌNH"}' } } : {}),
        });
        return ticket;
      };
      const open = (await store.create(newTicket({ createdAt: T0 }))).ticket;
      const recent = await end(T0, T0 + DAY, 'msg_recent'); // pending callback, result still wanted
      const delivered = await end(T0, T0 + DAY, 'msg_delivered');
      await store.claimDeliveries('d', T0 + DAY, 10_000, 10);
      await store.recordDelivery('msg_delivered', 'd', { outboxId: 'msg_delivered', attempt: 1, at: T0 + DAY, httpStatus: 204, error: null, durationMs: 1 }, { status: 'delivered' });
      const old = await end(T0 - 8 * DAY, T0 - 7 * DAY, 'msg_old'); // exactly resultsDays before now: an outcome
      const ancient = await end(T0 - 31 * DAY, T0 - 30 * DAY);
      const now = T0;

      // The ancient one is reduced and then deleted in the same call.
      expect(await store.purge(purgeCutoffs(now, policy), 100)).toEqual({ reduced: 2, deleted: 1, callbacksDeleted: 2 });
      expect(await store.get(open.id)).toMatchObject({ status: 'queued', subject: open.subject, officerId: open.officerId });
      expect(await store.get(recent.id)).toMatchObject({ result: { holders: [{ fullName: 'TRẦN THỊ BÌNH' }] }, caseId: 'HS-1', reducedAt: null });
      expect(await store.outboxOf(recent.id)).toEqual([expect.objectContaining({ id: 'msg_recent', status: 'pending', body: '{"result":"TRẦN THỊ BÌNH"}' })]);
      expect(await store.outboxOf(delivered.id)).toEqual([]);
      expect(await store.deliveryAttempts('msg_delivered')).toEqual([]);
      expect(await store.outboxOf(old.id)).toEqual([]);
      const reduced = await store.get(old.id);
      expect(reduced).toMatchObject({
        id: old.id, type: 'citizen-identity', status: 'completed', communeCode: '21085', createdAt: T0 - 8 * DAY, endedAt: T0 - 7 * DAY,
        subject: {}, officerId: '', purpose: '', caseId: null, callbackUrl: null, result: null, fetchedAt: null, bodyHash: '', reducedAt: now,
      });
      expect(reduced?.idempotencyKey).not.toBe(old.idempotencyKey);
      expect(await store.get(ancient.id)).toBeUndefined();
      // The released key is free again, and a second purge finds nothing more to do.
      expect((await store.create(newTicket({ idempotencyKey: old.idempotencyKey }))).created).toBe(true);
      expect(await store.purge(purgeCutoffs(now, policy), 100)).toEqual({ reduced: 0, deleted: 0, callbacksDeleted: 0 });
      // Batches: at most `limit` tickets per call.
      await end(T0 - 9 * DAY, T0 - 8 * DAY);
      await end(T0 - 9 * DAY, T0 - 8 * DAY);
      expect((await store.purge(purgeCutoffs(now, policy), 1)).reduced).toBe(1);
      expect((await store.purge(purgeCutoffs(now, policy), 1)).reduced).toBe(1);
      expect((await store.purge(purgeCutoffs(now, policy), 1)).reduced).toBe(0);
    });

    it('hands out each due callback to one deliverer, records every attempt and stops when told', async () => {
      const { ticket } = await store.create(newTicket({ lease: { owner: 'w', until: T0 + 100 } }));
      await store.finish(ticket.id, { status: 'failed', failure: { code: 'not-found', detail: 'x' } }, { now: T0, owner: 'w', outbox: { id: 'msg_2', url: 'https://x.example/h', body: '{}' } });
      const [claimed] = await store.claimDeliveries('d1', T0, 10_000, 10);
      expect(claimed).toMatchObject({ id: 'msg_2', leaseOwner: 'd1' });
      expect(await store.claimDeliveries('d2', T0 + 1, 10_000, 10)).toEqual([]);
      const attempt = { outboxId: 'msg_2', attempt: 1, at: T0 + 2, httpStatus: 503, error: null, durationMs: 12 };
      expect(await store.recordDelivery('msg_2', 'd1', attempt, { status: 'pending', nextAttemptAt: T0 + 5_000 })).toBe(true);
      expect(await store.claimDeliveries('d2', T0 + 4_999, 10_000, 10)).toEqual([]);
      const [again] = await store.claimDeliveries('d2', T0 + 5_000, 10_000, 10);
      expect(again).toMatchObject({ id: 'msg_2', attempts: 1 });
      expect(await store.recordDelivery('msg_2', 'd1', { ...attempt, attempt: 2 }, { status: 'delivered' })).toBe(false);
      expect(await store.recordDelivery('msg_2', 'd2', { ...attempt, attempt: 2, at: T0 + 5_001, httpStatus: 410 }, { status: 'gone' })).toBe(true);
      expect(await store.outboxOf(ticket.id)).toEqual([expect.objectContaining({ status: 'gone', attempts: 2, endedAt: T0 + 5_001 })]);
      expect((await store.deliveryAttempts('msg_2')).map((a) => a.httpStatus)).toEqual([503, 410]);
      expect(await store.claimDeliveries('d3', T0 + HOUR, 10_000, 10)).toEqual([]);
    });
  });
}
