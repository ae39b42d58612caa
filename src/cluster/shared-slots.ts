// Drain slots shared by every instance: the cluster store holds one leased row per slot of an upstream's drain,
// so the instances together never have more replays in flight than configured. A slot whose holder died lapses
// with its lease (at least a replay's deadline plus grace), so a kill -9 cannot leak the province's concurrency.
import type { DrainSlots } from '../queue/drain-slots.ts';
import type { ClusterStore } from './store.ts';

export interface SharedDrainSlotsOptions {
  store: Pick<ClusterStore, 'acquireSlots' | 'releaseSlots'>;
  /** The slots' name in the store (e.g. `drain:population`). */
  name: string;
  /** This drainer's unique name (its ticket lease owner). */
  holder: string;
  /** Replays in flight for the whole province. */
  limit: number;
  /** How long a slot stays taken if it is never given back, ms (the ticket lease: longer than any replay). */
  leaseMs: number;
  onError?: (error: unknown) => void;
}

export function createSharedDrainSlots(options: SharedDrainSlotsOptions): DrainSlots {
  const { store, name, holder } = options;
  const held: number[] = [];
  return {
    async acquire(wanted) {
      if (wanted <= 0) return 0;
      const slots = await store.acquireSlots(name, holder, wanted, options.limit, options.leaseMs);
      held.push(...slots);
      return slots.length;
    },
    release(count) {
      const given = held.splice(0, count);
      if (given.length === 0) return;
      // A failed release is only slower: the slot lapses with its lease.
      store.releaseSlots(name, holder, given).catch((error: unknown) => options.onError?.(error));
    },
  };
}
