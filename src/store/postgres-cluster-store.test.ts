import { describe, expect, it } from 'vitest';
import { eventually } from '../../tests/support/eventually.ts';
import { createSharedTokenBucket } from '../cluster/shared-bucket.ts';
import { createSharedDrainSlots } from '../cluster/shared-slots.ts';
import { createPostgresClusterStore } from './postgres-cluster-store.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';

const schemas = useTestSchemas('cluster');

describe('the cluster store on PostgreSQL', () => {
  it('lets one instance hold the lease, and gives the next holder a larger fencing token that shuts the old one out', async () => {
    const db = await schemas.open();
    const store = createPostgresClusterStore(db.pool);
    const first = await store.acquireLease('a', 200);
    expect(first).toBeDefined();
    expect(await store.acquireLease('b', 200)).toBeUndefined();
    expect(await store.acquireLease('a', 200)).toEqual(first); // renewed, same term
    // a pauses past its lease, which lapses by the database's clock.
    const next = await eventually(() => store.acquireLease('b', 10_000));
    expect(next.token).toBeGreaterThan(first!.token);
    expect(await store.holdsLease('a', first!.token)).toBe(false);
    expect(await store.publishSnapshot('{"old":true}', 'a', first!.token)).toBe(false);
    expect(await store.publishSnapshot('{"new":true}', 'b', next.token)).toBe(true);
    expect((await store.readSnapshot())?.body).toBe('{"new":true}');
  });

  it('keeps three instances drawing on one drain bucket under its rate together', async () => {
    const db = await schemas.open();
    const store = createPostgresClusterStore(db.pool);
    const ratePerSecond = 20;
    const buckets = [1, 2, 3].map(() => createSharedTokenBucket({ store, name: 'drain:population', ratePerSecond, now: Date.now }));
    let taken = 0;
    const started = Date.now();
    while (Date.now() - started < 1_000) {
      for (const bucket of buckets) if (bucket.available() > 0 && bucket.take()) taken += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // One second at 20/s, plus the one token a full bucket starts with; each instance alone would take 20.
    expect(taken).toBeLessThanOrEqual(ratePerSecond + 1);
    expect(taken).toBeGreaterThanOrEqual(ratePerSecond / 2);
  });

  it('hands out the drain slots of the province once each, however many instances ask at once, and again once given back or lapsed', async () => {
    const db = await schemas.open();
    const store = createPostgresClusterStore(db.pool);
    const asks = await Promise.all(Array.from({ length: 9 }, (_, i) => store.acquireSlots('drain:population', `drainer:${i % 3}`, 2, 4, 10_000)));
    const taken = asks.flat();
    expect(taken.sort()).toEqual([0, 1, 2, 3]);
    expect(await store.acquireSlots('drain:population', 'drainer:x', 1, 4, 10_000)).toEqual([]);
    // Given back by its holder (another's release does nothing), and a short lease lapsing, free a slot each.
    const owner = asks.findIndex((slots) => slots.length > 0);
    const slots = createSharedDrainSlots({ store, name: 'drain:population', holder: `drainer:${owner % 3}`, limit: 4, leaseMs: 10_000 });
    await store.releaseSlots('drain:population', 'drainer:nobody', asks[owner]!);
    expect(await store.acquireSlots('drain:population', 'drainer:x', 1, 4, 10_000)).toEqual([]);
    await store.releaseSlots('drain:population', `drainer:${owner % 3}`, asks[owner]!.slice(0, 1));
    expect(await store.acquireSlots('drain:population', 'drainer:x', 2, 4, 100)).toEqual(asks[owner]!.slice(0, 1));
    // The 100 ms lease lapses by the database's clock; until then the holder gets nothing (and takes nothing).
    expect(await eventually(async () => (await slots.acquire(3)) || undefined)).toBe(1);
    expect(await store.acquireSlots('drain:other', 'drainer:x', 5, 4, 100)).toHaveLength(4); // another upstream's own
  });
});
