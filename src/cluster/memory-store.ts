// The cluster store of a single instance (SQLite installs, tests): the lease is always its own, the snapshot and
// the buckets live in memory.
import type { ClusterStore } from './store.ts';

export function createMemoryClusterStore(now: () => number = Date.now): ClusterStore {
  let lease: { holder: string; token: number; until: number } | undefined;
  let snapshot: { body: string; at: number } | undefined;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const slots = new Map<string, { holder: string; until: number }>(); // `${name}#${slot}`
  return {
    async acquireLease(holder, leaseMs) {
      const at = now();
      if (lease && lease.holder !== holder && lease.until > at) return undefined;
      const token = lease && lease.holder === holder && lease.until > at ? lease.token : (lease?.token ?? 0) + 1;
      lease = { holder, token, until: at + leaseMs };
      return { token };
    },
    async holdsLease(holder, token) {
      return lease !== undefined && lease.holder === holder && lease.token === token && lease.until > now();
    },
    async releaseLease(holder) {
      if (lease?.holder === holder) lease = { ...lease, until: 0 };
    },
    async publishSnapshot(body, holder, token) {
      if (!(await this.holdsLease(holder, token))) return false;
      snapshot = { body, at: now() };
      return true;
    },
    async readSnapshot() {
      return snapshot;
    },
    async takeTokens(name, wanted, ratePerSecond, burst) {
      const at = now();
      const held = buckets.get(name) ?? { tokens: burst, at };
      const tokens = Math.min(burst, held.tokens + ((at - held.at) * ratePerSecond) / 1000);
      const taken = Math.max(0, Math.min(wanted, Math.floor(tokens + 1e-9)));
      buckets.set(name, { tokens: tokens - taken, at });
      const left = tokens - taken;
      return { taken, left, waitMs: taken >= wanted ? 0 : Math.ceil(((1 - left) * 1000) / ratePerSecond) };
    },
    async acquireSlots(name, holder, wanted, limit, leaseMs) {
      const at = now();
      const taken: number[] = [];
      for (let slot = 0; slot < limit && taken.length < wanted; slot += 1) {
        const key = `${name}#${slot}`;
        if ((slots.get(key)?.until ?? 0) > at) continue;
        slots.set(key, { holder, until: at + leaseMs });
        taken.push(slot);
      }
      return taken;
    },
    async releaseSlots(name, holder, given) {
      for (const slot of given) {
        const key = `${name}#${slot}`;
        if (slots.get(key)?.holder === holder) slots.delete(key);
      }
    },
  };
}
