// The bulkhead's fair share between clients: who may wait for a slot and who gets a freed one. Pure bookkeeping
// (no timers, no promises), so the policy in bulkhead.ts stays about waiting and the rules here are tested alone.

/** A call waiting for a slot: the client it is for, and its place in arrival order. */
export interface FairWaiter {
  readonly key: string;
  readonly seq: number;
}

export interface FairShare<W extends FairWaiter> {
  /** Waiters of every key. */
  readonly queued: number;
  /** Keys with calls in flight or waiting. */
  readonly activeKeys: number;
  inFlightOf(key: string): number;
  waitingOf(key: string): number;
  /** A call of `key` took a slot. */
  entered(key: string): void;
  /** A call of `key` gave its slot back. */
  left(key: string): void;
  /**
   * Whether a new call of `key` may wait. While the queue has room, yes. When it is full, only if `key` waits for
   * fewer than its share (maxQueue ÷ active keys, at least 1) and another key waits for more: that key's newest
   * waiter is then `evicted` (the caller sheds it) to make room, so one key never fills the whole queue.
   */
  admit(key: string): { admitted: false } | { admitted: true; evicted?: W };
  add(waiter: W): void;
  remove(waiter: W): void;
  /**
   * Takes the waiter a freed slot goes to: the waiting key with the fewest calls in flight; among those, the one
   * that took a slot longest ago (round robin), then the one whose oldest waiter came first. Undefined when nobody
   * waits.
   */
  takeNext(): W | undefined;
}

interface KeyState<W> {
  inFlight: number;
  /** When the key last took a slot, in slots taken by all keys (0: not since it became active). */
  servedAt: number;
  /** Insertion-ordered: oldest first. */
  waiters: Set<W>;
}

export function createFairShare<W extends FairWaiter>(maxQueue: number): FairShare<W> {
  const keys = new Map<string, KeyState<W>>();
  let queued = 0;
  let slotsTaken = 0;
  const stateOf = (key: string) => {
    let state = keys.get(key);
    if (!state) {
      state = { inFlight: 0, servedAt: 0, waiters: new Set() };
      keys.set(key, state);
    }
    return state;
  };
  const forgetIfIdle = (key: string, state: KeyState<W>) => {
    if (state.inFlight === 0 && state.waiters.size === 0) keys.delete(key);
  };
  const newest = (waiters: Set<W>): W | undefined => {
    let last: W | undefined;
    for (const waiter of waiters) last = waiter;
    return last;
  };

  return {
    get queued() {
      return queued;
    },
    get activeKeys() {
      return keys.size;
    },
    inFlightOf: (key) => keys.get(key)?.inFlight ?? 0,
    waitingOf: (key) => keys.get(key)?.waiters.size ?? 0,
    entered(key) {
      const state = stateOf(key);
      state.inFlight++;
      state.servedAt = ++slotsTaken;
    },
    left(key) {
      const state = keys.get(key);
      if (!state) return;
      state.inFlight--;
      forgetIfIdle(key, state);
    },
    admit(key) {
      if (queued < maxQueue) return { admitted: true };
      const activeKeys = keys.size + (keys.has(key) ? 0 : 1);
      const share = Math.max(1, Math.floor(maxQueue / activeKeys));
      const mine = keys.get(key)?.waiters.size ?? 0;
      if (mine >= share) return { admitted: false };
      let greediest: KeyState<W> | undefined;
      for (const state of keys.values()) if (!greediest || state.waiters.size > greediest.waiters.size) greediest = state;
      if (!greediest || greediest.waiters.size <= share) return { admitted: false };
      return { admitted: true, evicted: newest(greediest.waiters) };
    },
    add(waiter) {
      stateOf(waiter.key).waiters.add(waiter);
      queued++;
    },
    remove(waiter) {
      const state = keys.get(waiter.key);
      if (!state?.waiters.delete(waiter)) return;
      queued--;
      forgetIfIdle(waiter.key, state);
    },
    takeNext() {
      let chosen: W | undefined;
      let best: KeyState<W> | undefined;
      for (const state of keys.values()) {
        const oldest = state.waiters.values().next().value;
        if (oldest === undefined) continue;
        if (!best || !chosen || comesFirst(state, oldest, best, chosen)) {
          chosen = oldest;
          best = state;
        }
      }
      if (chosen) {
        keys.get(chosen.key)!.waiters.delete(chosen);
        queued--;
      }
      return chosen;
    },
  };
}

/** Fewest in flight, then served longest ago, then the older waiter. */
function comesFirst<W extends FairWaiter>(state: KeyState<W>, waiter: W, than: KeyState<W>, thanWaiter: W): boolean {
  if (state.inFlight !== than.inFlight) return state.inFlight < than.inFlight;
  if (state.servedAt !== than.servedAt) return state.servedAt < than.servedAt;
  return waiter.seq < thanWaiter.seq;
}
