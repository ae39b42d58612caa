// Takes the next tickets of an upstream from the store, fairly: candidates → pickFairly → guarded lease.
import type { UpstreamName } from '../domain/errors.ts';
import { pickFairly } from './fair.ts';
import type { TicketStore } from './store.ts';
import type { Ticket } from './types.ts';

export interface ClaimOptions {
  /** Lease owner, unique per worker. */
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  /** Per commune, the turn (a growing number) it was last served in; updated with the tickets taken. */
  lastServed: Map<string, number>;
}

/**
 * Leases up to `limit` tickets chosen by `pickFairly`. Another worker may win some of them between the read and
 * the lease; those are simply not returned (the guarded UPDATE refuses them).
 */
export async function claimFairly(store: TicketStore, upstream: UpstreamName, options: ClaimOptions): Promise<Ticket[]> {
  if (options.limit <= 0) return [];
  const candidates = await store.candidates(upstream, options.now, options.limit);
  const chosen = pickFairly(candidates, options.limit, options.lastServed);
  const leased = await store.lease(chosen, options.owner, options.now, options.leaseMs);
  let turn = Math.max(0, ...options.lastServed.values());
  for (const ticket of leased) options.lastServed.set(ticket.communeCode, ++turn);
  return leased;
}
