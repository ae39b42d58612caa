import { describe, expect, it } from 'vitest';
import { createLeaderElector, type LeaderEvent } from './leader.ts';
import { createMemoryClusterStore } from './memory-store.ts';

function fakeClock() {
  let at = 1_000_000;
  const waiting: { until: number; resolve: () => void }[] = [];
  return {
    now: () => at,
    sleep: (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
      waiting.push({ until: at + ms, resolve });
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    }),
    async advance(ms: number) {
      const end = at + ms;
      for (;;) {
        waiting.sort((a, b) => a.until - b.until);
        const next = waiting[0];
        if (!next || next.until > end) break;
        waiting.shift();
        at = next.until;
        next.resolve();
        for (let i = 0; i < 20; i += 1) await Promise.resolve();
      }
      at = end;
    },
  };
}

function instance(name: string, store: ReturnType<typeof createMemoryClusterStore>, clock: ReturnType<typeof fakeClock>, events: LeaderEvent[]) {
  return createLeaderElector({
    store, holder: name, leaseMs: 3_000, now: clock.now, sleep: clock.sleep,
    onElected: async () => {}, onDeposed: async () => {}, onEvent: (event) => events.push(event),
  });
}

describe('leader election', () => {
  it('elects exactly one of several instances, and moves the role within the lease time when the leader stops renewing', async () => {
    const clock = fakeClock();
    const store = createMemoryClusterStore(clock.now);
    const events: LeaderEvent[] = [];
    let frozen = false;
    const freezable = { ...store, acquireLease: (holder: string, leaseMs: number) => (frozen ? new Promise<never>(() => {}) : store.acquireLease(holder, leaseMs)) };
    const a = instance('a', freezable as typeof store, clock, events);
    const b = instance('b', store, clock, events);
    await a.start();
    await b.start();
    await clock.advance(5_000);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    // a freezes (a paused process): its lease lapses and b takes the role with a newer token.
    frozen = true;
    events.length = 0;
    await clock.advance(3_000 + 1_000);
    expect(b.isLeader()).toBe(true);
    expect(events.find((event) => event.type === 'elected')).toMatchObject({ holder: 'b', token: 2 });
    await b.stop();
    expect(a.isLeader()).toBe(true); // frozen: it never learns, which is why every singular write checks the fence
  });

  it("fences a paused old leader: once another instance holds the lease, the old term's fence says no", async () => {
    const clock = fakeClock();
    const store = createMemoryClusterStore(clock.now);
    const old = await store.acquireLease('a', 3_000);
    await clock.advance(3_001); // a paused past its lease
    const next = await store.acquireLease('b', 3_000);
    expect(next!.token).toBeGreaterThan(old!.token);
    expect(await store.holdsLease('a', old!.token)).toBe(false);
    expect(await store.holdsLease('b', next!.token)).toBe(true);
  });

  it('steps down when the store cannot be reached for two thirds of the lease, before another instance may take it', async () => {
    const clock = fakeClock();
    const store = createMemoryClusterStore(clock.now);
    let reachable = true;
    const flaky = { ...store, acquireLease: (holder: string, leaseMs: number) => (reachable ? store.acquireLease(holder, leaseMs) : Promise.reject(new Error('connection refused'))) };
    const events: LeaderEvent[] = [];
    const a = createLeaderElector({ store: flaky, holder: 'a', leaseMs: 3_000, now: clock.now, sleep: clock.sleep, onElected: async () => {}, onDeposed: async () => {}, onEvent: (event) => events.push(event), onError: () => {} });
    await a.start();
    expect(a.isLeader()).toBe(true);
    reachable = false;
    await clock.advance(2_000);
    expect(a.isLeader()).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'deposed', reason: 'unreachable' });
    await a.stop();
  });
});
