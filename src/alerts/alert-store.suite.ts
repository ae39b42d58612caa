// One test suite for every AlertStore implementation (memory, SQLite, PostgreSQL).
import { describe, expect, it } from 'vitest';
import type { AlertStore } from './store.ts';
import type { Alert } from './types.ts';

const alert = (id: string): Alert => ({
  kind: 'alert', id, dedupKey: id.split('#')[0]!, rule: 'down', phase: 'firing', upstream: 'population', severity: 'critical',
  incidentId: 'inc-1', startsAt: 1_000, at: 1_000, endsAt: null, supersedes: [], channels: ['mail', 'hook'],
  facts: {
    state: 'down', reasons: ['probe-failing'], queueDepth: 3, oldestTicketAt: 900, communesAffected: ['21085'], ticketsQueued: 3,
    requestsFailed: 7, requestsServedStale: 1, estimatedDrainSeconds: 2, bounces: 1,
  },
});

export function alertStoreSuite(name: string, open: () => Promise<AlertStore>): void {
  describe(`AlertStore (${name})`, () => {
    it('stores one entry per channel and ignores the same message enqueued again', async () => {
      const store = await open();
      expect(await store.enqueue(alert('down/population/inc-1#firing'), ['mail', 'hook'], 10)).toEqual([
        'down/population/inc-1#firing@mail', 'down/population/inc-1#firing@hook',
      ]);
      expect(await store.enqueue(alert('down/population/inc-1#firing'), ['mail', 'hook'], 20)).toEqual([]);
      const entries = await store.list();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({ channel: 'mail', status: 'pending', attempts: 0, nextAttemptAt: 10, createdAt: 10, lastError: null });
      expect(entries[0]!.message).toEqual(alert('down/population/inc-1#firing'));
    });

    it('hands out only the oldest pending entry of each channel, so a channel gets its messages in order', async () => {
      const store = await open();
      await store.enqueue(alert('a#firing'), ['mail', 'hook'], 10);
      await store.enqueue(alert('a#resolved'), ['mail', 'hook'], 11);
      const first = await store.claim('w1', 20, 1_000);
      expect(first.map((entry) => entry.id)).toEqual(['a#firing@mail', 'a#firing@hook']);
      expect(await store.claim('w2', 20, 1_000)).toEqual([]);
      expect(await store.settle('a#firing@mail', 'w1', { status: 'delivered', at: 21 })).toBe(true);
      expect(await store.settle('a#firing@hook', 'w1', { status: 'pending', at: 21, nextAttemptAt: 500, error: 'HTTP 503' })).toBe(true);
      // mail moves on; hook keeps its resolution behind the firing that waits for its retry.
      expect((await store.claim('w1', 22, 1_000)).map((entry) => entry.id)).toEqual(['a#resolved@mail']);
      expect(await store.claim('w1', 499, 1_000)).toEqual([]);
      const retried = await store.claim('w1', 500, 1_000);
      expect(retried).toMatchObject([{ id: 'a#firing@hook', attempts: 1, lastError: 'HTTP 503' }]);
    });

    it('lets only the lease holder settle, and gives a lapsed lease to another worker', async () => {
      const store = await open();
      await store.enqueue(alert('b#firing'), ['mail'], 10);
      await store.claim('w1', 10, 100);
      expect(await store.settle('b#firing@mail', 'w2', { status: 'delivered', at: 20 })).toBe(false);
      expect(await store.claim('w2', 50, 100)).toEqual([]);
      expect((await store.claim('w2', 111, 100)).map((entry) => entry.id)).toEqual(['b#firing@mail']);
      expect(await store.settle('b#firing@mail', 'w1', { status: 'delivered', at: 120 })).toBe(false);
      expect(await store.settle('b#firing@mail', 'w2', { status: 'abandoned', at: 120, error: 'HTTP 400' })).toBe(true);
      expect(await store.list('abandoned')).toMatchObject([{ id: 'b#firing@mail', status: 'abandoned', endedAt: 120, attempts: 1, lastError: 'HTTP 400' }]);
      expect(await store.list('pending')).toEqual([]);
    });

    it('prunes what was delivered or abandoned before a time, never what is pending', async () => {
      const store = await open();
      await store.enqueue(alert('c#firing'), ['mail', 'hook', 'chat'], 10);
      await store.claim('w', 10, 100);
      await store.settle('c#firing@mail', 'w', { status: 'delivered', at: 20 });
      await store.settle('c#firing@hook', 'w', { status: 'abandoned', at: 30, error: 'HTTP 400' });
      expect(await store.prune(25)).toBe(1);
      expect(await store.prune(1_000)).toBe(1);
      expect((await store.list()).map((entry) => entry.id)).toEqual(['c#firing@chat']);
    });

    it('keeps the engine state and the admin maintenance windows', async () => {
      const store = await open();
      expect(await store.loadState()).toBeUndefined();
      await store.saveState({ version: 1, upstreams: { land: { bounces: [1, 2] } } }, 5);
      await store.saveState({ version: 1, upstreams: { land: { bounces: [3] } } }, 6);
      expect(await store.loadState()).toEqual({ version: 1, upstreams: { land: { bounces: [3] } } });
      await store.addMaintenance({ id: 'm2', upstream: 'land', fromMs: 5_000, toMs: 9_000, note: 'Nâng cấp máy chủ', createdAt: 1 });
      await store.addMaintenance({ id: 'm1', upstream: 'population', fromMs: 1_000, toMs: 2_000, createdAt: 1 });
      expect(await store.listMaintenance(0)).toEqual([
        { id: 'm1', upstream: 'population', fromMs: 1_000, toMs: 2_000, createdAt: 1 },
        { id: 'm2', upstream: 'land', fromMs: 5_000, toMs: 9_000, note: 'Nâng cấp máy chủ', createdAt: 1 },
      ]);
      expect((await store.listMaintenance(2_000)).map((window) => window.id)).toEqual(['m2']);
    });

    it('adds up the ticket counts of a day', async () => {
      const store = await open();
      expect(await store.ticketCounts('2025-03-04')).toBeUndefined();
      await store.addTicketCounts('2025-03-04', { queued: 3, completed: 1, failed: 0, expired: 0 });
      await store.addTicketCounts('2025-03-04', { queued: 1, completed: 2, failed: 1, expired: 1 });
      await store.addTicketCounts('2025-03-05', { queued: 9, completed: 0, failed: 0, expired: 0 });
      expect(await store.ticketCounts('2025-03-04')).toEqual({ queued: 4, completed: 3, failed: 1, expired: 1 });
    });
  });
}
