// Test only: what a fake server has received, in order, and a bounded wait for the first `count` of it.
export interface Arrivals<T> {
  items: T[];
  push(item: T): void;
  /** Resolves with the first `count` items once they are in; rejects after `timeoutMs` (default 10 s). */
  received(count: number, timeoutMs?: number): Promise<T[]>;
}

/** `noun` names the items in the timeout's message ("requests", "emails"). */
export function arrivals<T>(noun: string): Arrivals<T> {
  const items: T[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    items,
    push(item) {
      items.push(item);
      for (const waiter of waiters.filter((w) => items.length >= w.count)) waiter.resolve();
    },
    received(count, timeoutMs = 10_000) {
      if (items.length >= count) return Promise.resolve(items.slice(0, count));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} ${noun}, got ${items.length} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(items.slice(0, count)); } });
      });
    },
  };
}
